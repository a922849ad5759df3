// Package sender is Rapport's one way out to Slack for everything it says on its own:
// scheduled checks, polls, nudges, digests, reminders. Its shape follows a notification
// pipeline: de-duplicate (a business slot claimed once across replicas and restarts), retry
// (Retry-After aware, 5xx backed off), pace, then record. Services call PostOnce; nothing
// else in Rapport claims or completes a slot.
//
// It also answers the one question services ask Slack about people — a user's time zone
// and whether they are still in the workspace — from a cache, with the same retries.
package sender

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/render"
)

// Slots makes an effect happen once per slot across replicas and restarts: Claim before
// sending (false when another run has it or it is done), Complete after, Abandon when the
// send failed so that a later run sends it.
type Slots interface {
	Claim(ctx context.Context, slot string) (bool, error)
	Complete(ctx context.Context, slot string) error
	Abandon(ctx context.Context, slot string) error
}

// Options tune a Sender.
type Options struct {
	// Pace spaces posts (Slack allows about one message per second per conversation, and
	// bursts of DMs go to different ones); zero sends at once.
	Pace time.Duration
	// UserTTL bounds how long a user's zone and status are reused (default one hour).
	UserTTL time.Duration
	// Now is the clock for the user cache (default time.Now).
	Now func() time.Time
	Log *slog.Logger
}

// Transport carries messages to Slack: Slack's Web API in production (SlackAPI), a
// recorder in tests of the services (sendertest).
type Transport interface {
	PostMessage(ctx context.Context, channel string, msg render.Message) (ts string, err error)
	UpdateMessage(ctx context.Context, channel, ts string, msg render.Message) error
	UserInfo(ctx context.Context, userID string) (*slack.User, error)
	// ChannelPrivate reports whether a channel is private (conversations.info).
	ChannelPrivate(ctx context.Context, channel string) (bool, error)
	// ChannelMembers lists a channel's members, every page (conversations.members).
	ChannelMembers(ctx context.Context, channel string) ([]string, error)
}

// SlackAPI is the Transport over a slack-go client.
type SlackAPI struct{ API *slack.Client }

// PostMessage posts with chat.postMessage.
func (a SlackAPI) PostMessage(ctx context.Context, channel string, msg render.Message) (string, error) {
	_, ts, err := a.API.PostMessageContext(ctx, channel, slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks...))
	return ts, err
}

// UpdateMessage redraws with chat.update.
func (a SlackAPI) UpdateMessage(ctx context.Context, channel, ts string, msg render.Message) error {
	_, _, _, err := a.API.UpdateMessageContext(ctx, channel, ts, slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks...))
	return err
}

// UserInfo reads users.info.
func (a SlackAPI) UserInfo(ctx context.Context, userID string) (*slack.User, error) {
	return a.API.GetUserInfoContext(ctx, userID)
}

// ChannelPrivate reads conversations.info.
func (a SlackAPI) ChannelPrivate(ctx context.Context, channel string) (bool, error) {
	ch, err := a.API.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: channel})
	if err != nil {
		return false, err
	}
	return ch.IsPrivate, nil
}

// ChannelMembers reads every page of conversations.members.
func (a SlackAPI) ChannelMembers(ctx context.Context, channel string) ([]string, error) {
	var all []string
	cursor := ""
	for {
		ids, next, err := a.API.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: channel, Cursor: cursor, Limit: 1000})
		if err != nil {
			return nil, err
		}
		all = append(all, ids...)
		if next == "" {
			return all, nil
		}
		cursor = next
	}
}

// Sender posts to Slack once per slot, with retries and pacing.
type Sender struct {
	api   Transport
	slots Slots
	opts  Options

	mu       sync.Mutex
	lastPost time.Time

	usersMu sync.Mutex
	users   map[string]cachedUser

	channelsMu sync.Mutex
	channels   map[string]cachedChannel
}

type cachedChannel struct {
	private bool
	members map[string]bool
	at      time.Time
}

// ErrChannelNotVisible: Slack does not show the bot the channel: a private channel it has
// not been invited to, or no channel at all. ChannelAccess then reports it as private with
// no members.
var ErrChannelNotVisible = errors.New("the channel is not visible to Rapport")

// ChannelTTL bounds how long a channel's privacy and members are reused: long enough that
// a busy list costs one read, short enough that someone removed from a private channel
// loses sight of its campaigns within the minute.
const ChannelTTL = time.Minute

type cachedUser struct {
	user User
	at   time.Time
}

// New returns a Sender posting through t and de-duplicating with slots.
func New(t Transport, slots Slots, opts Options) *Sender {
	if opts.UserTTL <= 0 {
		opts.UserTTL = time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Sender{api: t, slots: slots, opts: opts, users: map[string]cachedUser{}, channels: map[string]cachedChannel{}}
}

// PostOnce posts msg to channel unless slot was already sent, then calls record (when not
// nil) with the message's timestamp. It reports whether this call sent it. A failed post
// releases the slot, so the next run retries: a message held back by rate limits or an
// outage is late, never lost. Once the message is out the slot is completed even if record
// fails — a failed record is returned, but the message is never sent twice.
func (s *Sender) PostOnce(ctx context.Context, slot, channel string, msg render.Message, record func(ctx context.Context, ts string) error) (bool, error) {
	return s.PostOnceFrom(ctx, slot, channel, func(context.Context) (render.Message, error) { return msg, nil }, record)
}

// PostOnceFrom is PostOnce for a message that is costly to build (a digest of the whole
// roster): build runs only once the slot is claimed. A build error releases the slot.
func (s *Sender) PostOnceFrom(ctx context.Context, slot, channel string, build func(ctx context.Context) (render.Message, error), record func(ctx context.Context, ts string) error) (bool, error) {
	ok, err := s.slots.Claim(ctx, slot)
	if err != nil {
		return false, fmt.Errorf("claim %s: %w", slot, err)
	}
	if !ok {
		return false, nil
	}
	msg, err := build(ctx)
	if err != nil {
		return false, errors.Join(fmt.Errorf("build %s: %w", slot, err), s.slots.Abandon(ctx, slot))
	}
	ts, err := s.Post(ctx, channel, msg)
	if err != nil {
		return false, errors.Join(fmt.Errorf("post %s: %w", slot, err), s.slots.Abandon(ctx, slot))
	}
	var recErr error
	if record != nil {
		if recErr = record(ctx, ts); recErr != nil {
			recErr = fmt.Errorf("record %s: %w", slot, recErr)
		}
	}
	return true, errors.Join(recErr, s.slots.Complete(ctx, slot))
}

// Post posts msg to channel (a channel or user ID) now, paced and retried, and returns its
// timestamp. It is for answers to a person's own action; scheduled messages use PostOnce.
func (s *Sender) Post(ctx context.Context, channel string, msg render.Message) (string, error) {
	if err := s.pace(ctx); err != nil {
		return "", err
	}
	var ts string
	err := Retry(ctx, func() error {
		var err error
		ts, err = s.api.PostMessage(ctx, channel, msg)
		return err
	})
	return ts, err
}

// Update redraws a posted message, retried.
func (s *Sender) Update(ctx context.Context, channel, ts string, msg render.Message) error {
	return Retry(ctx, func() error { return s.api.UpdateMessage(ctx, channel, ts, msg) })
}

func (s *Sender) pace(ctx context.Context) error {
	if s.opts.Pace <= 0 {
		return nil
	}
	s.mu.Lock()
	wait := s.opts.Pace - time.Since(s.lastPost)
	s.lastPost = time.Now().Add(max(wait, 0))
	s.mu.Unlock()
	if wait <= 0 {
		return nil
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// User is what Rapport needs to know about a Slack user.
type User struct {
	// TZ is the user's time zone; nil when Slack does not say.
	TZ *time.Location
	// Deleted is true when the user has left the workspace, or is unknown to it.
	Deleted bool
	// Unknown is true when Slack does not know the user at all (user_not_found).
	Unknown bool
	// Bot is true for bot users.
	Bot bool
}

// Zone is the user's time zone, or UTC.
func (u User) Zone() *time.Location {
	if u.TZ == nil {
		return time.UTC
	}
	return u.TZ
}

// User reads a user from users.info, cached for Options.UserTTL and retried on rate
// limits: nudge planning, cards and forms ask about the same few people again and again.
// A user Slack does not know, or whose account is inactive, is Deleted without an error.
func (s *Sender) User(ctx context.Context, userID string) (User, error) {
	now := s.opts.Now()
	s.usersMu.Lock()
	c, ok := s.users[userID]
	s.usersMu.Unlock()
	if ok && now.Sub(c.at) < s.opts.UserTTL && !now.Before(c.at) {
		return c.user, nil
	}
	var info *slack.User
	err := Retry(ctx, func() error {
		var err error
		info, err = s.api.UserInfo(ctx, userID)
		return err
	})
	var u User
	var se slack.SlackErrorResponse
	switch {
	case errors.As(err, &se) && se.Err == "user_not_found":
		u.Deleted, u.Unknown = true, true
	case errors.As(err, &se) && se.Err == "account_inactive":
		u.Deleted = true
	case err != nil:
		return User{}, fmt.Errorf("users.info %s: %w", userID, err)
	default:
		u.Deleted, u.Bot = info.Deleted, info.IsBot
		if loc, err := time.LoadLocation(info.TZ); err == nil && info.TZ != "" {
			u.TZ = loc
		}
	}
	s.usersMu.Lock()
	s.users[userID] = cachedUser{user: u, at: now}
	s.usersMu.Unlock()
	return u, nil
}

// Zone is the user's time zone from Slack, or UTC when unknown or unreadable.
func (s *Sender) Zone(ctx context.Context, userID string) *time.Location {
	u, err := s.User(ctx, userID)
	if err != nil {
		s.opts.Log.Warn("user zone unavailable; using UTC", "user", userID, "err", err)
	}
	return u.Zone()
}

// ChannelAccess reports whether channel is private and, for a private one, whether userID
// is a member of it (conversations.info and conversations.members, cached for ChannelTTL
// per channel). For a public channel member is false: nothing there is hidden.
func (s *Sender) ChannelAccess(ctx context.Context, channel, userID string) (private, member bool, err error) {
	now := s.opts.Now()
	s.channelsMu.Lock()
	c, ok := s.channels[channel]
	s.channelsMu.Unlock()
	if !ok || now.Sub(c.at) >= ChannelTTL || now.Before(c.at) {
		c = cachedChannel{at: now}
		if err := Retry(ctx, func() error {
			var err error
			c.private, err = s.api.ChannelPrivate(ctx, channel)
			return err
		}); err != nil {
			var se slack.SlackErrorResponse
			if errors.As(err, &se) && se.Err == "channel_not_found" {
				// A private channel the bot is not in (or none at all): treat it as
				// private with no members, and say why.
				return true, false, fmt.Errorf("%w: %w", ErrChannelNotVisible, err)
			}
			return false, false, fmt.Errorf("conversations.info %s: %w", channel, err)
		}
		// Members matter only for a private channel (a public one hides nothing): a large
		// public channel costs one call, not a page of members per thousand.
		var ids []string
		if c.private {
			if err := Retry(ctx, func() error {
				var err error
				ids, err = s.api.ChannelMembers(ctx, channel)
				return err
			}); err != nil {
				return false, false, fmt.Errorf("conversations.members %s: %w", channel, err)
			}
		}
		c.members = make(map[string]bool, len(ids))
		for _, id := range ids {
			c.members[id] = true
		}
		s.channelsMu.Lock()
		s.channels[channel] = c
		s.channelsMu.Unlock()
	}
	return c.private, c.members[userID], nil
}

// maxAttempts bounds retries of one Slack call on rate limits and 5xx.
const maxAttempts = 5

// Retry calls fn until it succeeds, fails for good, or ctx ends. It honours Retry-After on
// HTTP 429, treats HTTP-200 "ratelimited" answers the same way, and backs off on 5xx.
func Retry(ctx context.Context, fn func() error) error {
	var err error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		err = fn()
		if err == nil {
			return nil
		}
		wait, retryable := retryDelay(err, attempt)
		if !retryable {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w (while waiting to retry: %w)", ctx.Err(), err)
		case <-t.C:
		}
	}
	return err
}

func retryDelay(err error, attempt int) (time.Duration, bool) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return max(rl.RetryAfter, time.Second), true
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && (se.Err == "ratelimited" || se.Err == "rate_limited") {
		return time.Duration(attempt) * time.Second, true
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code >= 500 {
		return time.Duration(attempt) * 500 * time.Millisecond, true
	}
	return 0, false
}
