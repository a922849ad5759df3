package slackfake

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Server is a fake Slack workspace with its Web API and Socket Mode endpoint. All
// methods are safe for concurrent use. Create it with New and stop it with Close.
type Server struct {
	cfg  config
	log  *slog.Logger
	http *httptest.Server
	api  map[string]apiMethod

	done      chan struct{}
	closeOnce sync.Once
	wg        sync.WaitGroup

	// mu guards everything below. Lock order: a link's writeMu may be held while
	// taking mu, never the reverse.
	mu      sync.Mutex
	closed  bool
	changed chan struct{} // closed and replaced whenever recorded state changes
	seq     int
	lastTS  int64

	users    map[string]User
	channels map[string]Channel
	dms      map[string]string // DM channel ID → user ID

	appTokenRevoked bool
	botTokenRevoked bool
	linkDisabled    bool
	tickets         map[string]bool
	links           []*link
	nextLink        int
	roundRobin      int

	sent         map[string]*envelopeState
	eventTries   map[string]int // event_id → highest retry_attempt sent
	envelopes    []Envelope
	acks         []Ack
	rejections   []Rejection
	faults       map[string]*fault
	calls        map[string]int
	responses    map[string]*responseHook
	triggers     map[string]*trigger
	messages     []*entry[Message]
	current      map[string]*storedMessage // channel/ts → live content
	views        map[string]*View
	viewOrder    []string
	viewEvents   []*entry[View]
	files        map[string]*File
	fileOrder    []string
	messageFeeds map[*feed[Message]]struct{}
	viewFeeds    map[*feed[View]]struct{}
}

// New starts a fake Slack on a loopback port.
func New(opts ...Option) *Server {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		cfg:          cfg,
		log:          cfg.logger,
		done:         make(chan struct{}),
		changed:      make(chan struct{}),
		users:        map[string]User{},
		channels:     map[string]Channel{},
		dms:          map[string]string{},
		tickets:      map[string]bool{},
		sent:         map[string]*envelopeState{},
		eventTries:   map[string]int{},
		faults:       map[string]*fault{},
		calls:        map[string]int{},
		responses:    map[string]*responseHook{},
		triggers:     map[string]*trigger{},
		current:      map[string]*storedMessage{},
		views:        map[string]*View{},
		files:        map[string]*File{},
		messageFeeds: map[*feed[Message]]struct{}{},
		viewFeeds:    map[*feed[View]]struct{}{},
	}
	s.users[BotUserID] = User{ID: BotUserID, Name: "rapport", RealName: "Rapport", TZ: "UTC", IsBot: true}
	for _, u := range cfg.users {
		s.users[u.ID] = u
	}
	for _, c := range cfg.channels {
		s.channels[c.ID] = c
	}
	s.api = s.apiMethods()

	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.handleAPI)
	mux.HandleFunc("/link/", s.handleLink)
	mux.HandleFunc("/response/", s.handleResponseURL)
	mux.HandleFunc("/upload/", s.handleUpload)
	s.http = httptest.NewServer(mux)
	return s
}

// URL is the fake's base URL, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return s.http.URL }

// APIURL is the Web API base to pass to slack.OptionAPIURL; it ends in "/api/" because
// slack-go appends method names to it verbatim.
func (s *Server) APIURL() string { return s.http.URL + "/api/" }

func (s *Server) wsURL() string { return "ws" + strings.TrimPrefix(s.http.URL, "http") }

// Close closes every websocket, stops the HTTP server and waits for the fake's
// goroutines. Callers blocked in driver or Expect calls return ErrClosed.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		links := append([]*link(nil), s.links...)
		s.mu.Unlock()
		close(s.done)
		for _, l := range links {
			l.close()
		}
		s.http.Close()
		s.wg.Wait()
	})
}

// spawn runs f on a goroutine Close waits for; it refuses once Close has begun.
func (s *Server) spawn(f func()) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Go(f)
	return true
}

// broadcastLocked wakes every waiter; call with mu held after changing state.
func (s *Server) broadcastLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor blocks until check, called with mu held, returns true.
func (s *Server) waitFor(ctx context.Context, check func() bool) error {
	for {
		s.mu.Lock()
		if check() {
			s.mu.Unlock()
			return nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.done:
			return ErrClosed
		}
	}
}

// withDefaultTimeout bounds ctx by the expect timeout unless it already has a deadline.
func (s *Server) withDefaultTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, s.cfg.expectTimeout)
}

// sleep waits d unless ctx ends or the server closes.
func (s *Server) sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.done:
		return ErrClosed
	}
}
