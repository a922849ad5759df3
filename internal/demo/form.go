package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/slackfake"
)

// form is a modal's title and input fields, in order.
type form struct {
	Title  string
	Fields []formField
}

// formField is one input block of a modal, as the console asks for it.
type formField struct {
	BlockID, ActionID string
	Label, Hint       string
	Optional          bool
	Kind              string // the element type: plain_text_input, datepicker, static_select …
	Options           []option
	// Initial is what the modal pre-fills: a blank answer keeps it.
	Initial slackfake.Value
}

type option struct{ Label, Value string }

type optionJSON struct {
	Text  textObj `json:"text"`
	Value string  `json:"value"`
}

// inputElement is the part of an input element the console reads.
type inputElement struct {
	Type         string       `json:"type"`
	ActionID     string       `json:"action_id"`
	Options      []optionJSON `json:"options"`
	OptionGroups []struct {
		Options []optionJSON `json:"options"`
	} `json:"option_groups"`
	InitialValue         string       `json:"initial_value"`
	InitialDate          string       `json:"initial_date"`
	InitialTime          string       `json:"initial_time"`
	InitialDateTime      int64        `json:"initial_date_time"`
	InitialOption        *optionJSON  `json:"initial_option"`
	InitialOptions       []optionJSON `json:"initial_options"`
	InitialUser          string       `json:"initial_user"`
	InitialUsers         []string     `json:"initial_users"`
	InitialChannel       string       `json:"initial_channel"`
	InitialChannels      []string     `json:"initial_channels"`
	InitialConversation  string       `json:"initial_conversation"`
	InitialConversations []string     `json:"initial_conversations"`
}

// parseForm reads a modal view's title and input blocks.
func parseForm(raw json.RawMessage) (form, error) {
	var view struct {
		Title  *textObj `json:"title"`
		Blocks []struct {
			Type     string       `json:"type"`
			BlockID  string       `json:"block_id"`
			Label    *textObj     `json:"label"`
			Hint     *textObj     `json:"hint"`
			Optional bool         `json:"optional"`
			Element  inputElement `json:"element"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(raw, &view); err != nil {
		return form{}, fmt.Errorf("read the form: %w", err)
	}
	var f form
	if view.Title != nil {
		f.Title = view.Title.Text
	}
	for _, b := range view.Blocks {
		if b.Type != "input" {
			continue
		}
		e := b.Element
		field := formField{BlockID: b.BlockID, ActionID: e.ActionID, Optional: b.Optional, Kind: e.Type, Label: b.BlockID}
		if b.Label != nil {
			field.Label = b.Label.Text
		}
		if b.Hint != nil {
			field.Hint = b.Hint.Text
		}
		opts := e.Options
		for _, g := range e.OptionGroups {
			opts = append(opts, g.Options...)
		}
		for _, o := range opts {
			field.Options = append(field.Options, option{Label: o.Text.Text, Value: o.Value})
		}
		field.Initial = initialValue(e)
		f.Fields = append(f.Fields, field)
	}
	return f, nil
}

// initialValue is what an element shows before the user touches it.
func initialValue(e inputElement) slackfake.Value {
	some := func(ss ...string) slackfake.Value {
		var out []string
		for _, s := range ss {
			if s != "" {
				out = append(out, s)
			}
		}
		return slackfake.Value{Selected: out}
	}
	switch e.Type {
	case "datepicker":
		return some(e.InitialDate)
	case "timepicker":
		return some(e.InitialTime)
	case "datetimepicker":
		if e.InitialDateTime != 0 {
			return some(strconv.FormatInt(e.InitialDateTime, 10))
		}
		return slackfake.Value{}
	case "static_select", "radio_buttons", "external_select":
		if e.InitialOption != nil {
			return some(e.InitialOption.Value)
		}
		return slackfake.Value{}
	case "multi_static_select", "checkboxes", "multi_external_select":
		var vs []string
		for _, o := range e.InitialOptions {
			vs = append(vs, o.Value)
		}
		return some(vs...)
	case "users_select":
		return some(e.InitialUser)
	case "multi_users_select":
		return some(e.InitialUsers...)
	case "channels_select":
		return some(e.InitialChannel)
	case "multi_channels_select":
		return some(e.InitialChannels...)
	case "conversations_select":
		return some(e.InitialConversation)
	case "multi_conversations_select":
		return some(e.InitialConversations...)
	}
	return slackfake.Value{Value: e.InitialValue}
}

// choiceKind is how a field's answer is typed.
type choiceKind int

const (
	choiceText choiceKind = iota
	choiceOne
	choiceMany
	choiceDate
	choiceTime
	choiceDateTime
	choiceUser
	choiceUsers
	choiceChannel
	choiceChannels
)

func (f formField) choice() choiceKind {
	switch f.Kind {
	case "static_select", "radio_buttons":
		return choiceOne
	case "multi_static_select", "checkboxes":
		return choiceMany
	case "datepicker":
		return choiceDate
	case "timepicker":
		return choiceTime
	case "datetimepicker":
		return choiceDateTime
	case "users_select":
		return choiceUser
	case "multi_users_select":
		return choiceUsers
	case "channels_select", "conversations_select":
		return choiceChannel
	case "multi_channels_select", "multi_conversations_select":
		return choiceChannels
	}
	return choiceText
}

// dateTimeLayout is how the console reads and shows a date and time (UTC).
const dateTimeLayout = "2006-01-02 15:04"

// parseAnswer reads what the user typed for f.
func (c *Console) parseAnswer(f formField, s string) (slackfake.Value, error) {
	list := func() []string {
		return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
	}
	switch f.choice() {
	case choiceOne:
		o, err := f.pick(s)
		if err != nil {
			return slackfake.Value{}, err
		}
		return slackfake.Choose(o.Value), nil
	case choiceMany:
		var vs []string
		for item := range strings.SplitSeq(s, ",") {
			o, err := f.pick(item)
			if err != nil {
				return slackfake.Value{}, err
			}
			vs = append(vs, o.Value)
		}
		return slackfake.Choose(vs...), nil
	case choiceDate:
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return slackfake.Value{}, fmt.Errorf("%q is not a date; type it as YYYY-MM-DD, e.g. %s", s, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly))
		}
		return slackfake.Choose(s), nil
	case choiceTime:
		t, err := time.Parse("15:04", s)
		if err != nil {
			return slackfake.Value{}, fmt.Errorf("%q is not a time; type it as HH:MM, e.g. 09:30", s)
		}
		return slackfake.Choose(t.Format("15:04")), nil
	case choiceDateTime:
		t, err := time.Parse(dateTimeLayout, s)
		if err != nil {
			return slackfake.Value{}, fmt.Errorf("%q is not a date and time; type it as YYYY-MM-DD HH:MM (UTC)", s)
		}
		return slackfake.Choose(strconv.FormatInt(t.Unix(), 10)), nil
	case choiceUser, choiceUsers:
		names := list()
		if f.choice() == choiceUser && len(names) != 1 {
			return slackfake.Value{}, errors.New("pick one user, e.g. @" + c.People[0].Name)
		}
		var ids []string
		for _, n := range names {
			p, ok := c.person(n)
			if !ok {
				return slackfake.Value{}, fmt.Errorf("no simulated user %q; choose from %s", n, c.userChoices())
			}
			ids = append(ids, p.ID)
		}
		return slackfake.Choose(ids...), nil
	case choiceChannel, choiceChannels:
		names := list()
		if f.choice() == choiceChannel && len(names) != 1 {
			return slackfake.Value{}, errors.New("pick one channel, e.g. " + c.channelChoices())
		}
		var ids []string
		for _, n := range names {
			id, ok := c.channelID(n)
			if !ok {
				return slackfake.Value{}, fmt.Errorf("no channel %q; choose from %s", n, c.channelChoices())
			}
			ids = append(ids, id)
		}
		return slackfake.Choose(ids...), nil
	}
	if f.Kind == "number_input" {
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return slackfake.Value{}, fmt.Errorf("%q is not a number", s)
		}
	}
	if f.Kind == "external_select" {
		return slackfake.Choose(s), nil
	}
	return slackfake.Text(s), nil
}

// pick finds an option by its number in the list, its label or its value.
func (f formField) pick(s string) (option, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= len(f.Options) {
		return f.Options[n-1], nil
	}
	for _, o := range f.Options {
		if strings.EqualFold(o.Label, s) || strings.EqualFold(o.Value, s) {
			return o, nil
		}
	}
	return option{}, fmt.Errorf("%q is not one of the choices; type its number or its name", s)
}

// showValue renders a value the way the user would type it.
func (c *Console) showValue(f formField, v slackfake.Value) string {
	if len(v.Selected) == 0 {
		return v.Value
	}
	out := make([]string, len(v.Selected))
	for i, s := range v.Selected {
		out[i] = s
		switch f.choice() {
		case choiceOne, choiceMany:
			for _, o := range f.Options {
				if o.Value == s {
					out[i] = o.Label
				}
			}
		case choiceUser, choiceUsers:
			out[i] = "@" + c.name(s)
		case choiceChannel, choiceChannels:
			out[i] = "#" + c.channelName(s)
		case choiceDateTime:
			if at, err := strconv.ParseInt(s, 10, 64); err == nil {
				out[i] = time.Unix(at, 0).UTC().Format(dateTimeLayout)
			}
		}
	}
	return strings.Join(out, ", ")
}

func (c *Console) userChoices() string {
	names := make([]string, len(c.People))
	for i, p := range c.People {
		names[i] = "@" + p.Name
	}
	return strings.Join(names, ", ")
}

func (c *Console) channelChoices() string {
	var names []string
	for _, id := range slices.Sorted(maps.Keys(c.Channels)) {
		names = append(names, "#"+c.Channels[id])
	}
	return strings.Join(names, ", ")
}

// how says what kind of answer f takes.
func (c *Console) how(f formField) string {
	numbered := func() string {
		parts := make([]string, len(f.Options))
		for i, o := range f.Options {
			parts[i] = fmt.Sprintf("%d) %s", i+1, o.Label)
		}
		return strings.Join(parts, " · ")
	}
	switch f.choice() {
	case choiceOne:
		return "choose one: " + numbered()
	case choiceMany:
		return "choose any, comma-separated: " + numbered()
	case choiceDate:
		return "a date, YYYY-MM-DD"
	case choiceTime:
		return "a time, HH:MM"
	case choiceDateTime:
		return "a date and time, YYYY-MM-DD HH:MM (UTC)"
	case choiceUser:
		return "a user: " + c.userChoices()
	case choiceUsers:
		return "users, comma-separated: " + c.userChoices()
	case choiceChannel:
		return "a channel: " + c.channelChoices()
	case choiceChannels:
		return "channels, comma-separated: " + c.channelChoices()
	}
	return ""
}

// answer is how asking for one field ended.
type answer int

const (
	answered answer = iota
	cancelled
	inputEnded
)

// askField asks for one field until the answer is usable. current is kept on a blank line;
// "-" clears an optional field; problem is what the bot said about the last answer.
func (c *Console) askField(ctx context.Context, f formField, current slackfake.Value, problem string) (slackfake.Value, answer) {
	need := "required"
	if f.Optional {
		need = "optional"
	}
	head := fmt.Sprintf("  %s (%s)", f.Label, need)
	if f.Hint != "" {
		head += " — " + f.Hint
	}
	fmt.Fprintln(c.Out, head)
	if how := c.how(f); how != "" {
		fmt.Fprintln(c.Out, "    "+how)
	}
	switch shown := c.showValue(f, current); {
	case shown != "" && f.Optional:
		fmt.Fprintf(c.Out, "    Enter keeps: %s (- clears it)\n", shown)
	case shown != "":
		fmt.Fprintf(c.Out, "    Enter keeps: %s\n", shown)
	case f.Optional:
		fmt.Fprintln(c.Out, "    Enter skips it")
	}
	if problem != "" {
		fmt.Fprintf(c.Out, "    ✖ %s\n", problem)
	}
	for {
		line, ok := c.prompt(ctx)
		if !ok {
			return slackfake.Value{}, inputEnded
		}
		line = strings.TrimSpace(line)
		switch {
		case line == ":cancel":
			return slackfake.Value{}, cancelled
		case line == "" && (current.Value != "" || len(current.Selected) > 0):
			return current, answered
		case line == "" && f.Optional, line == "-" && f.Optional:
			return slackfake.Value{}, answered
		case line == "":
			fmt.Fprintf(c.Out, "    %s is required: type a value, or :cancel to close the form\n", f.Label)
			continue
		}
		v, err := c.parseAnswer(f, line)
		if err != nil {
			fmt.Fprintf(c.Out, "    %v\n", err)
			continue
		}
		return v, answered
	}
}

// prompt reads one answer. Scripts see their answer echoed, so a transcript reads like a
// session at the terminal.
func (c *Console) prompt(ctx context.Context) (string, bool) {
	if c.Interactive {
		fmt.Fprint(c.Out, "  > ")
	}
	line, ok := c.readLine(ctx)
	if ok && !c.Interactive {
		fmt.Fprintf(c.Out, "  > %s\n", line)
	}
	return line, ok
}

// fillOpenForm fills in the modal that opened for the current user, if one did, and any
// modal its submission opens.
func (c *Console) fillOpenForm(ctx context.Context) {
	for c.modal != "" {
		id := c.modal
		c.modal = ""
		if v, ok := c.Slack.View(id); ok && !v.Closed && v.Kind == "modal" && v.User == c.as.ID {
			c.fillForm(ctx, v)
		}
	}
}

// fillForm asks for a modal's fields on the console and submits it through slackfake, as
// a user pressing its submit button would. Errors the bot returns are shown and those
// fields asked again; an updated or pushed view is filled in turn.
func (c *Console) fillForm(ctx context.Context, v slackfake.View) {
	root := v.RootID
	answers := map[string]slackfake.Value{}
	var problems map[string]string // the bot's errors by block ID; nil asks every field
	for {
		c.showView(v)
		f, err := parseForm(v.JSON)
		if err != nil {
			fmt.Fprintf(c.Out, "  (%v)\n", err)
			return
		}
		if len(f.Fields) == 0 {
			// Nothing to fill in: read it and close it, as one would in Slack.
			if _, err := c.Slack.CloseView(ctx, slackfake.ViewClose{User: c.as.ID, ViewID: v.ID}); err != nil {
				fmt.Fprintf(c.Out, "  closing “%s” failed: %v\n", f.Title, err)
				return
			}
			fmt.Fprintf(c.Out, "  (“%s” has nothing to fill in; closed)\n", f.Title)
			if next, ok := c.topModal(root); ok {
				v, answers, problems = next, map[string]slackfake.Value{}, nil
				continue
			}
			return
		}
		if problems == nil {
			fmt.Fprintf(c.Out, "  Fill in “%s”: Enter keeps the value shown or skips an optional field; :cancel closes the form.\n", f.Title)
		}
		for _, field := range f.Fields {
			if problems != nil && problems[field.BlockID] == "" {
				continue
			}
			current, ok := answers[field.BlockID]
			if !ok {
				current = field.Initial
			}
			val, how := c.askField(ctx, field, current, problems[field.BlockID])
			switch how {
			case cancelled:
				c.cancelForm(ctx, root, f.Title, "closed “%s” without saving")
				return
			case inputEnded:
				c.cancelForm(ctx, root, f.Title, "the input ended, so “%s” was closed without saving")
				return
			}
			answers[field.BlockID] = val
		}
		in, err := c.Slack.SubmitView(ctx, slackfake.ViewSubmit{User: c.as.ID, ViewID: v.ID, Values: submission(f, answers)})
		if err != nil {
			fmt.Fprintf(c.Out, "  submitting “%s” failed: %v\n", f.Title, err)
			c.cancelForm(ctx, root, f.Title, "closed “%s”")
			return
		}
		fmt.Fprintf(c.Out, "  submitted “%s”\n", f.Title)
		action := ""
		if in.ViewResponse != nil {
			action = in.ViewResponse.Action
		}
		switch action {
		case "errors":
			if problems = c.tellProblems(f, in.ViewResponse.Errors); problems == nil {
				c.cancelForm(ctx, root, f.Title, "closed “%s”")
				return
			}
			continue
		case "update", "push":
			// The bot replaced the form or stacked another on it: that one is next.
			if next, ok := c.topModal(root); ok {
				v, answers, problems = next, map[string]slackfake.Value{}, nil
				continue
			}
			return
		}
		// The form closed: the bot answers after acknowledging it.
		c.waitFor(ctx, func(slackfake.Message) bool { return true })
		c.settle(ctx)
		next, ok := c.topModal(root) // a stacked form closes back onto the one below
		if !ok {
			return
		}
		v, answers, problems = next, map[string]slackfake.Value{}, nil
	}
}

// submission is what the user entered, as slackfake takes it; fields never asked keep
// their initial value.
func submission(f form, answers map[string]slackfake.Value) map[string]map[string]slackfake.Value {
	values := map[string]map[string]slackfake.Value{}
	for _, field := range f.Fields {
		val, ok := answers[field.BlockID]
		if !ok {
			val = field.Initial
		}
		if val.Value != "" || len(val.Selected) > 0 {
			values[field.BlockID] = map[string]slackfake.Value{field.ActionID: val}
		}
	}
	return values
}

// tellProblems shows the errors the bot returned beside their fields and returns those of
// f's fields; nil when none names a field of f.
func (c *Console) tellProblems(f form, errs map[string]string) map[string]string {
	fmt.Fprintln(c.Out, "  Rapport did not accept the form:")
	problems := map[string]string{}
	for _, field := range f.Fields {
		if msg, ok := errs[field.BlockID]; ok {
			fmt.Fprintf(c.Out, "    %s: %s\n", field.Label, msg)
			problems[field.BlockID] = msg
		}
	}
	if len(problems) == 0 {
		return nil
	}
	fmt.Fprintln(c.Out, "  Answer those again:")
	return problems
}

// topModal is the current user's open modal of the stack rooted at root, the one on top.
func (c *Console) topModal(root string) (slackfake.View, bool) {
	views := c.Slack.Views()
	for i := len(views) - 1; i >= 0; i-- {
		v := views[i]
		if v.Kind == "modal" && v.User == c.as.ID && v.RootID == root && !v.Closed {
			return v, true
		}
	}
	return slackfake.View{}, false
}

// cancelForm closes every open modal of the stack, top first, as the user dismissing it.
func (c *Console) cancelForm(ctx context.Context, root, title, said string) {
	notified := false
	for {
		v, ok := c.topModal(root)
		if !ok {
			break
		}
		in, err := c.Slack.CloseView(ctx, slackfake.ViewClose{User: c.as.ID, ViewID: v.ID})
		if err != nil {
			fmt.Fprintf(c.Out, "  closing “%s” failed: %v\n", title, err)
			return
		}
		notified = notified || in != nil
	}
	fmt.Fprintf(c.Out, "  "+said+"\n", title)
	if notified {
		c.settle(ctx) // the bot heard of it (view_closed) and may answer
	}
}
