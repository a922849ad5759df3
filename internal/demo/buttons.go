package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/rapport-bot/rapport/internal/slackfake"
)

// screen is what the console has shown: every message still on screen in its latest
// version, with the buttons that version numbered. Numbers press the buttons of the most
// recently shown message that the current user can see and that has buttons, so a DM to
// someone else or a message whose buttons were removed never catches a number.
type screen struct {
	msgs    map[string]*shownMessage // by channel/ts
	order   int                      // counts shows, to order msgs
	printed map[int]bool             // message Seqs already printed
}

// shownMessage is one message as last shown.
type shownMessage struct {
	// origin is the message as first posted: its kind and user say who can see it, which
	// updates do not change.
	origin  slackfake.Message
	current slackfake.Message
	buttons []Button
	// gone are buttons earlier versions had and the current one has not (a closed poll's
	// votes), so pressing one by label can say what became of it.
	gone  []Button
	order int
}

func messageKey(m slackfake.Message) string { return m.Channel + "/" + m.TS }

// visible reports whether user sees m, and so may press its buttons.
func visible(origin slackfake.Message, user string) bool {
	switch origin.Kind {
	case slackfake.KindDM, slackfake.KindEphemeral:
		return origin.User == user
	case slackfake.KindResponse:
		return origin.User == user || origin.ResponseType == "in_channel"
	case slackfake.KindUpdate:
		// The original is unknown: an update of a DM still names its partner.
		return origin.User == "" || origin.User == user
	}
	return true
}

// target is the message numbers press for the current user, nil when none has buttons.
func (c *Console) target() *shownMessage {
	var best *shownMessage
	for _, sm := range c.screen.msgs {
		if len(sm.buttons) > 0 && visible(sm.origin, c.as.ID) && (best == nil || sm.order > best.order) {
			best = sm
		}
	}
	return best
}

// show prints one message once, with where it went, numbers its buttons and says who can
// press them.
func (c *Console) show(m slackfake.Message) {
	if c.screen.printed[m.Seq] {
		return
	}
	c.screen.printed[m.Seq] = true
	before := c.target()
	fmt.Fprintf(c.Out, "\n  ┌─ %s\n", c.where(m))
	if m.DeleteOriginal {
		fmt.Fprintln(c.Out, "  (message deleted)")
		delete(c.screen.msgs, messageKey(m))
	} else {
		c.display(m)
	}
	after := c.target()
	sm := c.screen.msgs[messageKey(m)]
	switch {
	case sm != nil && len(sm.buttons) > 0 && sm == after:
		fmt.Fprintln(c.Out, "  (type a number to press a button)")
	case sm != nil && len(sm.buttons) > 0:
		owner := c.name(sm.origin.User)
		fmt.Fprintf(c.Out, "  (buttons for @%s: :as %s to use them)\n", owner, owner)
	case before != nil && before != after && messageKey(before.current) == messageKey(m):
		if after == nil {
			fmt.Fprintf(c.Out, "  (its buttons are gone; no buttons on screen for @%s)\n", c.as.Name)
		} else {
			c.tellButtons("(its buttons are gone) buttons now")
		}
	}
}

// display prints m's content and makes it the latest version of its message on screen.
func (c *Console) display(m slackfake.Message) {
	r := c.renderer()
	var sb strings.Builder
	if len(m.Blocks) > 0 && string(m.Blocks) != "null" {
		r.render(&sb, m.Blocks)
	} else {
		writeIndented(&sb, r.text(textObj{Type: "mrkdwn", Text: m.Text}), "  ")
	}
	fmt.Fprint(c.Out, sb.String())
	if m.TS == "" {
		return
	}
	key := messageKey(m)
	sm, ok := c.screen.msgs[key]
	if !ok {
		origin := m
		if m.Kind == slackfake.KindUpdate || m.ReplaceOriginal {
			// First seen as a change: the live message still has its original kind.
			if live, found := c.Slack.Lookup(m.Channel, m.TS); found {
				origin = live
			}
		}
		sm = &shownMessage{origin: origin}
		c.screen.msgs[key] = sm
	}
	c.screen.order++
	sm.gone = slices.DeleteFunc(sm.gone, func(b Button) bool { return slices.ContainsFunc(r.buttons, b.same) })
	for _, b := range sm.buttons {
		if !slices.ContainsFunc(r.buttons, b.same) && !slices.ContainsFunc(sm.gone, b.same) {
			sm.gone = append(sm.gone, b)
		}
	}
	sm.current, sm.buttons, sm.order = m, r.buttons, c.screen.order
}

// same reports whether x is b: the same element with the same label and value.
func (b Button) same(x Button) bool {
	return x.ActionID == b.ActionID && x.BlockID == b.BlockID && x.Value == b.Value && x.Label == b.Label
}

// tellButtons says which buttons numbers press now.
func (c *Console) tellButtons(lead string) {
	t := c.target()
	if t == nil {
		fmt.Fprintf(c.Out, "  no buttons on screen for @%s\n", c.as.Name)
		return
	}
	fmt.Fprintf(c.Out, "  %s: %s — %s\n", lead, buttonList(t.buttons), c.describe(t))
}

func buttonList(bs []Button) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = fmt.Sprintf("[%d] %s", b.Number, b.Label)
		if b.PicksUser {
			parts[i] += " (@name)"
		}
	}
	return strings.Join(parts, " · ")
}

// describe names a message for the user: where it is and how it begins.
func (c *Console) describe(sm *shownMessage) string {
	o := sm.origin
	var where string
	switch {
	case o.Kind == slackfake.KindDM:
		where = "on Rapport's direct message to @" + c.name(o.User)
	case o.Kind == slackfake.KindEphemeral || (o.Kind == slackfake.KindResponse && o.ResponseType != "in_channel"):
		where = "on the message only @" + c.name(o.User) + " sees in #" + c.channelName(o.Channel)
	default:
		where = "on Rapport's message in #" + c.channelName(o.Channel)
	}
	first, _, _ := strings.Cut(c.renderer().text(textObj{Type: "mrkdwn", Text: sm.current.Text}), "\n")
	if first = strings.TrimSpace(first); first == "" {
		return where
	}
	const most = 60
	if utf8.RuneCountInString(first) > most {
		first = string([]rune(first)[:most-1]) + "…"
	}
	return where + " (“" + first + "”)"
}

// where says how a message reached Slack and who sees it.
func (c *Console) where(m slackfake.Message) string {
	switch m.Kind {
	case slackfake.KindResponse:
		if m.ResponseType == "in_channel" {
			return "in #" + c.channelName(m.Channel) + " (shared with the channel)"
		}
		if m.ReplaceOriginal {
			return "replaced in place, only visible to @" + c.name(m.User)
		}
		return "only visible to @" + c.name(m.User)
	case slackfake.KindEphemeral:
		return "only visible to @" + c.name(m.User) + " in #" + c.channelName(m.Channel)
	case slackfake.KindDM:
		return "direct message from Rapport to @" + c.name(m.User)
	case slackfake.KindUpdate:
		if m.User != "" {
			return "message updated in place (direct message to @" + c.name(m.User) + ")"
		}
		return "message updated in place in #" + c.channelName(m.Channel)
	case slackfake.KindFile:
		return "file shared in #" + c.channelName(m.Channel)
	}
	return "Rapport in #" + c.channelName(m.Channel)
}

// pressNumber presses button n of the message numbers refer to for the current user.
func (c *Console) pressNumber(ctx context.Context, n int, arg string) {
	c.catchUp(ctx) // a change that arrived while the user typed counts
	t := c.target()
	switch {
	case t == nil:
		fmt.Fprintf(c.Out, "  there are no buttons on screen for @%s\n", c.as.Name)
		return
	case n < 1 || n > len(t.buttons):
		fmt.Fprintf(c.Out, "  there is no button %d; the buttons are %s — %s\n", n, buttonList(t.buttons), c.describe(t))
		return
	}
	c.press(ctx, t, t.buttons[n-1], arg)
}

// pressLabel presses the button with the given label (exact, else a unique start of one,
// ignoring case) on the most recent message the current user can see that has one. A
// trailing @user answers a user picker.
func (c *Console) pressLabel(ctx context.Context, args string) {
	label, arg := args, ""
	if i := strings.LastIndex(args, " @"); i >= 0 && !strings.Contains(args[i+2:], " ") {
		label, arg = strings.TrimSpace(args[:i]), args[i+1:]
	}
	if label == "" {
		fmt.Fprintln(c.Out, "  :press needs a button's label, e.g. :press Go")
		return
	}
	c.catchUp(ctx)
	for _, match := range []func(string) bool{
		func(l string) bool { return strings.EqualFold(l, label) },
		func(l string) bool { return strings.HasPrefix(strings.ToLower(l), strings.ToLower(label)) },
	} {
		sm, found := c.withLabel(match)
		switch {
		case len(found) == 1:
			c.press(ctx, sm, found[0], arg)
			return
		case len(found) > 1:
			fmt.Fprintf(c.Out, "  %q fits %d buttons: %s — %s; type the number instead\n", label, len(found), buttonList(found), c.describe(sm))
			return
		}
	}
	if sm, b, ok := c.goneButton(label); ok {
		fmt.Fprintf(c.Out, "  %s is no longer there: the message changed after it was shown. It now reads:\n", b.Label)
		c.display(sm.current)
		c.tellButtons("buttons now")
		return
	}
	fmt.Fprintf(c.Out, "  no button %q on a message @%s can see\n", label, c.as.Name)
}

// goneButton finds the most recent message visible to the current user that used to have
// a button with that label (or a start of it).
func (c *Console) goneButton(label string) (*shownMessage, Button, bool) {
	var best *shownMessage
	var found Button
	for _, sm := range c.screen.msgs {
		if !visible(sm.origin, c.as.ID) || (best != nil && sm.order < best.order) {
			continue
		}
		for _, b := range sm.gone {
			if strings.HasPrefix(strings.ToLower(b.Label), strings.ToLower(label)) {
				best, found = sm, b
				break
			}
		}
	}
	return best, found, best != nil
}

// withLabel finds the most recent message visible to the current user with buttons whose
// labels match, and those buttons.
func (c *Console) withLabel(match func(label string) bool) (*shownMessage, []Button) {
	var best *shownMessage
	var found []Button
	for _, sm := range c.screen.msgs {
		if !visible(sm.origin, c.as.ID) || (best != nil && sm.order < best.order) {
			continue
		}
		var bs []Button
		for _, b := range sm.buttons {
			if match(b.Label) {
				bs = append(bs, b)
			}
		}
		if len(bs) > 0 {
			best, found = sm, bs
		}
	}
	return best, found
}

// press clicks b on sm's live version. A button the message no longer has (it changed
// after it was shown) is answered in words, with the message as it is now.
func (c *Console) press(ctx context.Context, sm *shownMessage, b Button, arg string) {
	live, ok := c.Slack.Lookup(sm.current.Channel, sm.current.TS)
	if !ok {
		delete(c.screen.msgs, messageKey(sm.current))
		fmt.Fprintf(c.Out, "  [%d] %s is gone: the message was deleted\n", b.Number, b.Label)
		return
	}
	if !hasButton(live, b) {
		fmt.Fprintf(c.Out, "  [%d] %s is no longer there: the message changed after it was shown. It now reads:\n", b.Number, b.Label)
		c.display(live)
		c.tellButtons("buttons now")
		return
	}
	value := b.Value
	if b.PicksUser {
		p, ok := c.person(arg)
		if !ok {
			fmt.Fprintf(c.Out, "  [%d] %s needs a user: type %d @name, or :press %s @name (:users lists them)\n", b.Number, b.Label, b.Number, b.Label)
			return
		}
		value = p.ID
	}
	in, err := c.Slack.Click(ctx, slackfake.Click{User: c.as.ID, Message: &live, ActionID: b.ActionID, BlockID: b.BlockID, Value: value})
	if err != nil {
		fmt.Fprintf(c.Out, "  pressing %q failed: %v\n", b.Label, err)
		return
	}
	fmt.Fprintf(c.Out, "  pressed [%d] %s\n", b.Number, b.Label)
	// The answer to a click: through its response_url, in the message's own channel (the
	// message redrawn, a file, a post), or to the user directly. Scheduled work arriving
	// meanwhile is shown but does not count as the answer.
	c.waitFor(ctx, func(m slackfake.Message) bool {
		return (in.ResponseURLOf != "" && m.ResponseURLOf == in.ResponseURLOf) || m.Channel == live.Channel ||
			m.User == c.as.ID
	})
	c.settle(ctx)
	c.fillOpenForm(ctx)
}

// hasButton reports whether m still has b: same action, block, value and label.
func hasButton(m slackfake.Message, b Button) bool {
	r := &renderer{names: func(id string) string { return id }}
	var sb strings.Builder
	r.render(&sb, m.Blocks)
	return slices.ContainsFunc(r.buttons, b.same)
}
