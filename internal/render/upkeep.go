package render

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/wording"
)

// Callback and block IDs of the touchpoint form.
const (
	ViewLogTouchpoint = "log_touchpoint"
	LogBlockKind      = "kind"
	LogBlockWhen      = "when"
	LogBlockWho       = "who"
	LogBlockNote      = "note"
)

// LogMeta travels in the form's private_metadata: whom it is about and where to confirm.
type LogMeta struct {
	ID      string `json:"id"`
	Channel string `json:"channel,omitempty"`
}

// LogTouchpointModal is the form for logging a contact: kind, day (backdating allowed),
// who on their side, and a note.
func LogTouchpointModal(in rapport.Influencer, channel string, today time.Time) slack.ModalViewRequest {
	var opts []*slack.OptionBlockObject
	for _, k := range rapport.TouchpointKinds {
		opts = append(opts, slack.NewOptionBlockObject(string(k), plain(string(k)), nil))
	}
	kind := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("How were you in touch?"), LogBlockKind, opts...)
	when := slack.NewDatePickerBlockElement(LogBlockWhen)
	when.InitialDate = today.Format(time.DateOnly)
	who := slack.NewPlainTextInputBlockElement(plain("e.g. their manager, Jules"), LogBlockWho)
	who.MaxLength = 120
	note := slack.NewPlainTextInputBlockElement(plain("What was said or agreed"), LogBlockNote)
	note.Multiline = true
	note.MaxLength = rapport.MaxNoteLength

	whoBlock := slack.NewInputBlock(LogBlockWho, plain("Who on their side"), nil, who)
	whoBlock.Optional = true
	noteBlock := slack.NewInputBlock(LogBlockNote, plain("Note"), nil, note)
	noteBlock.Optional = true
	meta, _ := json.Marshal(LogMeta{ID: in.ID(), Channel: channel})
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      ViewLogTouchpoint,
		Title:           plain("Log contact"),
		Submit:          plain("Save"),
		Close:           plain("Cancel"),
		PrivateMetadata: string(meta),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(mrkdwn("Contact with *"+escapeTrunc(displayName(in), 100)+"* (@"+escapeTrunc(in.Handle, 64)+")"), nil, nil,
				slack.SectionBlockOptionBlockID("log_who")),
			slack.NewInputBlock(LogBlockKind, plain("Kind"), nil, kind),
			slack.NewInputBlock(LogBlockWhen, plain("When"), plain("Backdate freely; the future is not allowed."), when),
			whoBlock,
			noteBlock,
		}},
	}
}

// TouchpointSaved confirms a logged contact and says when the next one is due.
func TouchpointSaved(in rapport.Influencer, tp rapport.Touchpoint, lastContact, nextDue, now time.Time) Message {
	var b strings.Builder
	fmt.Fprintf(&b, ":white_check_mark: Logged a %s with *%s* (@%s) on %s", tp.Kind, escapeTrunc(displayName(in), 100),
		escapeTrunc(in.Handle, 64), tp.At.Format("Mon 2 Jan 2006"))
	if tp.Who != "" {
		b.WriteString(" with " + escapeTrunc(tp.Who, 120))
	}
	b.WriteString(".")
	if tp.At.Before(lastContact) {
		fmt.Fprintf(&b, " It is older than the latest contact (%s), so the schedule is unchanged.", lastContact.Format("2 Jan"))
	}
	if !nextDue.IsZero() {
		fmt.Fprintf(&b, " Next contact due %s (%s).", nextDue.Format("Mon 2 Jan"), wording.In(nextDue.Sub(now)))
	} else {
		b.WriteString(" This relationship has no contact schedule (paused or do-not-contact).")
	}
	if tp.Note != "" {
		b.WriteString("\n>" + escapeTrunc(strings.ReplaceAll(tp.Note, "\n", " "), 500))
	}
	return Done(b.String())
}

// Done is a short confirmation. text is mrkdwn; escape user text before.
func Done(text string) Message {
	return Message{Text: text, Blocks: []slack.Block{
		slack.NewSectionBlock(mrkdwn(Truncate(text, MaxSectionText)), nil, nil, slack.SectionBlockOptionBlockID("done")),
	}}
}
