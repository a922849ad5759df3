package slackfake

import (
	"encoding/json"
	"slices"
	"time"
)

// storedMessage is the live state of a message in a channel, which chat.update and
// replace_original change in place; the recording keeps every step.
type storedMessage struct {
	msg       Message
	ephemeral bool
	deleted   bool
}

func msgKey(channel, ts string) string { return channel + "/" + ts }

// recordLocked appends m to the recording and hands it to subscribers.
func (s *Server) recordLocked(m Message) Message {
	m.Seq = len(s.messages) + 1
	m.At = time.Now()
	s.messages = append(s.messages, &entry[Message]{item: m})
	for f := range s.messageFeeds {
		f.push(m)
	}
	s.broadcastLocked()
	s.log.Debug("slackfake: message recorded", "kind", m.Kind, "channel", m.Channel, "user", m.User, "ts", m.TS)
	return m
}

// storeLocked makes m the live content of its (channel, ts).
func (s *Server) storeLocked(m Message, ephemeral bool) {
	s.current[msgKey(m.Channel, m.TS)] = &storedMessage{msg: m, ephemeral: ephemeral}
}

// recordViewLocked snapshots v for ExpectView and view subscribers.
func (s *Server) recordViewLocked(v *View) {
	v.At = time.Now()
	v.Seq = len(s.viewEvents) + 1
	snap := *v
	s.viewEvents = append(s.viewEvents, &entry[View]{item: snap})
	for f := range s.viewFeeds {
		f.push(snap)
	}
	s.broadcastLocked()
}

func (s *Server) rejectLocked(method, code string, errs []string, payload json.RawMessage) {
	s.rejections = append(s.rejections, Rejection{Method: method, Code: code, Errors: errs, Payload: payload, At: time.Now()})
	s.broadcastLocked()
	s.log.Warn("slackfake: payload rejected", "method", method, "code", code, "errors", errs)
}

// Messages returns every recorded message in order, consumed or not.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.messages))
	for i, e := range s.messages {
		out[i] = e.item
	}
	return out
}

// Lookup returns the live content of the message at (channel, ts), after any updates.
func (s *Server) Lookup(channel, ts string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sm, ok := s.current[msgKey(channel, ts)]
	if !ok || sm.deleted {
		return Message{}, false
	}
	return sm.msg, true
}

// Recorded returns how many messages and view changes have been recorded so far: the
// highest Seq of each. A subscriber that has received those Seqs has caught up, with no
// guessing about whether more is still on its way through the feed.
func (s *Server) Recorded() (messages, views int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.messages), len(s.viewEvents)
}

// Rejections returns every payload refused for its content. A healthy test ends with
// none.
func (s *Server) Rejections() []Rejection {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Rejection(nil), s.rejections...)
}

// Views returns the current state of every view, in creation order.
func (s *Server) Views() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]View, 0, len(s.viewOrder))
	for _, id := range s.viewOrder {
		out = append(out, *s.views[id])
	}
	return out
}

// View returns the current state of one view.
func (s *Server) View(id string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.views[id]
	if !ok {
		return View{}, false
	}
	return *v, true
}

// Files returns every file whose upload was started, in order.
func (s *Server) Files() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]File, 0, len(s.fileOrder))
	for _, id := range s.fileOrder {
		f := *s.files[id]
		f.Bytes = slices.Clone(f.Bytes)
		out = append(out, f)
	}
	return out
}

// Calls returns how many times a Web API method was called, including refused and
// rate-limited calls.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// Subscribe delivers every message recorded from now on, in order. The queue is
// unbounded, so a slow reader never stalls the fake; call the returned func to stop.
// The channel is closed after unsubscribing or Close.
func (s *Server) Subscribe() (<-chan Message, func()) {
	return subscribe(s, s.messageFeeds)
}

// SubscribeViews delivers a snapshot of a view every time one is opened, pushed,
// published, updated or closed.
func (s *Server) SubscribeViews() (<-chan View, func()) {
	return subscribe(s, s.viewFeeds)
}
