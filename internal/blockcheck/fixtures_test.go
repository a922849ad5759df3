package blockcheck

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixtureWant maps each testdata file to the error Slack would give, or "" when Slack
// accepts it. Files named message_* hold a blocks array, view_* a view object.
var fixtureWant = map[string]string{
	"message_ok_profile_card.json": "",
	"message_ok_digest_rows.json":  "",
	"message_ok_menus.json":        "",
	"view_ok_log_touchpoint.json":  "",
	"view_ok_home.json":            "",

	"message_bad_unknown_block.json":       `invalid_blocks: must be a valid block type, not "tabel" [json-pointer:/blocks/0/type]`,
	"message_bad_header_mrkdwn.json":       `invalid_blocks: must be "plain_text" [json-pointer:/blocks/0/text/type]`,
	"message_bad_duplicate_block_id.json":  `invalid_blocks: must be unique: "a" is used twice [json-pointer:/blocks/1/block_id]`,
	"message_bad_duplicate_action_id.json": `invalid_blocks: must be unique within the block: "go" is used twice [json-pointer:/blocks/0/elements/1/action_id]`,
	"message_bad_button_style.json":        `invalid_blocks: must be one of: primary, danger [json-pointer:/blocks/0/elements/0/style]`,
	"message_bad_section_empty.json":       `invalid_blocks: must provide text or fields [json-pointer:/blocks/0]`,
	"message_bad_divider_extra.json":       `invalid_blocks: invalid additional property: text [json-pointer:/blocks/0/text]`,
	"message_bad_context_empty.json":       `invalid_blocks: must provide at least 1 items [json-pointer:/blocks/0/elements]`,
	"message_bad_image_no_alt.json":        `invalid_blocks: missing required field: alt_text [json-pointer:/blocks/0/alt_text]`,
	"message_bad_empty_text.json":          `invalid_blocks: must be more than 0 characters [json-pointer:/blocks/0/text/text]`,
	"message_bad_mrkdwn_emoji.json":        `invalid_blocks: invalid additional property: emoji [json-pointer:/blocks/0/text/emoji]`,
	"message_bad_option_mrkdwn.json":       `invalid_blocks: must be "plain_text" [json-pointer:/blocks/0/elements/0/options/0/text/type]`,
	"message_bad_accessory_input.json":     `invalid_blocks: must be a valid element type here, not "plain_text_input" [json-pointer:/blocks/0/accessory/type]`,
	"message_bad_button_text_type.json":    `invalid_blocks: must be "plain_text" [json-pointer:/blocks/0/elements/0/text/type]`,
	"message_bad_typo_field.json":          `invalid_blocks: invalid additional property: txt [json-pointer:/blocks/0/txt]`,
	"message_bad_actions_empty.json":       `invalid_blocks: must provide at least 1 items [json-pointer:/blocks/0/elements]`,
	"message_bad_input_no_element.json":    `invalid_blocks: missing required field: element [json-pointer:/blocks/0/element]`,
	"message_bad_text_type.json":           `invalid_blocks: must be either "plain_text" or "mrkdwn" [json-pointer:/blocks/0/text/type]`,
	"message_bad_json.json":                `invalid_blocks_format: must be valid JSON: unexpected end of JSON input [json-pointer:/blocks]`,

	"view_bad_no_title.json":        `invalid_arguments: missing required field: title [json-pointer:/view/title]`,
	"view_bad_title_mrkdwn.json":    `invalid_arguments: must be "plain_text" [json-pointer:/view/title/type]`,
	"view_bad_input_no_submit.json": `invalid_arguments: must provide submit when blocks contain an input block [json-pointer:/view/submit]`,
	"view_bad_type.json":            `invalid_arguments: must be one of: modal, home [json-pointer:/view/type]`,
	"view_bad_home_title.json":      `invalid_arguments: invalid additional property: title [json-pointer:/view/title]`,
	"view_bad_block_pointer.json":   `invalid_arguments: must be more than 0 characters [json-pointer:/view/blocks/0/text/text]`,
}

func TestFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(fixtureWant) {
		t.Errorf("testdata has %d fixtures, the table %d: keep them in step", len(files), len(fixtureWant))
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
			want, ok := fixtureWant[name]
			if !ok {
				t.Fatalf("fixture %s has no expectation in fixtureWant", name)
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(name, "view_") {
				err = ValidateViewJSON(raw)
			} else {
				err = ValidateMessageBlocks(raw)
			}
			assertError(t, err, want)
		})
	}
}

func assertError(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("want accepted, got %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("want %q, got accepted", want)
	}
	if got := err.Error(); got != want {
		t.Fatalf("error mismatch\n got: %s\nwant: %s", got, want)
	}
	var be *Error
	if !errors.As(err, &be) {
		t.Fatalf("want *blockcheck.Error, got %T", err)
	}
}
