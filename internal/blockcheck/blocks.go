package blockcheck

import "slices"

// The block types Rapport renders. Anything else is refused, which also catches typos.
var knownBlocks = []string{"section", "header", "divider", "context", "actions", "image", "input", "rich_text"}

var richTextElements = []string{"rich_text_section", "rich_text_list", "rich_text_preformatted", "rich_text_quote"}

// blockList checks an array of at most max blocks.
func (v *validator) blockList(at pointer, raw any, max int) error {
	blocks, err := asArray(v.code, at, raw)
	if err != nil {
		return err
	}
	if len(blocks) > max {
		return &Error{Code: v.code, Reason: "no more than " + itoa(max) + " items allowed", Pointer: string(at)}
	}
	for i, b := range blocks {
		if err := v.block(at.index(i), b); err != nil {
			return err
		}
	}
	return nil
}

func (v *validator) block(at pointer, raw any) error {
	b, err := asObject(v.code, at, raw)
	if err != nil {
		return err
	}
	kind, err := b.requiredStr("type", 0)
	if err != nil {
		return err
	}
	if !slices.Contains(knownBlocks, kind) {
		return b.fail(at.key("type"), "must be a valid block type, not %q", kind)
	}
	if err := v.blockID(b); err != nil {
		return err
	}
	sc := &scope{actionIDs: map[string]bool{}}
	switch kind {
	case "section":
		return v.section(b, sc)
	case "header":
		return v.header(b)
	case "divider":
		return b.only("type", "block_id")
	case "context":
		return v.context(b)
	case "actions":
		return v.actions(b, sc)
	case "image":
		return v.imageBlock(b)
	case "input":
		return v.input(b, sc)
	default:
		return v.richText(b)
	}
}

// blockID enforces length and uniqueness: Slack refuses a payload in which two blocks
// share a block_id, because interaction payloads identify blocks by it.
func (v *validator) blockID(b object) error {
	id, ok, err := b.str("block_id", MaxBlockID)
	if err != nil || !ok {
		return err
	}
	if id == "" {
		return b.fail(b.at.key("block_id"), "must be more than 0 characters")
	}
	if v.blockIDs[id] {
		return b.fail(b.at.key("block_id"), "must be unique: %q is used twice", id)
	}
	v.blockIDs[id] = true
	return nil
}

func (v *validator) section(b object, sc *scope) error {
	if err := b.only("type", "block_id", "text", "fields", "accessory", "expand"); err != nil {
		return err
	}
	if !b.has("text") && !b.has("fields") {
		return b.fail(b.at, "must provide text or fields")
	}
	if err := v.optionalText(b, "text", MaxSectionText, false); err != nil {
		return err
	}
	if b.has("fields") {
		fields, err := b.array("fields", 1, MaxSectionFields)
		if err != nil {
			return err
		}
		for i, f := range fields {
			if err := v.textAt(b.at.key("fields").index(i), f, MaxFieldText, false); err != nil {
				return err
			}
		}
	}
	if b.has("accessory") {
		if err := v.element(b.at.key("accessory"), b.fields["accessory"], inAccessory, sc); err != nil {
			return err
		}
	}
	return b.boolean("expand")
}

func (v *validator) header(b object) error {
	if err := b.only("type", "block_id", "text", "level"); err != nil {
		return err
	}
	return v.requiredText(b, "text", MaxHeaderText, true)
}

func (v *validator) context(b object) error {
	if err := b.only("type", "block_id", "elements"); err != nil {
		return err
	}
	elems, err := b.array("elements", 1, MaxContextElements)
	if err != nil {
		return err
	}
	for i, raw := range elems {
		at := b.at.key("elements").index(i)
		e, err := asObject(v.code, at, raw)
		if err != nil {
			return err
		}
		if kind, _, _ := e.str("type", 0); kind == "image" {
			if err := v.imageElement(e); err != nil {
				return err
			}
			continue
		}
		if err := v.textAt(at, raw, MaxTextObject, false); err != nil {
			return err
		}
	}
	return nil
}

func (v *validator) actions(b object, sc *scope) error {
	if err := b.only("type", "block_id", "elements"); err != nil {
		return err
	}
	elems, err := b.array("elements", 1, MaxActionsElements)
	if err != nil {
		return err
	}
	for i, e := range elems {
		if err := v.element(b.at.key("elements").index(i), e, inActions, sc); err != nil {
			return err
		}
	}
	return nil
}

func (v *validator) imageBlock(b object) error {
	if err := b.only("type", "block_id", "image_url", "alt_text", "title", "slack_file"); err != nil {
		return err
	}
	if err := v.imageSource(b); err != nil {
		return err
	}
	return v.optionalText(b, "title", MaxImageTitle, true)
}

func (v *validator) input(b object, sc *scope) error {
	if err := b.only("type", "block_id", "label", "element", "hint", "optional", "dispatch_action"); err != nil {
		return err
	}
	if err := v.requiredText(b, "label", MaxInputLabel, true); err != nil {
		return err
	}
	if !b.has("element") {
		return b.fail(b.at.key("element"), "missing required field: element")
	}
	if err := v.element(b.at.key("element"), b.fields["element"], inInput, sc); err != nil {
		return err
	}
	if err := v.optionalText(b, "hint", MaxInputHint, true); err != nil {
		return err
	}
	if err := b.boolean("optional"); err != nil {
		return err
	}
	return b.boolean("dispatch_action")
}

// richText is checked only at the top level: Rapport renders rich_text rarely and its
// inner grammar is large.
func (v *validator) richText(b object) error {
	if err := b.only("type", "block_id", "elements"); err != nil {
		return err
	}
	elems, err := b.array("elements", 1, 0)
	if err != nil {
		return err
	}
	for i, raw := range elems {
		e, err := asObject(v.code, b.at.key("elements").index(i), raw)
		if err != nil {
			return err
		}
		kind, err := e.requiredStr("type", 0)
		if err != nil {
			return err
		}
		if !slices.Contains(richTextElements, kind) {
			return e.fail(e.at.key("type"), "must be a valid rich text element type, not %q", kind)
		}
	}
	return nil
}
