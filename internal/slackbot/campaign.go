package slackbot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/rapport-bot/rapport/internal/access"
	"github.com/rapport-bot/rapport/internal/launches"
	"github.com/rapport-bot/rapport/internal/launchplan"
	"github.com/rapport-bot/rapport/internal/poll"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
)

// campaignHelp lists the /campaign subcommands. The examples name campaigns of the demo's
// sample data, so each one works when tried in `rapport demo`.
var campaignHelp = []render.HelpEntry{
	{Usage: "new", What: "create a campaign: launch time and zone, markets, channel, influencers, approvers, keywords and sensitive topics", Example: "/campaign new"},
	{Usage: "list", What: "upcoming campaigns, soonest first", Example: "/campaign list"},
	{Usage: "<name>", What: "status: launch, people, next check, go/no-go decision", Example: "/campaign Radiance Serum Launch"},
	{Usage: "<name> history", What: "who changed the campaign, and what", Example: "/campaign Radiance Serum Launch history"},
	{Usage: "check <name>", What: "run a timing check now: news, holidays and sensitive dates, readiness", Example: "/campaign check Radiance Serum Launch"},
	{Usage: "poll <name>", What: "post the go/no-go poll in the campaign channel now", Example: "/campaign poll Radiance Serum Launch"},
	{Usage: "edit <name>", What: "change the launch, markets, people or watch words; a moved launch re-plans its checks", Example: "/campaign edit Hydra Mist Pop-Up"},
	{Usage: "cancel <name>", What: "cancel: no more checks or polls", Example: "/campaign cancel Hydra Mist Pop-Up"},
}

// maxCampaignArg bounds a /campaign argument: a subcommand and a campaign name (at most 80
// characters) with room to spare; anything longer is a paste gone wrong, and answering it
// in full would exceed what Slack accepts.
const maxCampaignArg = 120

// campaignCommand routes /campaign.
func (b *Bot) campaignCommand(ctx context.Context, cmd slack.SlashCommand, log *slog.Logger) render.Message {
	text := strings.TrimSpace(cmd.Text)
	if n := utf8.RuneCountInString(text); n > maxCampaignArg {
		return render.Problem(fmt.Sprintf("That's %d characters — longer than any campaign name (at most %d). Try `/campaign list` to find the name.",
			n, launchplan.DefaultLimits().MaxNameRunes))
	}
	sub, rest, _ := strings.Cut(text, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(sub) {
	case "", "help", "?":
		return render.Help(CommandCampaign, campaignHelp)
	case "new", "create":
		view := render.NewCampaignModal(b.out.Zone(ctx, cmd.UserID).String(), b.now())
		if _, err := b.api.OpenViewContext(ctx, cmd.TriggerID, view); err != nil {
			return slackProblem(err, "open the campaign form", log)
		}
		return render.Message{}
	case "list":
		cs, err := b.launches.Upcoming(ctx, cmd.UserID)
		if err != nil {
			return friendly(err, log)
		}
		return render.CampaignList(cs, b.now())
	case "check", "poll", "cancel", "edit":
		if rest == "" {
			return render.Problem(fmt.Sprintf("Say which campaign, e.g. `/campaign %s Radiance Serum Launch`.", strings.ToLower(sub)))
		}
		c, msg, ok := b.resolveCampaign(ctx, cmd.UserID, rest, log)
		if !ok {
			return msg
		}
		switch strings.ToLower(sub) {
		case "edit":
			if err := b.launches.MayEdit(ctx, cmd.UserID, c); err != nil {
				return b.launchProblem(err, c, "", log)
			}
			if _, err := b.api.OpenViewContext(ctx, cmd.TriggerID, render.EditCampaignModal(c)); err != nil {
				return slackProblem(err, "open the campaign form", log)
			}
			return render.Message{}
		case "check":
			a, err := b.launches.CheckNow(ctx, cmd.UserID, c)
			if err != nil {
				return b.launchProblem(err, c, "post the check in <#"+c.Channel+">", log)
			}
			return render.Done("Posted the timing check for *" + render.Escape(c.Name) + "* in <#" + c.Channel + ">: " + strings.ToUpper(a.Level.String()) + ".")
		case "poll":
			already, err := b.launches.PostPoll(ctx, cmd.UserID, c)
			switch {
			case err != nil:
				return b.launchProblem(err, c, "post the poll in <#"+c.Channel+">", log)
			case already:
				return render.Done("The go/no-go poll for *" + render.Escape(c.Name) + "* is already up in <#" + c.Channel + ">.")
			}
			return render.Done("Posted the go/no-go poll for *" + render.Escape(c.Name) + "* in <#" + c.Channel + ">.")
		default:
			already, err := b.launches.Cancel(ctx, cmd.UserID, c)
			switch {
			case err != nil:
				return b.launchProblem(err, c, "", log)
			case already:
				return render.Done("*" + render.Escape(c.Name) + "* is already cancelled.")
			}
			return render.Done(":no_entry_sign: Cancelled *" + render.Escape(c.Name) + "*: no more checks or polls.")
		}
	}
	name, history := strings.CutSuffix(strings.TrimSpace(text), " history")
	c, msg, ok := b.resolveCampaign(ctx, cmd.UserID, name, log)
	if !ok {
		return msg
	}
	if history {
		entries, err := b.launches.History(ctx, c, 50)
		if err != nil {
			return friendly(err, log)
		}
		return render.Changes("Changes to "+render.Escape(c.Name), entries, b.now())
	}
	st, err := b.launches.Status(ctx, c)
	if err != nil {
		return friendly(err, log)
	}
	return render.CampaignCard(c, st.Next, render.RiskNote(st.RiskLevel, st.RiskAt, b.now()), b.now())
}

// refusal says what was refused and whom to ask: "Only the owner, the backup or an admin
// can change the relationship's owner: ask <@U1> (owner), <@U2> (backup) or an admin."
func refusal(d access.Decision) render.Message {
	var who []string
	for _, p := range d.Ask {
		who = append(who, render.Mention(p.ID)+" ("+p.Role+")")
	}
	ask := "an admin"
	if len(who) > 0 {
		ask = strings.Join(who, ", ") + " or an admin"
	}
	return render.Problem("You can't " + string(d.Action) + ": ask " + ask + ".")
}

// launchProblem turns an error from the launches service into an answer.
func (b *Bot) launchProblem(err error, c rapport.Campaign, doing string, log *slog.Logger) render.Message {
	var pe *launches.PostError
	var inv *launchplan.InvalidCampaignError
	var nr *launches.NotOnRosterError
	var vc *launches.VotingClosedError
	var denied *access.DeniedError
	switch {
	case errors.Is(err, launches.ErrNoChecker):
		return render.Problem("Timing checks are not configured on this Rapport.")
	case errors.As(err, &pe):
		return slackProblem(pe.Err, doing, log)
	case errors.Is(err, launches.ErrNameTaken):
		return render.Problem("There is already a campaign called “" + render.Escape(c.Name) + "”; pick another name. Nothing was saved.")
	case errors.As(err, &nr):
		names := make([]string, len(nr.Handles))
		for i, h := range nr.Handles {
			names[i] = "@" + render.Escape(h)
		}
		return render.Problem("Not on the roster: " + strings.Join(names, ", ") + ". Nothing was saved; fix the handles and try again.")
	case errors.As(err, &inv):
		return render.Problem(render.Escape(inv.Error()) + " Nothing was saved.")
	case errors.As(err, &vc):
		return render.Problem("Voting on *" + render.Escape(vc.Campaign.Name) + "* has closed. " + render.Escape(vc.Decision.Reason))
	case errors.Is(err, launches.ErrNotInChannel):
		return render.Problem("<#" + c.Channel + "> is a private channel you are not in, so you can't plan a campaign there. Pick a channel you are in. Nothing was saved.")
	case errors.Is(err, launches.ErrCancelled):
		return render.Problem("*" + render.Escape(c.Name) + "* is cancelled: it takes no more checks, polls or votes.")
	case errors.As(err, &denied):
		return refusal(denied.Decision)
	case errors.Is(err, rapport.ErrNotFound):
		return render.Problem("No campaign called “" + render.Escape(c.Name) + "”. `/campaign list` shows the upcoming ones.")
	}
	return friendly(err, log)
}

func (b *Bot) resolveCampaign(ctx context.Context, actor, name string, log *slog.Logger) (rapport.Campaign, render.Message, bool) {
	c, err := b.launches.Find(ctx, actor, name)
	switch {
	case err == nil:
		return c, render.Message{}, true
	case errors.Is(err, rapport.ErrNotFound):
		return rapport.Campaign{}, render.Problem("No campaign called “" + render.Escape(name) + "”. `/campaign list` shows the upcoming ones."), false
	}
	return rapport.Campaign{}, friendly(err, log), false
}

// saveCampaignBeforeAck creates or edits the campaign of a submitted form before its ack:
// anything that stops it (a name taken, handles not on the roster, a channel Rapport cannot
// post in, a refusal, storage down) keeps the form open with the reason beside the field,
// and nothing is saved; success closes the form and the author gets a confirmation.
func (b *Bot) saveCampaignBeforeAck(ctx context.Context, acks *ackOnce, evt socketmode.Event, cb slack.InteractionCallback, log *slog.Logger) {
	c, errs := readCampaignForm(cb, b.now())
	if len(errs) > 0 {
		ackWith(acks, evt, errs, log) // (checked before this is called; kept for safety)
		return
	}
	sctx, cancel := context.WithTimeout(ctx, saveBudget)
	defer cancel()
	var msg render.Message
	if cb.View.CallbackID == render.ViewEditCampaign {
		moved, err := b.launches.Edit(sctx, cb.User.ID, cb.View.PrivateMetadata, c)
		if err != nil {
			ackWith(acks, evt, campaignFormErrors(err, c, log), log)
			return
		}
		note := ""
		if moved {
			note = " The launch moved, so its checks were re-planned."
		}
		msg = render.Done(fmt.Sprintf(":white_check_mark: Saved *%s*.%s Next: %s.",
			render.Escape(c.Name), note, render.Escape(b.launches.NextCheckpoint(c))))
	} else {
		if err := b.launches.Create(sctx, cb.User.ID, c); err != nil {
			ackWith(acks, evt, campaignFormErrors(err, c, log), log)
			return
		}
		msg = render.Done(fmt.Sprintf(":white_check_mark: Created *%s*. Next: %s.",
			render.Escape(c.Name), render.Escape(b.launches.NextCheckpoint(c))))
	}
	ackWith(acks, evt, nil, log)
	b.tellLater(ctx, cb.User.ID, "", msg, log)
}

// campaignFormErrors turns what stopped a campaign form into errors beside its fields
// (plain text: Slack shows form errors without formatting).
func campaignFormErrors(err error, c rapport.Campaign, log *slog.Logger) map[string]string {
	var pe *launches.PostError
	var inv *launchplan.InvalidCampaignError
	var nr *launches.NotOnRosterError
	var denied *access.DeniedError
	switch {
	case errors.As(err, &inv):
		errs := map[string]string{}
		for _, p := range inv.Problems {
			if id := formBlocks[p.Field]; id != "" && errs[id] == "" {
				errs[id] = p.Message
			}
		}
		return errs
	case errors.Is(err, launches.ErrNameTaken):
		return map[string]string{render.CampaignBlockName: "There is already a campaign called “" + c.Name + "”; pick another name."}
	case errors.As(err, &nr):
		return map[string]string{render.CampaignBlockRoster: "Not on the roster: @" + strings.Join(nr.Handles, ", @") + ". Fix the handles, or import them first."}
	case errors.As(err, &pe):
		log.Info("campaign form: channel refused", "err", err)
		return map[string]string{render.CampaignBlockChannel: "Rapport can't post in that channel. Invite it with /invite @Rapport, or pick another channel."}
	case errors.Is(err, launches.ErrNotInChannel):
		return map[string]string{render.CampaignBlockChannel: "That is a private channel you are not in; pick a channel you are in."}
	case errors.Is(err, launches.ErrCancelled):
		return map[string]string{render.CampaignBlockName: "This campaign is cancelled; it can't be edited."}
	case errors.As(err, &denied):
		return map[string]string{render.CampaignBlockName: "You can't " + string(denied.Decision.Action) + ": ask its creator, an approver or an admin."}
	case errors.Is(err, rapport.ErrNotFound):
		return map[string]string{render.CampaignBlockName: "That campaign no longer exists, so nothing was changed."}
	}
	log.Warn("campaign form not saved; the form stays open", "err", err)
	return map[string]string{render.CampaignBlockName: notSavedNow}
}

// pollMeta travels with the note form.
type pollMeta struct {
	Campaign string `json:"c"`
	Choice   string `json:"k"`
	// Poll is the poll message the vote was cast on.
	Poll launches.MessageRef `json:"m"`
}

// clickedMessage is the message whose button was clicked.
func clickedMessage(cb slack.InteractionCallback) launches.MessageRef {
	if cb.Container.MessageTs != "" {
		return launches.MessageRef{Channel: cb.Container.ChannelID, TS: cb.Container.MessageTs}
	}
	return launches.MessageRef{Channel: cb.Channel.ID, TS: cb.Message.Timestamp}
}

// pollClick handles Go (saved at once) and Conditional go / No-go (a form asks for the note).
func (b *Bot) pollClick(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction, log *slog.Logger) {
	c, msg, ok := b.resolveCampaign(ctx, cb.User.ID, a.Value, log)
	if !ok {
		b.replyTo(ctx, cb, msg, false, log)
		return
	}
	if a.ActionID == render.ActionPollGo {
		b.vote(ctx, c, poll.Vote{User: cb.User.ID, Choice: poll.Go, At: b.now()}, clickedMessage(cb), cb.ResponseURL, log)
		return
	}
	// No form for a poll that no longer takes votes: say so, and what was decided.
	if err := b.launches.CheckVoteOpen(ctx, cb.User.ID, c); err != nil {
		b.replyTo(ctx, cb, b.launchProblem(err, c, "", log), false, log)
		return
	}
	choice := poll.ConditionalGo
	if a.ActionID == render.ActionPollNoGo {
		choice = poll.NoGo
	}
	meta, _ := json.Marshal(pollMeta{Campaign: c.ID, Choice: string(choice), Poll: clickedMessage(cb)})
	if _, err := b.api.OpenViewContext(ctx, cb.TriggerID, render.PollNoteModal(c, choice, string(meta))); err != nil {
		b.replyTo(ctx, cb, slackProblem(err, "open the vote form", log), false, log)
	}
}

// pollNoteErrors checks the note form before the ack (a note is required).
func pollNoteErrors(cb slack.InteractionCallback) map[string]string {
	v := poll.Vote{User: cb.User.ID, Choice: poll.Choice(pollMetaOf(cb).Choice),
		Note: cb.View.State.Values[render.PollNoteBlock][render.PollNoteBlock].Value}
	if err := poll.Validate(v); err != nil {
		return map[string]string{render.PollNoteBlock: sentence(err)}
	}
	return nil
}

// sentence writes an error as a sentence: capitalised, with a full stop.
func sentence(err error) string {
	s := err.Error()
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func pollMetaOf(cb slack.InteractionCallback) pollMeta {
	var m pollMeta
	_ = json.Unmarshal([]byte(cb.View.PrivateMetadata), &m)
	return m
}

// pollNoteSubmitted records a conditional go or a no-go with its note.
func (b *Bot) pollNoteSubmitted(ctx context.Context, cb slack.InteractionCallback, log *slog.Logger) {
	m := pollMetaOf(cb)
	c, msg, ok := b.resolveCampaign(ctx, cb.User.ID, m.Campaign, log)
	if !ok {
		b.tell(ctx, cb.User.ID, "", msg, log)
		return
	}
	v := poll.Vote{User: cb.User.ID, Choice: poll.Choice(m.Choice), At: b.now(),
		Note: cb.View.State.Values[render.PollNoteBlock][render.PollNoteBlock].Value}
	b.vote(ctx, c, v, m.Poll, "", log)
}

// vote records one vote through the service; only problems are answered, since the
// redrawn poll shows the vote.
func (b *Bot) vote(ctx context.Context, c rapport.Campaign, v poll.Vote, on launches.MessageRef, responseURL string, log *slog.Logger) {
	err := b.launches.Vote(ctx, c, v, on)
	if err == nil {
		return
	}
	msg := b.launchProblem(err, c, "", log)
	if poll.Validate(v) != nil {
		msg = render.Problem(render.Escape(sentence(err)))
	}
	if responseURL != "" {
		if err := b.respondReplace(ctx, responseURL, msg, false); err == nil {
			return
		}
	}
	b.tell(ctx, v.User, "", msg, log)
}
