package slackfake

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gorilla/websocket"
)

// pickLinkLocked chooses the connection for a new envelope: round robin over open
// connections that are not refreshing. Like Slack, it never queues: no candidate means
// the envelope fails.
func (s *Server) pickLinkLocked() (*link, error) {
	var routable []*link
	for _, l := range s.links {
		if l.routable() {
			routable = append(routable, l)
		}
	}
	if len(routable) == 0 {
		return nil, ErrNoConnection
	}
	s.roundRobin++
	return routable[s.roundRobin%len(routable)], nil
}

func (s *Server) routableLocked() int {
	n := 0
	for _, l := range s.links {
		if l.routable() {
			n++
		}
	}
	return n
}

// Connections is the number of open connections that can receive new envelopes
// (refreshing ones excluded).
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.routableLocked()
}

// WaitConnections waits until at least n connections can receive envelopes.
func (s *Server) WaitConnections(ctx context.Context, n int) error {
	ctx, cancel := s.withDefaultTimeout(ctx)
	defer cancel()
	if err := s.waitFor(ctx, func() bool { return s.routableLocked() >= n }); err != nil {
		return fmt.Errorf("waiting for %d socket mode connections: %w", n, err)
	}
	return nil
}

// WaitConnectionsAtMost waits until at most n connections can receive envelopes: a
// client that stopped has closed its connections, and the server has seen them close, so
// nothing new is routed to them.
func (s *Server) WaitConnectionsAtMost(ctx context.Context, n int) error {
	ctx, cancel := s.withDefaultTimeout(ctx)
	defer cancel()
	if err := s.waitFor(ctx, func() bool { return s.routableLocked() <= n }); err != nil {
		return fmt.Errorf("waiting for at most %d socket mode connections: %w", n, err)
	}
	return nil
}

// Disconnect does to one connection (the oldest routable one) what Slack does before
// it recycles a connection: it sends {"type":"disconnect","reason":…}, routes nothing
// new to it, and closes it after the refresh grace or when the client goes first.
// Use reason "refresh_requested" for Slack's periodic refresh. It returns the
// connection's ID (see Envelope.ConnID).
func (s *Server) Disconnect(reason string) (int, error) {
	s.mu.Lock()
	var target *link
	for _, l := range s.links {
		if l.routable() {
			target = l
			break
		}
	}
	s.mu.Unlock()
	if target == nil {
		return 0, ErrNoConnection
	}
	s.disconnect(target, reason)
	return target.id, nil
}

// DisconnectAll sends a disconnect with reason to every connection and returns how
// many there were.
func (s *Server) DisconnectAll(reason string) int {
	s.mu.Lock()
	links := append([]*link(nil), s.links...)
	s.mu.Unlock()
	n := 0
	for _, l := range links {
		if l.routable() {
			s.disconnect(l, reason)
			n++
		}
	}
	return n
}

// RefreshAll asks every connection to refresh at once: a storm in which, with no
// spare connection, commands fail until the clients reconnect.
func (s *Server) RefreshAll() int { return s.DisconnectAll("refresh_requested") }

func (s *Server) disconnect(l *link, reason string) {
	msg, err := json.Marshal(map[string]any{
		"type":       "disconnect",
		"reason":     reason,
		"debug_info": map[string]any{"host": "fake"},
	})
	if err != nil {
		return
	}
	l.writeMu.Lock()
	l.refreshing.Store(true)
	err = l.writeJSON(msg)
	l.writeMu.Unlock()

	s.mu.Lock()
	s.broadcastLocked()
	s.mu.Unlock()
	s.log.Info("slackfake: disconnect sent", "conn", l.id, "reason", reason, "err", err)
	if err != nil {
		l.close()
		return
	}
	s.spawn(func() {
		t := time.NewTimer(s.cfg.refreshGrace)
		defer t.Stop()
		select {
		case <-t.C:
			_ = l.ws.WriteControl(websocket.CloseMessage,
				websocket.FormatCloseMessage(websocket.CloseGoingAway, reason), time.Now().Add(time.Second))
		case <-l.closed:
		case <-s.done:
		}
		l.close()
	})
}

// DisableLink models an admin turning Socket Mode off: every connection gets a
// disconnect with reason "link_disabled", and apps.connections.open answers
// link_disabled until EnableLink.
func (s *Server) DisableLink() {
	s.mu.Lock()
	s.linkDisabled = true
	s.mu.Unlock()
	s.DisconnectAll("link_disabled")
}

// EnableLink undoes DisableLink.
func (s *Server) EnableLink() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.linkDisabled = false
}

// RevokeAppToken makes apps.connections.open answer invalid_auth, which slack-go treats
// as fatal. Open connections stay up, as they do in Slack until their next refresh.
func (s *Server) RevokeAppToken() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.appTokenRevoked = true
}

// RevokeBotToken makes every method that needs the bot token answer token_revoked.
func (s *Server) RevokeBotToken() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.botTokenRevoked = true
}

// ConnInfo describes one open Socket Mode connection.
type ConnInfo struct {
	ID          int
	ConnectedAt time.Time
	Refreshing  bool
	LastPong    time.Time // zero until the client answered a ping
}

// Conns lists the open connections, oldest first, refreshing ones included.
func (s *Server) Conns() []ConnInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ConnInfo, 0, len(s.links))
	for _, l := range s.links {
		info := ConnInfo{ID: l.id, ConnectedAt: l.connectedAt, Refreshing: l.refreshing.Load()}
		if ns := l.lastPong.Load(); ns != 0 {
			info.LastPong = time.Unix(0, ns)
		}
		out = append(out, info)
	}
	return out
}
