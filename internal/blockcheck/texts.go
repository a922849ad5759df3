package blockcheck

import "encoding/json"

// MrkdwnTexts returns the text of every mrkdwn text object in a block payload, in document
// order. Tests use it to check that user text reaching Slack's markup was escaped.
func MrkdwnTexts(blocks json.RawMessage) ([]string, error) {
	var tree any
	if err := json.Unmarshal(blocks, &tree); err != nil {
		return nil, err
	}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if x["type"] == "mrkdwn" {
				if s, ok := x["text"].(string); ok {
					out = append(out, s)
				}
			}
			for _, k := range []string{"text", "fields", "elements", "accessory", "element", "label", "hint"} {
				if c, ok := x[k]; ok {
					walk(c)
				}
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(tree)
	return out, nil
}
