package slackfake

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// maxAckSize is Slack's limit for a Socket Mode message from the app: 20 KiB or more is
// silently dropped, so the envelope counts as not acknowledged.
const maxAckSize = 20 * 1024

// upgrader accepts any Origin: slack-go dials with "Origin: https://api.slack.com",
// which gorilla's default same-origin check would refuse.
var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// link is one Socket Mode websocket connection.
type link struct {
	id          int
	ws          *websocket.Conn
	connectedAt time.Time

	// writeMu serialises writes (gorilla allows one writer) and orders them against
	// the refreshing flag: once a disconnect is written, no envelope follows it.
	writeMu    sync.Mutex
	refreshing atomic.Bool
	lastPong   atomic.Int64

	closed    chan struct{}
	closeOnce sync.Once
}

// routable reports whether new envelopes may go to this link.
func (l *link) routable() bool {
	select {
	case <-l.closed:
		return false
	default:
		return !l.refreshing.Load()
	}
}

func (l *link) close() {
	l.closeOnce.Do(func() {
		close(l.closed)
		_ = l.ws.Close()
	})
}

// writeJSON writes one text frame; mu must not be held by the caller.
func (l *link) writeJSON(data []byte) error {
	if err := l.ws.SetWriteDeadline(time.Now().Add(5 * time.Second)); err != nil {
		return err
	}
	return l.ws.WriteMessage(websocket.TextMessage, data)
}

// handleLink upgrades a ticketed request from apps.connections.open into a link.
func (s *Server) handleLink(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	valid := s.tickets[ticket]
	delete(s.tickets, ticket)
	disabled := s.linkDisabled
	s.mu.Unlock()
	if !valid || disabled {
		http.Error(w, "invalid or used ticket", http.StatusUnauthorized)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.log.Warn("slackfake: websocket upgrade failed", "err", err)
		return
	}
	ws.SetReadLimit(1 << 20)
	l := &link{ws: ws, connectedAt: time.Now(), closed: make(chan struct{})}
	ws.SetPongHandler(func(string) error {
		l.lastPong.Store(time.Now().UnixNano())
		return nil
	})

	// Hold writeMu while registering so no envelope can overtake the hello.
	l.writeMu.Lock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		l.writeMu.Unlock()
		l.close()
		return
	}
	s.nextLink++
	l.id = s.nextLink
	s.links = append(s.links, l)
	n := len(s.links)
	s.wg.Add(2)
	s.broadcastLocked()
	s.mu.Unlock()

	hello := fmt.Sprintf(`{"type":"hello","num_connections":%d,`+
		`"debug_info":{"host":"fake","approximate_connection_time":18060},"connection_info":{"app_id":%q}}`, n, AppID)
	err = l.writeJSON([]byte(hello))
	l.writeMu.Unlock()
	if err != nil {
		l.close()
	}
	s.log.Info("slackfake: socket mode connection opened", "conn", l.id, "connections", n)

	go func() {
		defer s.wg.Done()
		s.readLoop(l)
	}()
	go func() {
		defer s.wg.Done()
		s.pingLoop(l)
	}()
}

// readLoop receives acks until the connection fails, then forgets the link. Reading
// also processes the client's pongs and close frames.
func (s *Server) readLoop(l *link) {
	defer s.dropLink(l)
	for {
		kind, data, err := l.ws.ReadMessage()
		if err != nil {
			s.log.Debug("slackfake: connection read ended", "conn", l.id, "err", err)
			return
		}
		if kind == websocket.TextMessage {
			s.receiveAck(l, data, time.Now())
		}
	}
}

// pingLoop pings the client: slack-go treats 30 s without a ping as a dead link.
func (s *Server) pingLoop(l *link) {
	t := time.NewTicker(s.cfg.pingInterval)
	defer t.Stop()
	for {
		select {
		case <-l.closed:
			return
		case <-s.done:
			return
		case <-t.C:
			if err := l.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(5*time.Second)); err != nil {
				s.log.Debug("slackfake: ping failed", "conn", l.id, "err", err)
				l.close()
				return
			}
		}
	}
}

func (s *Server) dropLink(l *link) {
	l.close()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.links {
		if x == l {
			s.links = append(s.links[:i], s.links[i+1:]...)
			break
		}
	}
	s.broadcastLocked()
	s.log.Info("slackfake: socket mode connection closed", "conn", l.id, "connections", len(s.links))
}
