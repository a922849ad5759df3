package demo

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/config"
	"github.com/rapport-bot/rapport/internal/slackfake"
)

// Person is a simulated workspace member the console can act as.
type Person struct {
	ID, Name, RealName string
}

// Console reads commands and prints the bot's answers.
type Console struct {
	Slack  *slackfake.Server
	Clock  *Clock
	People []Person
	// Channels maps channel IDs to names for display.
	Channels map[string]string
	Channel  string // where slash commands are typed
	In       io.Reader
	Out      io.Writer
	// Interactive shows a prompt and the banner; scripts get answers only.
	Interactive bool
	// AfterAdvance runs the bot's scheduled work once the clock has moved.
	AfterAdvance func(ctx context.Context) error
	// AtStart runs once the console listens, so what is already due shows at once.
	AtStart func(ctx context.Context) error

	as      Person
	buttons []Button
	last    map[int]slackfake.Message // the message each shown button belongs to
	printed map[int]bool              // message Seq numbers already shown
	feed    <-chan slackfake.Message
	views   <-chan slackfake.View
}

// How long the console waits for the bot.
const (
	answerTimeout = 10 * time.Second
	settleQuiet   = 400 * time.Millisecond
	settleMax     = 3 * time.Second
)

const consoleHelp = `Type a slash command as you would in Slack, e.g.
  /influencer help
  /influencer @ava.moreau
Console commands:
  :help              this text
  :as <user>         act as another simulated user (:users lists them)
  :users             list the simulated users
  :advance <d>       move the bot's clock forward (e.g. 15d, 36h, 90m)
  <number>           press the button shown with that number
  :quit              leave (Ctrl-D works too)
`

// Run reads lines until :quit, end of input or ctx ends.
func (c *Console) Run(ctx context.Context) error {
	if len(c.People) == 0 {
		return errors.New("demo console: no simulated users")
	}
	c.as = c.People[0]
	c.printed = map[int]bool{}
	feed, stop := c.Slack.Subscribe()
	defer stop()
	views, stopViews := c.Slack.SubscribeViews()
	defer stopViews()
	c.feed, c.views = feed, views
	if c.Interactive {
		fmt.Fprint(c.Out, consoleHelp)
	}
	if c.AtStart != nil {
		if err := c.AtStart(ctx); err != nil {
			fmt.Fprintf(c.Out, "  scheduled work failed: %v\n", err)
		}
		c.settle(ctx)
	}
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(c.In)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		readErr <- sc.Err()
	}()
	for {
		if c.Interactive {
			fmt.Fprintf(c.Out, "\nrapport (as %s)> ", c.as.Name)
		}
		var line string
		select {
		case <-ctx.Done():
			return nil
		case err := <-readErr:
			c.settle(ctx)
			return err
		case line = <-lines:
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !c.Interactive {
			fmt.Fprintf(c.Out, "\n» %s\n", line)
		}
		if quit := c.do(ctx, line); quit {
			return nil
		}
	}
}

// do runs one line and reports whether the console should quit.
func (c *Console) do(ctx context.Context, line string) bool {
	switch {
	case strings.HasPrefix(line, "/"):
		c.slash(ctx, line)
	case line == ":quit" || line == ":q" || line == ":exit":
		return true
	case line == ":help" || line == "help":
		fmt.Fprint(c.Out, consoleHelp)
	case line == ":users":
		for _, p := range c.People {
			fmt.Fprintf(c.Out, "  %-8s %s (%s)\n", p.Name, p.RealName, p.ID)
		}
	case strings.HasPrefix(line, ":as"):
		c.switchUser(strings.TrimSpace(strings.TrimPrefix(line, ":as")))
	case strings.HasPrefix(line, ":advance"):
		c.advance(ctx, strings.TrimSpace(strings.TrimPrefix(line, ":advance")))
	default:
		num, arg, _ := strings.Cut(line, " ")
		if n, err := strconv.Atoi(num); err == nil {
			c.press(ctx, n, strings.TrimSpace(arg))
			return false
		}
		fmt.Fprintf(c.Out, "  I don't understand %q. Slash commands start with /, console commands with : (try :help).\n", line)
	}
	return false
}

// person finds a simulated user by name or ID.
func (c *Console) person(name string) (Person, bool) {
	name = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(name), "@"))
	for _, p := range c.People {
		if strings.ToLower(p.Name) == name || strings.ToLower(p.ID) == name {
			return p, true
		}
	}
	return Person{}, false
}

func (c *Console) switchUser(name string) {
	if p, ok := c.person(name); ok {
		c.as = p
		// Buttons on messages the new user cannot see are not theirs to press.
		for _, m := range c.last {
			if !c.visible(m) {
				c.buttons, c.last = nil, nil
				break
			}
		}
		fmt.Fprintf(c.Out, "  now acting as %s (%s)\n", p.RealName, p.ID)
		return
	}
	names := make([]string, len(c.People))
	for i, p := range c.People {
		names[i] = p.Name
	}
	fmt.Fprintf(c.Out, "  no simulated user %q; choose one of: %s\n", name, strings.Join(names, ", "))
}

func (c *Console) advance(ctx context.Context, arg string) {
	d, err := config.ParseDuration(arg)
	if err != nil || d <= 0 {
		fmt.Fprintf(c.Out, "  :advance needs a duration such as 15d, 36h or 90m\n")
		return
	}
	c.Clock.Advance(d)
	fmt.Fprintf(c.Out, "  clock moved forward %s; it is now %s\n", arg, c.Clock.Now().Format("Mon 2 Jan 2006 15:04 MST"))
	if c.AfterAdvance != nil {
		if err := c.AfterAdvance(ctx); err != nil {
			fmt.Fprintf(c.Out, "  scheduled work failed: %v\n", err)
		}
	}
	c.settle(ctx)
}

func (c *Console) slash(ctx context.Context, line string) {
	command, text, _ := strings.Cut(line, " ")
	it, err := c.Slack.SlashCommand(ctx, slackfake.SlashCommand{User: c.as.ID, Channel: c.Channel, Command: command, Text: text})
	if err != nil {
		fmt.Fprintf(c.Out, "  Slack: %s failed: %v\n", command, err)
		return
	}
	c.waitFor(ctx, func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindResponse && m.ResponseURLOf == it.ResponseURLOf
	})
	c.settle(ctx)
}

func (c *Console) press(ctx context.Context, n int, arg string) {
	if n < 1 || n > len(c.buttons) {
		fmt.Fprintf(c.Out, "  there is no button %d on screen for @%s\n", n, c.as.Name)
		return
	}
	b := c.buttons[n-1]
	msg := c.last[n]
	if current, ok := c.Slack.Lookup(msg.Channel, msg.TS); ok && msg.TS != "" {
		msg = current // pick up in-place updates
	}
	value := b.Value
	if b.PicksUser {
		p, ok := c.person(arg)
		if !ok {
			fmt.Fprintf(c.Out, "  [%d] needs a user: type %d @name (:users lists them)\n", n, n)
			return
		}
		value = p.ID
	}
	_, err := c.Slack.Click(ctx, slackfake.Click{User: c.as.ID, Message: &msg, ActionID: b.ActionID, BlockID: b.BlockID, Value: value})
	if err != nil {
		fmt.Fprintf(c.Out, "  pressing %q failed: %v\n", b.Label, err)
		return
	}
	fmt.Fprintf(c.Out, "  pressed [%d] %s\n", n, b.Label)
	c.settle(ctx)
}

// waitFor prints messages as they arrive until one matches, or answerTimeout passes.
func (c *Console) waitFor(ctx context.Context, match func(slackfake.Message) bool) {
	t := time.NewTimer(answerTimeout)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fmt.Fprintf(c.Out, "  (no answer from the bot within %s)\n", answerTimeout)
			return
		case m := <-c.feed:
			c.show(m)
			if match(m) {
				return
			}
		case v := <-c.views:
			c.showView(v)
		}
	}
}

// settle prints whatever the bot sends until it has been quiet for a moment.
func (c *Console) settle(ctx context.Context) {
	deadline := time.NewTimer(settleMax)
	defer deadline.Stop()
	for {
		quiet := time.NewTimer(settleQuiet)
		select {
		case <-ctx.Done():
			quiet.Stop()
			return
		case <-deadline.C:
			quiet.Stop()
			return
		case <-quiet.C:
			return
		case m := <-c.feed:
			quiet.Stop()
			c.show(m)
		case v := <-c.views:
			quiet.Stop()
			c.showView(v)
		}
	}
}

// show prints one message once, with where it went, and numbers its buttons.
func (c *Console) show(m slackfake.Message) {
	if c.printed[m.Seq] {
		return
	}
	c.printed[m.Seq] = true
	fmt.Fprintf(c.Out, "\n  ┌─ %s\n", c.where(m))
	r := &renderer{names: c.name, channels: c.channelName}
	var sb strings.Builder
	if len(m.Blocks) > 0 && string(m.Blocks) != "null" {
		r.render(&sb, m.Blocks)
	} else {
		writeIndented(&sb, r.text(textObj{Type: "mrkdwn", Text: m.Text}), "  ")
	}
	fmt.Fprint(c.Out, sb.String())
	if len(r.buttons) > 0 && c.visible(m) {
		c.buttons = r.buttons
		c.last = map[int]slackfake.Message{}
		for _, b := range r.buttons {
			c.last[b.Number] = m
		}
		fmt.Fprintln(c.Out, "  (type a number to press a button)")
	} else if len(r.buttons) > 0 {
		fmt.Fprintf(c.Out, "  (buttons for @%s: :as %s to use them)\n", c.name(m.User), c.name(m.User))
	}
}

// showView prints a modal or App Home as it opens or changes.
func (c *Console) showView(v slackfake.View) {
	if v.Closed {
		return
	}
	var view struct {
		Title  *textObj        `json:"title"`
		Blocks json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(v.JSON, &view); err != nil {
		fmt.Fprintf(c.Out, "  (unreadable view: %v)\n", err)
		return
	}
	title := "App Home"
	if view.Title != nil {
		title = "“" + view.Title.Text + "”"
	}
	fmt.Fprintf(c.Out, "\n  ┌─ %s %s for @%s\n", v.Kind, title, c.name(v.User))
	r := &renderer{names: c.name, channels: c.channelName}
	var sb strings.Builder
	r.render(&sb, view.Blocks)
	fmt.Fprint(c.Out, sb.String())
}

// visible reports whether the current user sees m, and so may press its buttons.
func (c *Console) visible(m slackfake.Message) bool {
	switch m.Kind {
	case slackfake.KindDM, slackfake.KindEphemeral:
		return m.User == c.as.ID
	case slackfake.KindResponse:
		return m.User == c.as.ID || m.ResponseType == "in_channel"
	}
	return true
}

func (c *Console) where(m slackfake.Message) string {
	switch m.Kind {
	case slackfake.KindResponse:
		if m.ResponseType == "in_channel" {
			return "in #" + c.channelName(m.Channel) + " (shared with the channel)"
		}
		return "only visible to @" + c.name(m.User)
	case slackfake.KindEphemeral:
		return "only visible to @" + c.name(m.User) + " in #" + c.channelName(m.Channel)
	case slackfake.KindDM:
		return "direct message from Rapport to @" + c.name(m.User)
	case slackfake.KindUpdate:
		return "message updated in place"
	case slackfake.KindFile:
		return "file shared in #" + c.channelName(m.Channel)
	}
	return "Rapport in #" + c.channelName(m.Channel)
}

func (c *Console) name(id string) string {
	for _, p := range c.People {
		if p.ID == id {
			return p.Name
		}
	}
	return id
}

func (c *Console) channelName(id string) string {
	if id == "" {
		return "channel"
	}
	if name, ok := c.Channels[id]; ok {
		return name
	}
	return id
}
