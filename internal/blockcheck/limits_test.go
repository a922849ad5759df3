package blockcheck

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// Builders for payloads around each limit; kept tiny so every table row shows only
// the value being pushed.

type m = map[string]any

func plain(s string) m { return m{"type": "plain_text", "text": s} }
func md(s string) m    { return m{"type": "mrkdwn", "text": s} }

func button(actionID, text string) m {
	return m{"type": "button", "action_id": actionID, "text": plain(text)}
}

func sectionText(s string) m { return m{"type": "section", "text": md(s)} }

func option(text, value string) m { return m{"text": plain(text), "value": value} }

func repeat[T any](n int, f func(i int) T) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

func with(base m, kv ...any) m {
	out := m{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func modal(blocks ...any) m {
	if blocks == nil {
		blocks = []any{}
	}
	return m{"type": "modal", "title": plain("Title"), "blocks": blocks}
}

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLimits(t *testing.T) {
	x := strings.Repeat
	tests := []struct {
		name   string
		blocks []any // message blocks, or nil when view is set
		view   m
		want   string // "" = accepted; otherwise reason + pointer
	}{
		{"section text at 3000", []any{sectionText(x("a", 3000))}, nil, ""},
		{"section text over 3000", []any{sectionText(x("a", 3001))}, nil, "must be less than 3001 characters [json-pointer:/blocks/0/text/text]"},
		{"characters not bytes", []any{sectionText(x("é", 3000))}, nil, ""},
		{"10 fields", []any{m{"type": "section", "fields": repeat(10, func(int) any { return md("f") })}}, nil, ""},
		{"11 fields", []any{m{"type": "section", "fields": repeat(11, func(int) any { return md("f") })}}, nil, "no more than 10 items allowed [json-pointer:/blocks/0/fields]"},
		{"field over 2000", []any{m{"type": "section", "fields": []any{md(x("a", 2001))}}}, nil, "must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]"},
		{"header at 150", []any{m{"type": "header", "text": plain(x("h", 150))}}, nil, ""},
		{"header over 150", []any{m{"type": "header", "text": plain(x("h", 151))}}, nil, "must be less than 151 characters [json-pointer:/blocks/0/text/text]"},
		{"button text at 75", []any{m{"type": "actions", "elements": []any{button("a", x("b", 75))}}}, nil, ""},
		{"button text over 75", []any{m{"type": "actions", "elements": []any{button("a", x("b", 76))}}}, nil, "must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]"},
		{"action_id over 255", []any{m{"type": "actions", "elements": []any{button(x("a", 256), "b")}}}, nil, "must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]"},
		{"button value over 2000", []any{m{"type": "actions", "elements": []any{with(button("a", "b"), "value", x("v", 2001))}}}, nil, "must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]"},
		{"button url over 3000", []any{m{"type": "actions", "elements": []any{with(button("a", "b"), "url", x("u", 3001))}}}, nil, "must be less than 3001 characters [json-pointer:/blocks/0/elements/0/url]"},
		{"block_id at 255", []any{with(sectionText("s"), "block_id", x("b", 255))}, nil, ""},
		{"block_id over 255", []any{with(sectionText("s"), "block_id", x("b", 256))}, nil, "must be less than 256 characters [json-pointer:/blocks/0/block_id]"},
		{"50 blocks", repeat(50, func(int) any { return m{"type": "divider"} }), nil, ""},
		{"51 blocks", repeat(51, func(int) any { return m{"type": "divider"} }), nil, "no more than 50 items allowed [json-pointer:/blocks]"},
		{"10 context elements", []any{m{"type": "context", "elements": repeat(10, func(int) any { return md("c") })}}, nil, ""},
		{"11 context elements", []any{m{"type": "context", "elements": repeat(11, func(int) any { return md("c") })}}, nil, "no more than 10 items allowed [json-pointer:/blocks/0/elements]"},
		{"25 actions", []any{m{"type": "actions", "elements": repeat(25, func(i int) any { return button(fmt.Sprint(i), "b") })}}, nil, ""},
		{"26 actions", []any{m{"type": "actions", "elements": repeat(26, func(i int) any { return button(fmt.Sprint(i), "b") })}}, nil, "no more than 25 items allowed [json-pointer:/blocks/0/elements]"},
		{"100 options", []any{m{"type": "actions", "elements": []any{m{"type": "static_select", "action_id": "s", "options": repeat(100, func(i int) any { return option("o", fmt.Sprint(i)) })}}}}, nil, ""},
		{"101 options", []any{m{"type": "actions", "elements": []any{m{"type": "static_select", "action_id": "s", "options": repeat(101, func(i int) any { return option("o", fmt.Sprint(i)) })}}}}, nil, "no more than 100 items allowed [json-pointer:/blocks/0/elements/0/options]"},
		{"option text over 75", []any{m{"type": "actions", "elements": []any{m{"type": "static_select", "action_id": "s", "options": []any{option(x("o", 76), "v")}}}}}, nil, "must be less than 76 characters [json-pointer:/blocks/0/elements/0/options/0/text/text]"},
		{"option value over 150", []any{m{"type": "actions", "elements": []any{m{"type": "static_select", "action_id": "s", "options": []any{option("o", x("v", 151))}}}}}, nil, "must be less than 151 characters [json-pointer:/blocks/0/elements/0/options/0/value]"},
		{"6 overflow options", []any{with(sectionText("s"), "accessory", m{"type": "overflow", "action_id": "o", "options": repeat(6, func(i int) any { return option("o", fmt.Sprint(i)) })})}, nil, "no more than 5 items allowed [json-pointer:/blocks/0/accessory/options]"},
		{"alt_text over 2000", []any{m{"type": "image", "image_url": "https://e.org/a.png", "alt_text": x("a", 2001)}}, nil, "must be less than 2001 characters [json-pointer:/blocks/0/alt_text]"},
		{"image_url over 3000", []any{m{"type": "image", "image_url": x("u", 3001), "alt_text": "a"}}, nil, "must be less than 3001 characters [json-pointer:/blocks/0/image_url]"},
		{"input label over 2000", nil, with(modal(m{"type": "input", "label": plain(x("l", 2001)), "element": m{"type": "plain_text_input"}}), "submit", plain("OK")), "must be less than 2001 characters [json-pointer:/view/blocks/0/label/text]"},
		{"100 view blocks", nil, modal(repeat(100, func(int) any { return m{"type": "divider"} })...), ""},
		{"101 view blocks", nil, modal(repeat(101, func(int) any { return m{"type": "divider"} })...), "no more than 100 items allowed [json-pointer:/view/blocks]"},
		{"title at 24", nil, with(modal(), "title", plain(x("t", 24))), ""},
		{"title over 24", nil, with(modal(), "title", plain(x("t", 25))), "must be less than 25 characters [json-pointer:/view/title/text]"},
		{"submit over 24", nil, with(modal(), "submit", plain(x("s", 25))), "must be less than 25 characters [json-pointer:/view/submit/text]"},
		{"close over 24", nil, with(modal(), "close", plain(x("c", 25))), "must be less than 25 characters [json-pointer:/view/close/text]"},
		{"callback_id over 255", nil, with(modal(), "callback_id", x("c", 256)), "must be less than 256 characters [json-pointer:/view/callback_id]"},
		{"private_metadata at 3000", nil, with(modal(), "private_metadata", x("p", 3000)), ""},
		{"private_metadata over 3000", nil, with(modal(), "private_metadata", x("p", 3001)), "must be less than 3001 characters [json-pointer:/view/private_metadata]"},
		{"home private_metadata over 3000", nil, m{"type": "home", "blocks": []any{}, "private_metadata": x("p", 3001)}, "must be less than 3001 characters [json-pointer:/view/private_metadata]"},
		{"duplicate block_id in view", nil, modal(m{"type": "divider", "block_id": "d"}, m{"type": "divider", "block_id": "d"}), `must be unique: "d" is used twice [json-pointer:/view/blocks/1/block_id]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.view != nil {
				err = ValidateViewJSON(mustJSON(t, tt.view))
			} else {
				err = ValidateMessageBlocks(mustJSON(t, tt.blocks))
			}
			if tt.want == "" {
				if err != nil {
					t.Fatalf("want accepted, got %v", err)
				}
				return
			}
			be, ok := err.(*Error)
			if !ok {
				t.Fatalf("want *Error %q, got %v", tt.want, err)
			}
			if got := be.Detail(); got != tt.want {
				t.Fatalf("detail mismatch\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

func TestValidateMessage(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		blocks string
		want   string
	}{
		{"text only", "hello", "", ""},
		{"blocks only", "", `[{"type":"divider"}]`, ""},
		{"neither", "", "", "no_text: must provide text or blocks [json-pointer:/text]"},
		{"empty blocks array and no text", "", "[]", "no_text: must provide text or blocks [json-pointer:/text]"},
		{"text at 40000", strings.Repeat("t", 40000), "", ""},
		{"text over 40000", strings.Repeat("t", 40001), "", "msg_too_long: must be less than 40001 characters [json-pointer:/text]"},
		{"bad blocks", "fallback", `[{"type":"header"}]`, "invalid_blocks: missing required field: text [json-pointer:/blocks/0/text]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertError(t, ValidateMessage(tt.text, json.RawMessage(tt.blocks)), tt.want)
		})
	}
}
