package slackfake

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
)

// Value is what a user entered in one input element: Value for text inputs, Selected
// for everything chosen (option values, user or channel IDs, "2025-03-01" dates,
// "14:30" times, a Unix time for datetimepicker).
type Value struct {
	Value    string
	Selected []string
}

// Text is a Value typed into a text input.
func Text(s string) Value { return Value{Value: s} }

// Choose is a Value picked from a menu, picker or checkbox group.
func Choose(values ...string) Value { return Value{Selected: values} }

func (v Value) empty() bool { return v.Value == "" && len(v.Selected) == 0 }

// stateValues builds view.state.values from what the user entered.
func stateValues(fields map[string]any, given map[string]map[string]Value) (map[string]any, error) {
	blocks, _ := fields["blocks"].([]any)
	out := map[string]any{}
	seen := map[string]map[string]bool{}
	for _, raw := range blocks {
		b, _ := raw.(map[string]any)
		if b == nil || b["type"] != "input" {
			continue
		}
		blockID, _ := b["block_id"].(string)
		el, _ := b["element"].(map[string]any)
		actionID, _ := el["action_id"].(string)
		e := element{blockID: blockID, fields: el}
		val, ok := given[blockID][actionID]
		if optional, _ := b["optional"].(bool); !optional && (!ok || val.empty()) {
			return nil, fmt.Errorf("%w: required input %s/%s is empty", ErrInvalidInput, blockID, actionID)
		}
		sv, err := stateValue(e, val)
		if err != nil {
			return nil, err
		}
		out[blockID] = map[string]any{actionID: sv}
		if seen[blockID] == nil {
			seen[blockID] = map[string]bool{}
		}
		seen[blockID][actionID] = true
	}
	for _, blockID := range slices.Sorted(maps.Keys(given)) {
		for actionID := range given[blockID] {
			if !seen[blockID][actionID] {
				return nil, fmt.Errorf("%w: the view has no input %s/%s", ErrNotFound, blockID, actionID)
			}
		}
	}
	return out, nil
}

// stateValue renders one input's state the way Slack does for its element type;
// empty inputs carry null values.
func stateValue(e element, v Value) (map[string]any, error) {
	kind := e.kind()
	out := map[string]any{"type": kind}
	first := func() any {
		if len(v.Selected) == 0 {
			return nil
		}
		return v.Selected[0]
	}
	options := func() ([]any, error) {
		opts := []any{}
		for _, sel := range v.Selected {
			o, err := findOption(e, sel)
			if err != nil {
				return nil, err
			}
			opts = append(opts, o)
		}
		return opts, nil
	}
	switch kind {
	case "plain_text_input", "email_text_input", "url_text_input", "number_input":
		out["value"] = nil
		if v.Value != "" {
			out["value"] = v.Value
		}
	case "static_select", "radio_buttons":
		out["selected_option"] = nil
		if len(v.Selected) > 0 {
			o, err := findOption(e, v.Selected[0])
			if err != nil {
				return nil, err
			}
			out["selected_option"] = o
		}
	case "external_select":
		out["selected_option"] = nil
		if len(v.Selected) > 0 {
			out["selected_option"] = map[string]any{"text": map[string]any{"type": "plain_text", "text": v.Selected[0]}, "value": v.Selected[0]}
		}
	case "multi_static_select", "checkboxes":
		opts, err := options()
		if err != nil {
			return nil, err
		}
		out["selected_options"] = opts
	case "datepicker":
		out["selected_date"] = first()
	case "timepicker":
		out["selected_time"] = first()
	case "datetimepicker":
		out["selected_date_time"] = nil
		if len(v.Selected) > 0 {
			at, err := strconv.ParseInt(v.Selected[0], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%w: datetimepicker value %q is not a Unix time", ErrInvalidInput, v.Selected[0])
			}
			out["selected_date_time"] = at
		}
	case "users_select":
		out["selected_user"] = first()
	case "conversations_select":
		out["selected_conversation"] = first()
	case "channels_select":
		out["selected_channel"] = first()
	case "multi_users_select":
		out["selected_users"] = append([]string{}, v.Selected...)
	case "multi_conversations_select":
		out["selected_conversations"] = append([]string{}, v.Selected...)
	case "multi_channels_select":
		out["selected_channels"] = append([]string{}, v.Selected...)
	default:
		out["value"] = v.Value
	}
	return out, nil
}
