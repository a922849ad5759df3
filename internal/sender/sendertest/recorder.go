// Package sendertest records what the services would say in Slack, for their tests: a
// sender.Transport that keeps every message in memory, can fail on demand, and knows the
// users it is told about.
package sendertest

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/render"
)

// Sent is one recorded message.
type Sent struct {
	Channel string
	TS      string
	Msg     render.Message
	// Updated counts redraws of the message (chat.update).
	Updated int
}

// Recorder is a sender.Transport that records. The zero Recorder is ready; set Users before
// use to answer users.info.
type Recorder struct {
	mu    sync.Mutex
	sent  []Sent
	fails int
	// Users answers users.info by user ID; an unknown user is user_not_found. When Users is
	// nil, every user is a person present in the workspace, in UTC.
	Users map[string]slack.User
	// Channels answers conversations.info and conversations.members: channel ID → its
	// members; a channel listed here is private. Channels not listed are public, with no
	// members.
	Channels map[string][]string
}

// ChannelPrivate answers from Channels.
func (r *Recorder) ChannelPrivate(_ context.Context, channel string) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.Channels[channel]
	return ok, nil
}

// ChannelMembers answers from Channels.
func (r *Recorder) ChannelMembers(_ context.Context, channel string) ([]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.Channels[channel]...), nil
}

// FailNext makes the next n posts fail, as Slack does under a 429 storm that outlasts the
// retries.
func (r *Recorder) FailNext(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fails = n
}

// PostMessage records msg.
func (r *Recorder) PostMessage(_ context.Context, channel string, msg render.Message) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fails > 0 {
		r.fails--
		return "", slack.SlackErrorResponse{Err: "channel_not_found"}
	}
	ts := "1700000000." + strconv.Itoa(100000+len(r.sent))
	r.sent = append(r.sent, Sent{Channel: channel, TS: ts, Msg: msg})
	return ts, nil
}

// UpdateMessage records a redraw of a recorded message.
func (r *Recorder) UpdateMessage(_ context.Context, channel, ts string, msg render.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.sent {
		if r.sent[i].Channel == channel && r.sent[i].TS == ts {
			r.sent[i].Msg = msg
			r.sent[i].Updated++
			return nil
		}
	}
	return fmt.Errorf("update %s/%s: %w", channel, ts, slack.SlackErrorResponse{Err: "message_not_found"})
}

// UserInfo answers from Users.
func (r *Recorder) UserInfo(_ context.Context, userID string) (*slack.User, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Users == nil {
		return &slack.User{ID: userID, TZ: "UTC"}, nil
	}
	u, ok := r.Users[userID]
	if !ok {
		return nil, slack.SlackErrorResponse{Err: "user_not_found"}
	}
	return &u, nil
}

// Sent returns a copy of everything posted so far, in order.
func (r *Recorder) Sent() []Sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Sent(nil), r.sent...)
}

// To returns what was posted to channel, in order.
func (r *Recorder) To(channel string) []Sent {
	var out []Sent
	for _, s := range r.Sent() {
		if s.Channel == channel {
			out = append(out, s)
		}
	}
	return out
}
