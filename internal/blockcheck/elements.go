package blockcheck

import "slices"

// place is where an interactive element sits; each place admits a different set.
type place int

const (
	inActions place = iota
	inAccessory
	inInput
)

var (
	selectMenus = []string{
		"static_select", "external_select", "users_select", "conversations_select", "channels_select",
		"multi_static_select", "multi_external_select", "multi_users_select",
		"multi_conversations_select", "multi_channels_select",
	}
	pickers    = []string{"datepicker", "timepicker", "checkboxes", "radio_buttons"}
	textInputs = []string{"plain_text_input", "email_text_input", "url_text_input", "number_input", "rich_text_input", "file_input"}
	placeTypes = map[place][]string{
		inActions:   concat([]string{"button", "overflow", "datetimepicker"}, selectMenus, pickers),
		inAccessory: concat([]string{"button", "overflow", "image"}, selectMenus, pickers),
		inInput:     concat([]string{"datetimepicker"}, textInputs, selectMenus, pickers),
	}
)

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// scope collects the action IDs of one block: Slack wants them unique within the block
// that contains them, not across the whole message, so per-row buttons in separate
// blocks may share a constant action_id.
type scope struct {
	actionIDs map[string]bool
}

func (v *validator) element(at pointer, raw any, where place, sc *scope) error {
	e, err := asObject(v.code, at, raw)
	if err != nil {
		return err
	}
	kind, err := e.requiredStr("type", 0)
	if err != nil {
		return err
	}
	if !slices.Contains(placeTypes[where], kind) {
		return e.fail(at.key("type"), "must be a valid element type here, not %q", kind)
	}
	if kind != "image" {
		if err := v.actionID(e, sc); err != nil {
			return err
		}
	}
	switch kind {
	case "button":
		return v.button(e)
	case "image":
		return v.imageElement(e)
	case "overflow":
		return v.overflow(e)
	case "static_select", "multi_static_select":
		return v.staticSelect(e, kind == "multi_static_select")
	case "checkboxes", "radio_buttons":
		return v.choices(e, kind == "checkboxes")
	case "plain_text_input":
		return v.plainTextInput(e)
	default:
		// Less common elements are only checked for what every element shares.
		if err := v.optionalText(e, "placeholder", MaxPlaceholder, true); err != nil {
			return err
		}
		return v.confirm(e)
	}
}

func (v *validator) actionID(e object, sc *scope) error {
	id, ok, err := e.str("action_id", MaxActionID)
	if err != nil || !ok {
		return err
	}
	if id == "" {
		return e.fail(e.at.key("action_id"), "must be more than 0 characters")
	}
	if sc.actionIDs[id] {
		return e.fail(e.at.key("action_id"), "must be unique within the block: %q is used twice", id)
	}
	sc.actionIDs[id] = true
	return nil
}

func (v *validator) button(e object) error {
	if err := e.only("type", "text", "action_id", "url", "value", "style", "confirm", "accessibility_label"); err != nil {
		return err
	}
	if err := v.requiredText(e, "text", MaxButtonText, true); err != nil {
		return err
	}
	if _, _, err := e.str("value", MaxButtonValue); err != nil {
		return err
	}
	if _, _, err := e.str("url", MaxURL); err != nil {
		return err
	}
	if _, _, err := e.str("accessibility_label", MaxButtonText); err != nil {
		return err
	}
	if err := e.oneOf("style", "primary", "danger"); err != nil {
		return err
	}
	return v.confirm(e)
}

// imageElement is the small image used in context blocks and section accessories.
func (v *validator) imageElement(e object) error {
	if err := e.only("type", "image_url", "alt_text", "slack_file"); err != nil {
		return err
	}
	return v.imageSource(e)
}

// imageSource checks the fields image blocks and image elements share: a URL or a
// Slack file, and alt text.
func (v *validator) imageSource(o object) error {
	if o.has("slack_file") {
		if _, err := o.child("slack_file"); err != nil {
			return err
		}
	} else if _, err := o.requiredStr("image_url", MaxURL); err != nil {
		return err
	}
	_, err := o.requiredStr("alt_text", MaxAltText)
	return err
}

func (v *validator) overflow(e object) error {
	if err := e.only("type", "action_id", "options", "confirm"); err != nil {
		return err
	}
	if err := v.options(e, "options", 1, MaxOverflowOptions, true, true); err != nil {
		return err
	}
	return v.confirm(e)
}

func (v *validator) staticSelect(e object, multi bool) error {
	allowed := []string{"type", "action_id", "placeholder", "options", "option_groups", "confirm", "focus_on_load"}
	if multi {
		allowed = append(allowed, "initial_options", "max_selected_items")
	} else {
		allowed = append(allowed, "initial_option")
	}
	if err := e.only(allowed...); err != nil {
		return err
	}
	if err := v.optionalText(e, "placeholder", MaxPlaceholder, true); err != nil {
		return err
	}
	switch {
	case e.has("options") && e.has("option_groups"):
		return e.fail(e.at.key("option_groups"), "must provide either options or option_groups, not both")
	case e.has("option_groups"):
		if err := v.optionGroups(e); err != nil {
			return err
		}
	default:
		if err := v.options(e, "options", 1, MaxSelectOptions, true, false); err != nil {
			return err
		}
	}
	if e.has("initial_option") {
		if err := v.option(e.at.key("initial_option"), e.fields["initial_option"], true, false); err != nil {
			return err
		}
	}
	if err := e.boolean("focus_on_load"); err != nil {
		return err
	}
	return v.confirm(e)
}

func (v *validator) choices(e object, multi bool) error {
	allowed := []string{"type", "action_id", "options", "confirm", "focus_on_load"}
	if multi {
		allowed = append(allowed, "initial_options")
	} else {
		allowed = append(allowed, "initial_option")
	}
	if err := e.only(allowed...); err != nil {
		return err
	}
	if err := v.options(e, "options", 1, MaxCheckboxOptions, false, false); err != nil {
		return err
	}
	return v.confirm(e)
}

func (v *validator) plainTextInput(e object) error {
	if err := e.only("type", "action_id", "placeholder", "initial_value", "multiline",
		"min_length", "max_length", "dispatch_action_config", "focus_on_load"); err != nil {
		return err
	}
	if err := v.optionalText(e, "placeholder", MaxPlaceholder, true); err != nil {
		return err
	}
	if err := e.boolean("multiline"); err != nil {
		return err
	}
	lo, hasLo, err := e.number("min_length")
	if err != nil {
		return err
	}
	if hasLo && (lo < 0 || lo > MaxInputLength) {
		return e.fail(e.at.key("min_length"), "must be between 0 and %d", MaxInputLength)
	}
	hi, hasHi, err := e.number("max_length")
	if err != nil {
		return err
	}
	if hasHi && (hi < 1 || hi > MaxInputLength) {
		return e.fail(e.at.key("max_length"), "must be between 1 and %d", MaxInputLength)
	}
	if hasLo && hasHi && lo > hi {
		return e.fail(e.at.key("min_length"), "must not be greater than max_length")
	}
	limit := MaxInputLength
	if hasHi {
		limit = int(hi)
	}
	_, _, err = e.str("initial_value", limit)
	return err
}
