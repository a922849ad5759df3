package render

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/cadence"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/wording"
)

// Nudge action IDs and the reassign form.
const (
	ActionNudgeLogged   = "nudge_logged"
	ActionNudgeSnooze   = "nudge_snooze"
	ActionNudgeReassign = "nudge_reassign"
)

// maxDigestRows keeps a digest within Slack's 50 blocks (two per row).
const maxDigestRows = 20

// NudgeRowBlockID and NudgeActionsBlockID name a digest row's blocks, so a click can update
// its own row in place.
func NudgeRowBlockID(id string) string     { return "nudge_" + id }
func NudgeActionsBlockID(id string) string { return "nudge_" + id + nudgeActsSuffix }

const nudgeActsSuffix = "_acts"

// NudgeRowID is the relationship a digest row's actions block belongs to.
func NudgeRowID(actionsBlockID string) (string, bool) {
	id, ok := strings.CutPrefix(actionsBlockID, "nudge_")
	if !ok {
		return "", false
	}
	return strings.CutSuffix(id, nudgeActsSuffix)
}

// NudgeDigest is one owner's DM: the relationships that need contact, most overdue first,
// each with Logged contact, Snooze 1w and a Reassign picker.
func NudgeDigest(d cadence.Digest, influencers map[string]rapport.Influencer) Message {
	n := len(d.Rows)
	head := fmt.Sprintf("*%s to look after* — a quick message keeps them warm.",
		wording.Plural(n, "relationship", "relationships"))
	bs := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil, slack.SectionBlockOptionBlockID("nudge_head"))}
	for i, r := range d.Rows {
		if i == maxDigestRows {
			bs = append(bs, slack.NewContextBlock("nudge_more", mrkdwn(fmt.Sprintf("…and %d more: `/influencer stale`", n-maxDigestRows))))
			break
		}
		rel := r.Relationship
		line := fmt.Sprintf("*%s* (@%s) · %s", escapeTrunc(relName(rel), 80), escapeTrunc(rel.Handle, 64), Escape(r.Reason))
		if in, ok := influencers[rel.ID]; ok && !in.Contact.IsZero() {
			line += "\nTheir contact: " + contactLine(in.Contact)
		}
		bs = append(bs,
			slack.NewSectionBlock(mrkdwn(Truncate(line, MaxSectionText)), nil, nil, slack.SectionBlockOptionBlockID(NudgeRowBlockID(rel.ID))),
			slack.NewActionBlock(NudgeActionsBlockID(rel.ID),
				slack.NewButtonBlockElement(ActionNudgeLogged, rel.ID, plain("Logged contact")).WithStyle(slack.StylePrimary),
				slack.NewButtonBlockElement(ActionNudgeSnooze, rel.ID, plain("Snooze 1w")),
				slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain("Reassign to…"), ActionNudgeReassign),
			))
	}
	text := fmt.Sprintf("%d relationships to look after", n)
	if n == 1 {
		text = "1 relationship to look after: " + escapeTrunc(relName(d.Rows[0].Relationship), 80)
	}
	return Message{Text: text, Blocks: bs}
}

func relName(r rapport.Relationship) string {
	if r.Name != "" {
		return r.Name
	}
	return "@" + r.Handle
}

// Escalation tells a backup or the team channel about relationships their owner has not
// picked up.
func Escalation(e cadence.EscalationDigest) Message {
	n := len(e.Items)
	head := fmt.Sprintf("*%s need a hand* — the owner hasn't picked %s up.", wording.Plural(n, "relationship", "relationships"),
		wording.ForCount(n, "it", "them"))
	var lines []string
	for i, it := range e.Items {
		if i == maxDigestRows {
			lines = append(lines, fmt.Sprintf("…and %d more.", n-maxDigestRows))
			break
		}
		r := it.Relationship
		lines = append(lines, fmt.Sprintf("• *%s* (@%s) · owner %s · %s", escapeTrunc(relName(r), 80), escapeTrunc(r.Handle, 64),
			Mention(r.Owner), Escape(it.Detail)))
	}
	return Message{Text: fmt.Sprintf("%d relationships need a hand", n), Blocks: []slack.Block{
		slack.NewSectionBlock(mrkdwn(head), nil, nil, slack.SectionBlockOptionBlockID("esc_head")),
		slack.NewSectionBlock(mrkdwn(truncateLines(lines, MaxSectionText)), nil, nil, slack.SectionBlockOptionBlockID("esc_rows")),
		slack.NewContextBlock("esc_legend", mrkdwn("Log a contact with `/influencer log <handle> <kind>` or take it over with `/influencer owner <handle> @you`.")),
	}}
}

// ReplaceRowActions returns the digest's blocks with one row's buttons replaced by a note
// saying what was done, so the DM updates in place.
func ReplaceRowActions(bs []slack.Block, id, done string) []slack.Block {
	out := make([]slack.Block, 0, len(bs))
	for _, b := range bs {
		if a, ok := b.(*slack.ActionBlock); ok && a.BlockID == NudgeActionsBlockID(id) {
			out = append(out, slack.NewContextBlock(a.BlockID, mrkdwn(done)))
			continue
		}
		out = append(out, b)
	}
	return out
}
