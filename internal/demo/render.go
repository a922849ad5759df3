package demo

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Button is a pressable element shown in the console with a number.
type Button struct {
	Number   int
	Label    string
	ActionID string
	BlockID  string
	Value    string
	// PicksUser marks a user picker: pressing it needs a user.
	PicksUser bool
}

// renderer turns Block Kit into terminal text, numbering buttons as it goes so the user can
// press one by typing its number.
type renderer struct {
	names    func(userID string) string
	channels func(channelID string) string
	buttons  []Button
}

type textObj struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type element struct {
	Type        string   `json:"type"`
	Text        *textObj `json:"text"`
	Placeholder *textObj `json:"placeholder"`
	ActionID    string   `json:"action_id"`
	Value       string   `json:"value"`
}

type block struct {
	Type      string          `json:"type"`
	BlockID   string          `json:"block_id"`
	Text      *textObj        `json:"text"`
	Fields    []textObj       `json:"fields"`
	Elements  json.RawMessage `json:"elements"`
	Accessory *element        `json:"accessory"`
	Label     *textObj        `json:"label"`
	AltText   string          `json:"alt_text"`
	Title     *textObj        `json:"title"`
	Optional  bool            `json:"optional"`
}

// render appends the text of blocks (a JSON array) to sb.
func (r *renderer) render(sb *strings.Builder, raw json.RawMessage) {
	var bs []block
	if err := json.Unmarshal(raw, &bs); err != nil {
		fmt.Fprintf(sb, "  (unreadable blocks: %v)\n", err)
		return
	}
	for _, b := range bs {
		switch b.Type {
		case "header":
			if b.Text != nil {
				fmt.Fprintf(sb, "\n  ══ %s ══\n", r.text(*b.Text))
			}
		case "section":
			if b.Text != nil {
				writeIndented(sb, r.text(*b.Text), "  ")
			}
			for _, f := range b.Fields {
				label, value, ok := strings.Cut(r.text(f), "\n")
				if ok {
					fmt.Fprintf(sb, "  %-14s %s\n", strings.Trim(label, "*")+":", strings.ReplaceAll(value, "\n", " "))
				} else {
					writeIndented(sb, label, "  ")
				}
			}
			if b.Accessory != nil {
				r.element(sb, *b.Accessory, b.BlockID)
				sb.WriteString("\n")
			}
		case "divider":
			sb.WriteString("  ────────────────────────────────────────\n")
		case "context":
			var els []struct {
				textObj
				AltText string `json:"alt_text"`
			}
			_ = json.Unmarshal(b.Elements, &els)
			var parts []string
			for _, e := range els {
				if e.Type == "image" {
					parts = append(parts, "["+e.AltText+"]")
				} else if e.Text != "" {
					parts = append(parts, r.text(e.textObj))
				}
			}
			writeIndented(sb, strings.Join(parts, "  ·  "), "  ░ ")
		case "actions":
			var els []element
			_ = json.Unmarshal(b.Elements, &els)
			for _, e := range els {
				r.element(sb, e, b.BlockID)
			}
			sb.WriteString("\n")
		case "image":
			fmt.Fprintf(sb, "  [image: %s]\n", b.AltText)
		case "input":
			if b.Label != nil {
				optional := ""
				if b.Optional {
					optional = " (optional)"
				}
				fmt.Fprintf(sb, "  %s%s: ____\n", r.text(*b.Label), optional)
			}
		default:
			fmt.Fprintf(sb, "  [%s block]\n", b.Type)
		}
	}
}

func (r *renderer) element(sb *strings.Builder, e element, blockID string) {
	switch {
	case e.Type == "button" && e.Text != nil:
		n := len(r.buttons) + 1
		r.buttons = append(r.buttons, Button{Number: n, Label: e.Text.Text, ActionID: e.ActionID, BlockID: blockID, Value: e.Value})
		fmt.Fprintf(sb, "  [%d] %s ", n, e.Text.Text)
	case e.Type == "users_select":
		n := len(r.buttons) + 1
		label := "pick a user"
		if e.Placeholder != nil {
			label = e.Placeholder.Text
		}
		r.buttons = append(r.buttons, Button{Number: n, Label: label, ActionID: e.ActionID, BlockID: blockID, PicksUser: true})
		fmt.Fprintf(sb, "  [%d] %s (type %d @name) ", n, label, n)
	}
}

var (
	userMention = regexp.MustCompile(`<@([A-Z0-9]+)>`)
	link        = regexp.MustCompile(`<(https?://[^|>]+)\|([^>]+)>`)
	special     = regexp.MustCompile(`<!([a-z]+)>`)
	channelRef  = regexp.MustCompile(`<#([CG][A-Z0-9]+)(?:\|[^>]*)?>`)
	bold        = regexp.MustCompile(`\*([^*\n]+)\*`)
	italic      = regexp.MustCompile(`(^|\s)_([^_\n]+)_(\s|$)`)
	emoji       = strings.NewReplacer(":warning:", "⚠", ":white_check_mark:", "✔", ":x:", "✖", ":arrow_right:", "→", ":zzz:", "💤", ":double_vertical_bar:", "⏸", ":arrow_forward:", "▶",
		":large_orange_circle:", "🟠", ":large_green_circle:", "🟢", ":red_circle:", "🔴", ":hourglass:", "⌛",
		":rotating_light:", "🚨", ":ballot_box_with_ballot:", "🗳", ":no_entry_sign:", "🚫")
)

// text renders a text object: mentions become @names, links "label (url)", and the mrkdwn
// escapes are undone for the terminal.
func (r *renderer) text(t textObj) string {
	s := t.Text
	if t.Type == "mrkdwn" {
		s = userMention.ReplaceAllStringFunc(s, func(m string) string {
			return "@" + r.names(userMention.FindStringSubmatch(m)[1])
		})
		s = link.ReplaceAllString(s, "$2 ($1)")
		s = channelRef.ReplaceAllStringFunc(s, func(m string) string {
			id := channelRef.FindStringSubmatch(m)[1]
			if r.channels != nil {
				return "#" + r.channels(id)
			}
			return "#" + id
		})
		s = special.ReplaceAllString(s, "@$1")
		s = bold.ReplaceAllString(s, "$1")
		s = italic.ReplaceAllString(s, "$1$2$3")
		s = emoji.Replace(s)
		s = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
	}
	return s
}

func writeIndented(sb *strings.Builder, s, indent string) {
	for line := range strings.SplitSeq(s, "\n") {
		sb.WriteString(indent)
		sb.WriteString(line)
		sb.WriteString("\n")
	}
}
