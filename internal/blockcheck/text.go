package blockcheck

// Text objects and the composition objects built from them (options, option groups,
// confirmation dialogs). Slack is picky about where mrkdwn is allowed: headers, button
// labels, modal titles, placeholders and select options take plain_text only.

const (
	plainText = "plain_text"
	mrkdwn    = "mrkdwn"
)

// textObject checks the text object at o.fields[key]. max bounds the text itself.
func (v *validator) textObject(o object, key string, max int, plainOnly bool) error {
	return v.textAt(o.at.key(key), o.fields[key], max, plainOnly)
}

// textAt checks a text object wherever it sits, including inside arrays.
func (v *validator) textAt(at pointer, raw any, max int, plainOnly bool) error {
	t, err := asObject(v.code, at, raw)
	if err != nil {
		return err
	}
	if err := t.only("type", "text", "emoji", "verbatim"); err != nil {
		return err
	}
	kind, err := t.requiredStr("type", 0)
	if err != nil {
		return err
	}
	switch {
	case plainOnly && kind != plainText:
		return t.fail(t.at.key("type"), "must be %q", plainText)
	case kind != plainText && kind != mrkdwn:
		return t.fail(t.at.key("type"), "must be either %q or %q", plainText, mrkdwn)
	}
	if _, err := t.requiredStr("text", max); err != nil {
		return err
	}
	if kind == mrkdwn && t.has("emoji") {
		return t.fail(t.at.key("emoji"), "invalid additional property: emoji")
	}
	if kind == plainText && t.has("verbatim") {
		return t.fail(t.at.key("verbatim"), "invalid additional property: verbatim")
	}
	if err := t.boolean("emoji"); err != nil {
		return err
	}
	return t.boolean("verbatim")
}

// optionalText checks a text object only when present.
func (v *validator) optionalText(o object, key string, max int, plainOnly bool) error {
	if !o.has(key) {
		return nil
	}
	return v.textObject(o, key, max, plainOnly)
}

func (v *validator) requiredText(o object, key string, max int, plainOnly bool) error {
	if !o.has(key) {
		return o.fail(o.at.key(key), "missing required field: %s", key)
	}
	return v.textObject(o, key, max, plainOnly)
}

// option checks one option object. Checkboxes and radio buttons accept mrkdwn labels;
// selects and overflow menus do not. Only overflow options may carry a url.
func (v *validator) option(at pointer, raw any, plainOnly, allowURL bool) error {
	o, err := asObject(v.code, at, raw)
	if err != nil {
		return err
	}
	allowed := []string{"text", "value", "description"}
	if allowURL {
		allowed = append(allowed, "url")
	}
	if err := o.only(allowed...); err != nil {
		return err
	}
	if err := v.requiredText(o, "text", MaxOptionText, plainOnly); err != nil {
		return err
	}
	if _, err := o.requiredStr("value", MaxOptionValue); err != nil {
		return err
	}
	if err := v.optionalText(o, "description", MaxOptionDescription, plainOnly); err != nil {
		return err
	}
	_, _, err = o.str("url", MaxURL)
	return err
}

// options checks an options array with between min and max entries.
func (v *validator) options(o object, key string, min, max int, plainOnly, allowURL bool) error {
	items, err := o.array(key, min, max)
	if err != nil {
		return err
	}
	for i, item := range items {
		if err := v.option(o.at.key(key).index(i), item, plainOnly, allowURL); err != nil {
			return err
		}
	}
	return nil
}

// optionGroups checks option_groups: at most 100 groups of at most 100 options each.
func (v *validator) optionGroups(o object) error {
	groups, err := o.array("option_groups", 1, MaxSelectOptions)
	if err != nil {
		return err
	}
	for i, raw := range groups {
		g, err := asObject(v.code, o.at.key("option_groups").index(i), raw)
		if err != nil {
			return err
		}
		if err := g.only("label", "options"); err != nil {
			return err
		}
		if err := v.requiredText(g, "label", MaxOptionGroupLabel, true); err != nil {
			return err
		}
		if err := v.options(g, "options", 1, MaxSelectOptions, true, false); err != nil {
			return err
		}
	}
	return nil
}

// confirm checks a confirmation dialog object.
func (v *validator) confirm(o object) error {
	if !o.has("confirm") {
		return nil
	}
	c, err := o.child("confirm")
	if err != nil {
		return err
	}
	if err := c.only("title", "text", "confirm", "deny", "style"); err != nil {
		return err
	}
	if err := v.requiredText(c, "title", MaxConfirmTitle, true); err != nil {
		return err
	}
	if err := v.requiredText(c, "text", MaxConfirmText, false); err != nil {
		return err
	}
	if err := v.requiredText(c, "confirm", MaxConfirmButton, true); err != nil {
		return err
	}
	if err := v.optionalText(c, "deny", MaxConfirmButton, true); err != nil {
		return err
	}
	return c.oneOf("style", "primary", "danger")
}
