package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/poll"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/wording"
)

// Poll actions and the note form for conditional go and no-go votes.
const (
	ActionPollGo          = "poll_go"
	ActionPollConditional = "poll_conditional"
	ActionPollNoGo        = "poll_no_go"
	ViewPollNote          = "poll_note"
	PollNoteBlock         = "note"
)

// PollMessage is the go/no-go poll in the campaign channel, with the live tally and voters.
// A closed poll shows the decision and no buttons.
func PollMessage(c rapport.Campaign, p poll.Poll, now time.Time) Message {
	t := poll.TallyVotes(p)
	d := poll.Decide(p, now)
	if p.Closed {
		d = p.Decision
	}
	head := fmt.Sprintf("*Go / no-go: %s* — launch %s", escapeTrunc(c.Name, 100), campaignDates(c))
	if !p.Deadline.IsZero() && !p.Closed {
		head += "\nVoting closes " + p.Deadline.UTC().Format("Mon 2 Jan 15:04 UTC") + " (" + wording.In(p.Deadline.Sub(now)) + ")"
	}
	voters := func(ch poll.Choice) string { return mentionsUpTo(t.Voters[ch], maxFieldMentions) }
	fields := []*slack.TextBlockObject{
		mrkdwn(fmt.Sprintf("*Go* (%d)\n%s", t.Go, voters(poll.Go))),
		mrkdwn(fmt.Sprintf("*Conditional go* (%d)\n%s", t.Conditional, voters(poll.ConditionalGo))),
		mrkdwn(fmt.Sprintf("*No-go* (%d)\n%s", t.NoGo, voters(poll.NoGo))),
		mrkdwn("*Waiting for*\n" + mentionsUpTo(t.MissingApprovers, maxFieldMentions)),
	}
	if len(t.Advisory) > 0 {
		var adv []string
		for i, v := range t.Advisory {
			if i == maxFieldMentions {
				adv = append(adv, fmt.Sprintf("and %d more", len(t.Advisory)-maxFieldMentions))
				break
			}
			adv = append(adv, Mention(v.User)+" "+strings.ToLower(v.Choice.Label()))
		}
		fields = append(fields, mrkdwn(fmt.Sprintf("*Advisory, not approvers* (%d)\n%s", len(t.Advisory), strings.Join(adv, ", "))))
	}
	bs := []slack.Block{
		slack.NewSectionBlock(mrkdwn(head), nil, nil, slack.SectionBlockOptionBlockID("poll_head")),
		slack.NewSectionBlock(nil, fields, nil, slack.SectionBlockOptionBlockID("poll_tally")),
	}
	var notes []string
	for _, v := range append(append([]poll.Vote{}, d.Conditions...), d.Objections...) {
		notes = append(notes, fmt.Sprintf("• %s (%s): %s", Mention(v.User), strings.ReplaceAll(string(v.Choice), "_", " "),
			escapeTrunc(v.Note, 300)))
	}
	if len(notes) > 0 {
		bs = append(bs, slack.NewSectionBlock(mrkdwn(truncateLines(append([]string{"*Conditions and objections*"}, notes...), MaxSectionText)),
			nil, nil, slack.SectionBlockOptionBlockID("poll_notes")))
	}
	status := "Provisional: " + Escape(d.Reason)
	if p.Closed || d.Final {
		status = "*Decision: " + outcomeLabel(d.Outcome) + "* — " + Escape(d.Reason)
	}
	bs = append(bs, slack.NewContextBlock("poll_status", mrkdwn(status)))
	if !p.Closed && p.Open(now) {
		bs = append(bs, slack.NewActionBlock("poll_vote",
			slack.NewButtonBlockElement(ActionPollGo, c.ID, plain("Go")).WithStyle(slack.StylePrimary),
			slack.NewButtonBlockElement(ActionPollConditional, c.ID, plain("Conditional go")),
			slack.NewButtonBlockElement(ActionPollNoGo, c.ID, plain("No-go")).WithStyle(slack.StyleDanger),
		))
	}
	text := fmt.Sprintf("Go/no-go for %s: %d go, %d conditional, %d no-go", escapeTrunc(c.Name, 100), t.Go, t.Conditional, t.NoGo)
	if len(t.Advisory) > 0 {
		text += fmt.Sprintf(" (approvers), %d advisory", len(t.Advisory))
	}
	return Message{Text: text, Blocks: bs}
}

// maxFieldMentions keeps a field of mentions within Slack's 2,000 characters
// (a mention is up to 24 characters with its space).
const maxFieldMentions = 60

// mentionsUpTo mentions at most n users and counts the rest.
func mentionsUpTo(ids []string, n int) string {
	if len(ids) <= n {
		return mentions(ids)
	}
	return mentions(ids[:n]) + fmt.Sprintf(" and %d more", len(ids)-n)
}

func outcomeLabel(o poll.Outcome) string {
	switch o {
	case poll.OutcomeGo:
		return "GO"
	case poll.OutcomeNoGo:
		return "NO-GO"
	}
	return "no decision"
}

// PollNoteModal asks for the conditions of a conditional go, or the reason for a no-go.
func PollNoteModal(c rapport.Campaign, choice poll.Choice, meta string) slack.ModalViewRequest {
	label, title := "What are the conditions?", "Conditional go"
	if choice == poll.NoGo {
		label, title = "Why not launch?", "No-go"
	}
	note := slack.NewPlainTextInputBlockElement(plain("Required"), PollNoteBlock)
	note.Multiline = true
	note.MaxLength = 1000
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: ViewPollNote, Title: plain(title), Submit: plain("Vote"), Close: plain("Cancel"),
		PrivateMetadata: meta,
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(mrkdwn("*"+escapeTrunc(c.Name, 100)+"*"), nil, nil, slack.SectionBlockOptionBlockID("poll_note_head")),
			slack.NewInputBlock(PollNoteBlock, plain(label), nil, note),
		}},
	}
}
