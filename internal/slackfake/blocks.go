package slackfake

import (
	"encoding/json"
	"fmt"
)

// autoBlockID is the block_id the fake assigns to a block sent without one, the way
// Slack does; deterministic so tests can predict it.
func autoBlockID(i int) string { return fmt.Sprintf("auto-%d", i) }

// fillBlockIDs returns blocks with every missing block_id filled in.
func fillBlockIDs(raw json.RawMessage) json.RawMessage {
	var blocks []map[string]any
	if json.Unmarshal(raw, &blocks) != nil {
		return raw
	}
	changed := false
	for i, b := range blocks {
		if id, _ := b["block_id"].(string); id == "" {
			b["block_id"] = autoBlockID(i)
			changed = true
		}
	}
	if !changed {
		return raw
	}
	out, err := json.Marshal(blocks)
	if err != nil {
		return raw
	}
	return out
}

// element is an interactive element found in a block set.
type element struct {
	blockID string
	fields  map[string]any
}

func (e element) kind() string { k, _ := e.fields["type"].(string); return k }

// elementsOf lists the interactive elements of blocks: action block elements, section
// accessories and input elements, each with its (possibly assigned) block_id.
func elementsOf(raw json.RawMessage) []element {
	var blocks []map[string]any
	if json.Unmarshal(raw, &blocks) != nil {
		return nil
	}
	var out []element
	for i, b := range blocks {
		id, _ := b["block_id"].(string)
		if id == "" {
			id = autoBlockID(i)
		}
		if elems, ok := b["elements"].([]any); ok && b["type"] == "actions" {
			for _, e := range elems {
				if m, ok := e.(map[string]any); ok {
					out = append(out, element{blockID: id, fields: m})
				}
			}
		}
		for _, key := range []string{"accessory", "element"} {
			if m, ok := b[key].(map[string]any); ok {
				out = append(out, element{blockID: id, fields: m})
			}
		}
	}
	return out
}

// findElement finds the element with actionID (and blockID, when given).
func findElement(blocks json.RawMessage, blockID, actionID string) (element, error) {
	for _, e := range elementsOf(blocks) {
		if id, _ := e.fields["action_id"].(string); id == actionID && (blockID == "" || blockID == e.blockID) {
			return e, nil
		}
	}
	if blockID != "" {
		return element{}, fmt.Errorf("%w: no element with action_id %q in block %q", ErrNotFound, actionID, blockID)
	}
	return element{}, fmt.Errorf("%w: no element with action_id %q", ErrNotFound, actionID)
}

// findOption returns the option of a select, overflow, radio or checkbox element whose
// value is value, searching option groups too.
func findOption(e element, value string) (map[string]any, error) {
	var opts []any
	if o, ok := e.fields["options"].([]any); ok {
		opts = append(opts, o...)
	}
	if groups, ok := e.fields["option_groups"].([]any); ok {
		for _, g := range groups {
			if gm, ok := g.(map[string]any); ok {
				if o, ok := gm["options"].([]any); ok {
					opts = append(opts, o...)
				}
			}
		}
	}
	for _, o := range opts {
		if om, ok := o.(map[string]any); ok && om["value"] == value {
			return om, nil
		}
	}
	return nil, fmt.Errorf("%w: element %q has no option with value %q", ErrNotFound, e.fields["action_id"], value)
}
