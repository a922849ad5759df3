package blockcheck

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// CodeNoText is Slack's answer to a message with neither text nor blocks.
const CodeNoText = "no_text"

type validator struct {
	code     string
	blockIDs map[string]bool
}

func newValidator(code string) *validator {
	return &validator{code: code, blockIDs: map[string]bool{}}
}

// ValidateMessage checks a whole chat message: fallback text and blocks. Every message
// should carry text (notifications and screen readers use it), but Slack only refuses a
// message that has neither.
func ValidateMessage(text string, blocks json.RawMessage) error {
	if err := ValidateMessageText(text); err != nil {
		return err
	}
	if isEmpty(blocks) {
		if text == "" {
			return &Error{Code: CodeNoText, Reason: "must provide text or blocks", Pointer: "/text"}
		}
		return nil
	}
	return ValidateMessageBlocks(blocks)
}

// ValidateMessageText checks the top-level text of a message.
func ValidateMessageText(text string) error {
	if utf8.RuneCountInString(text) > MaxMessageText {
		return &Error{Code: CodeMsgTooLong, Reason: "must be less than " + itoa(MaxMessageText+1) + " characters", Pointer: "/text"}
	}
	return nil
}

// ValidateMessageBlocks checks the blocks array of a message (at most 50 blocks).
func ValidateMessageBlocks(blocks json.RawMessage) error {
	raw, err := decode(blocks, "/blocks", CodeInvalidBlocksFormat)
	if err != nil {
		return err
	}
	return newValidator(CodeInvalidBlocks).blockList("/blocks", raw, MaxMessageBlocks)
}

// ValidateViewJSON checks a view object as passed to views.open, views.update,
// views.push or views.publish: a modal (title required, at most 100 blocks) or a home
// tab (at most 100 blocks, no title). Like Slack, it reports problems with the code
// invalid_arguments and pointers under /view.
func ValidateViewJSON(view json.RawMessage) error {
	const at pointer = "/view"
	raw, err := decode(view, at, CodeInvalidArguments)
	if err != nil {
		return err
	}
	v := newValidator(CodeInvalidArguments)
	o, err := asObject(v.code, at, raw)
	if err != nil {
		return err
	}
	kind, err := o.requiredStr("type", 0)
	if err != nil {
		return err
	}
	switch kind {
	case "modal":
		err = v.modal(o)
	case "home":
		err = o.only("type", "blocks", "private_metadata", "callback_id", "external_id")
	default:
		return o.fail(at.key("type"), "must be one of: modal, home")
	}
	if err != nil {
		return err
	}
	if _, _, err := o.str("private_metadata", MaxPrivateMetadata); err != nil {
		return err
	}
	if _, _, err := o.str("callback_id", MaxCallbackID); err != nil {
		return err
	}
	if _, _, err := o.str("external_id", MaxExternalID); err != nil {
		return err
	}
	if !o.has("blocks") {
		return o.fail(at.key("blocks"), "missing required field: blocks")
	}
	if err := v.blockList(at.key("blocks"), o.fields["blocks"], MaxViewBlocks); err != nil {
		return err
	}
	if kind == "modal" && !o.has("submit") && hasInputBlock(o.fields["blocks"]) {
		return o.fail(at.key("submit"), "must provide submit when blocks contain an input block")
	}
	return nil
}

func (v *validator) modal(o object) error {
	if err := o.only("type", "title", "blocks", "close", "submit", "private_metadata", "callback_id",
		"clear_on_close", "notify_on_close", "external_id", "submit_disabled"); err != nil {
		return err
	}
	if err := v.requiredText(o, "title", MaxModalTitle, true); err != nil {
		return err
	}
	if err := v.optionalText(o, "submit", MaxModalButton, true); err != nil {
		return err
	}
	if err := v.optionalText(o, "close", MaxModalButton, true); err != nil {
		return err
	}
	for _, k := range []string{"clear_on_close", "notify_on_close", "submit_disabled"} {
		if err := o.boolean(k); err != nil {
			return err
		}
	}
	return nil
}

func hasInputBlock(raw any) bool {
	blocks, _ := raw.([]any)
	for _, b := range blocks {
		if m, ok := b.(map[string]any); ok && m["type"] == "input" {
			return true
		}
	}
	return false
}

// decode parses raw JSON, reporting malformed input the way Slack does.
func decode(raw json.RawMessage, at pointer, code string) (any, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, &Error{Code: code, Reason: "must be valid JSON: " + err.Error(), Pointer: string(at)}
	}
	return v, nil
}

func isEmpty(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || bytes.Equal(t, []byte("null")) || bytes.Equal(t, []byte("[]"))
}

func itoa(n int) string { return strconv.Itoa(n) }
