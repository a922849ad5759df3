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

	// waits overrides the console's patience with the bot; zero fields keep the defaults.
	waits waits

	as     Person
	screen screen
	feed   <-chan slackfake.Message
	views  <-chan slackfake.View
	// seenMessages and seenViews are the highest Seq received from each feed; once they
	// reach slackfake's Recorded counts, everything the bot did so far is on screen.
	seenMessages, seenViews int
	viewsShown              map[string]int // view ID → version already printed
	modal                   string         // a modal that opened for the current user, to fill in

	lines    chan string
	inputErr chan error
	inputEnd bool // the input has ended (EOF, read error or ctx)
}

// waits says how long the console waits for the bot.
type waits struct {
	answer time.Duration // for the answer to a command, a click or a form
	quiet  time.Duration // of silence before the console takes the bot to be done
	most   time.Duration // at most, for a settle
}

// The console's patience by default: the bot acknowledges first and answers after, so the
// console waits for the answer, then for a short silence to show follow-ups too.
var defaultWaits = waits{answer: 10 * time.Second, quiet: 400 * time.Millisecond, most: 3 * time.Second}

func (w waits) or(d waits) waits {
	if w.answer <= 0 {
		w.answer = d.answer
	}
	if w.quiet <= 0 {
		w.quiet = d.quiet
	}
	if w.most <= 0 {
		w.most = d.most
	}
	return w
}

const consoleHelp = `Type a slash command as you would in Slack, e.g.
  /influencer help
  /influencer @ava.moreau
  (@name of a simulated user and #channel become Slack mentions, as Slack sends them)
Console commands:
  :help              this text
  :as <user>         act as another simulated user (:users lists them)
  :users             list the simulated users
  :advance <d>       move the bot's clock forward (e.g. 15d, 36h, 90m)
  <number> [@user]   press that button on the latest message you can see that has buttons
                     (a user picker needs @user)
  :press <label> [@user]
                     press the button with that label (or a unique start of it) on the
                     latest message you can see that has one
  :quit              leave (Ctrl-D works too)
When a form (modal) opens, the console asks for each field in turn: Enter keeps the value
shown or skips an optional field; :cancel closes the form without saving.
`

// Run reads lines until :quit, end of input or ctx ends.
func (c *Console) Run(ctx context.Context) error {
	if len(c.People) == 0 {
		return errors.New("demo console: no simulated users")
	}
	c.waits = c.waits.or(defaultWaits)
	c.as = c.People[0]
	c.screen = screen{msgs: map[string]*shownMessage{}, printed: map[int]bool{}}
	c.viewsShown = map[string]int{}
	feed, stop := c.Slack.Subscribe()
	defer stop()
	views, stopViews := c.Slack.SubscribeViews()
	defer stopViews()
	c.feed, c.views = feed, views
	// What was recorded before the subscription never arrives; only later Seqs count.
	c.seenMessages, c.seenViews = c.Slack.Recorded()
	if c.Interactive {
		fmt.Fprint(c.Out, consoleHelp)
	}
	if c.AtStart != nil {
		if err := c.AtStart(ctx); err != nil {
			fmt.Fprintf(c.Out, "  scheduled work failed: %v\n", err)
		}
		c.settle(ctx)
	}
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	c.startReading(readCtx)
	for {
		if c.Interactive {
			fmt.Fprintf(c.Out, "\nrapport (as %s)> ", c.as.Name)
		}
		line, ok := c.readLine(ctx)
		if !ok {
			if ctx.Err() != nil {
				return nil
			}
			c.settle(ctx)
			return c.inputError()
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

// startReading reads the input on its own goroutine, so waiting for the bot and for the
// user can be one select; it stops at end of input or when ctx ends.
func (c *Console) startReading(ctx context.Context) {
	c.lines = make(chan string)
	c.inputErr = make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(c.In)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			select {
			case c.lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		c.inputErr <- sc.Err()
		close(c.lines)
	}()
}

// readLine returns the next input line; false once the input has ended or ctx is done.
func (c *Console) readLine(ctx context.Context) (string, bool) {
	if c.inputEnd {
		return "", false
	}
	select {
	case <-ctx.Done():
		c.inputEnd = true
		return "", false
	case line, ok := <-c.lines:
		if !ok {
			c.inputEnd = true
			return "", false
		}
		return line, true
	}
}

// inputError is why the input ended, nil for a plain end of input.
func (c *Console) inputError() error {
	select {
	case err := <-c.inputErr:
		return err
	default:
		return nil
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
	case command(line, ":as"):
		c.switchUser(ctx, strings.TrimSpace(strings.TrimPrefix(line, ":as")))
	case command(line, ":advance"):
		c.advance(ctx, strings.TrimSpace(strings.TrimPrefix(line, ":advance")))
	case command(line, ":press"):
		c.pressLabel(ctx, strings.TrimSpace(strings.TrimPrefix(line, ":press")))
	case line == ":cancel":
		fmt.Fprintln(c.Out, "  no form is open; :cancel closes a form while it asks for its fields")
	default:
		num, arg, _ := strings.Cut(line, " ")
		if n, err := strconv.Atoi(num); err == nil {
			c.pressNumber(ctx, n, strings.TrimSpace(arg))
			return false
		}
		fmt.Fprintf(c.Out, "  I don't understand %q. Slash commands start with /, console commands with : (try :help).\n", line)
	}
	return false
}

// command reports whether line is the console command name, alone or with arguments.
func command(line, name string) bool {
	return line == name || strings.HasPrefix(line, name+" ")
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

// switchUser acts as another user and says which buttons numbers now press: the previous
// user's may be on messages the new one cannot see.
func (c *Console) switchUser(ctx context.Context, name string) {
	p, ok := c.person(name)
	if !ok {
		names := make([]string, len(c.People))
		for i, p := range c.People {
			names[i] = p.Name
		}
		fmt.Fprintf(c.Out, "  no simulated user %q; choose one of: %s\n", name, strings.Join(names, ", "))
		return
	}
	c.catchUp(ctx)
	c.as = p
	fmt.Fprintf(c.Out, "  now acting as %s (%s)\n", p.RealName, p.ID)
	c.tellButtons("buttons now")
}

func (c *Console) advance(ctx context.Context, arg string) {
	d, err := config.ParseDuration(arg)
	if err != nil || d <= 0 {
		fmt.Fprintf(c.Out, "  :advance needs a duration such as 15d, 36h or 90m\n")
		return
	}
	if c.Clock == nil {
		fmt.Fprintln(c.Out, "  this console has no clock to move")
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
	c.catchUp(ctx)
	it, err := c.Slack.SlashCommand(ctx, slackfake.SlashCommand{User: c.as.ID, Channel: c.Channel, Command: command, Text: c.escapeCommandText(text)})
	if err != nil {
		fmt.Fprintf(c.Out, "  Slack: %s failed: %v\n", command, err)
		return
	}
	c.waitFor(ctx, func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindResponse && m.ResponseURLOf == it.ResponseURLOf
	})
	c.settle(ctx)
	c.fillOpenForm(ctx)
}

// waitFor prints messages and views as they arrive until a message matches or a modal
// opens for the current user (the bot's answer to a command may be a form), or the
// answer wait passes.
func (c *Console) waitFor(ctx context.Context, match func(slackfake.Message) bool) {
	t := time.NewTimer(c.waits.answer)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fmt.Fprintf(c.Out, "  (no answer from the bot within %s)\n", c.waits.answer)
			return
		case m, ok := <-c.feed:
			if !ok {
				c.feed = nil
				return
			}
			c.receive(m)
			if match(m) {
				return
			}
		case v, ok := <-c.views:
			if !ok {
				c.views = nil
				return
			}
			c.receiveView(v)
			if c.modal != "" {
				return
			}
		}
	}
}

// catchUp prints everything slackfake has recorded so far and not yet shown. Recorded
// items are already on their way through the feeds, so this never guesses.
func (c *Console) catchUp(ctx context.Context) {
	limit := time.NewTimer(c.waits.most)
	defer limit.Stop()
	for {
		msgs, views := c.Slack.Recorded()
		if (c.seenMessages >= msgs || c.feed == nil) && (c.seenViews >= views || c.views == nil) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-limit.C:
			return
		case m, ok := <-c.feed:
			if !ok {
				c.feed = nil
				continue
			}
			c.receive(m)
		case v, ok := <-c.views:
			if !ok {
				c.views = nil
				continue
			}
			c.receiveView(v)
		}
	}
}

// settle prints whatever the bot sends until it has been quiet for a moment.
func (c *Console) settle(ctx context.Context) {
	c.catchUp(ctx)
	deadline := time.NewTimer(c.waits.most)
	defer deadline.Stop()
	for {
		quiet := time.NewTimer(c.waits.quiet)
		select {
		case <-ctx.Done():
			quiet.Stop()
			return
		case <-deadline.C:
			quiet.Stop()
			return
		case <-quiet.C:
			return
		case m, ok := <-c.feed:
			quiet.Stop()
			if !ok {
				c.feed = nil
				return
			}
			c.receive(m)
		case v, ok := <-c.views:
			quiet.Stop()
			if !ok {
				c.views = nil
				return
			}
			c.receiveView(v)
		}
	}
}

func (c *Console) receive(m slackfake.Message) {
	c.seenMessages = max(c.seenMessages, m.Seq)
	c.show(m)
}

// receiveView prints a view change and notes a modal opened for the current user, which
// the console then asks the user to fill in.
func (c *Console) receiveView(v slackfake.View) {
	c.seenViews = max(c.seenViews, v.Seq)
	if v.Kind == "modal" && v.User == c.as.ID && !v.Closed {
		// Snapshots queue up while a form is being filled; only one still open counts.
		if live, ok := c.Slack.View(v.ID); ok && !live.Closed {
			c.modal = v.ID
		}
	}
	c.showView(v)
}

// showView prints a modal or App Home as it opens or changes, once per version.
func (c *Console) showView(v slackfake.View) {
	if v.Closed || c.viewsShown[v.ID] >= v.Version {
		return
	}
	c.viewsShown[v.ID] = v.Version
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
	r := c.renderer()
	var sb strings.Builder
	r.render(&sb, view.Blocks)
	fmt.Fprint(c.Out, sb.String())
}

func (c *Console) renderer() *renderer {
	return &renderer{names: c.name, channels: c.channelName}
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

// channelID finds a channel by name (with or without #) or ID.
func (c *Console) channelID(name string) (string, bool) {
	name = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(name), "#"))
	for id, n := range c.Channels {
		if strings.ToLower(n) == name || strings.ToLower(id) == name {
			return id, true
		}
	}
	return "", false
}
