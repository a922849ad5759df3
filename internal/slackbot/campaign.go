package slackbot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/blocks"
	"github.com/rapport-bot/rapport/internal/launch"
	"github.com/rapport-bot/rapport/internal/poll"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// CampaignStore is what launch timing needs from storage.
type CampaignStore interface {
	CreateCampaign(ctx context.Context, c rapport.Campaign) error
	SaveCampaign(ctx context.Context, c rapport.Campaign) error
	SetDecision(ctx context.Context, campaignID, decision string) error
	FindCampaign(ctx context.Context, nameOrID string) (rapport.Campaign, error)
	Campaigns(ctx context.Context, from, to time.Time, limit int) ([]rapport.Campaign, error)
	ScheduleCheckpoints(ctx context.Context, keys map[string]time.Time) error
	UnscheduleCheckpoints(ctx context.Context, keys []string) error
	CastVote(ctx context.Context, campaignID, userID string, vote []byte) error
	Votes(ctx context.Context, campaignID string) (map[string][]byte, error)
	SavePollMessage(ctx context.Context, campaignID, channel, ts string) error
	PollMessage(ctx context.Context, campaignID string) (string, string, error)
	MissingInfluencers(ctx context.Context, ids []string) (map[string]bool, error)
	SetLastRisk(ctx context.Context, campaignID, level string, at time.Time) error
	LastRisk(ctx context.Context, campaignID string) (string, time.Time, error)
}

// campaignHelp lists the /campaign subcommands. The examples name campaigns of the demo's
// sample data, so each one works when tried in `rapport demo`.
var campaignHelp = []blocks.HelpEntry{
	{Usage: "new", What: "create a campaign: launch time and zone, markets, channel, influencers, approvers, keywords and sensitive topics", Example: "/campaign new"},
	{Usage: "list", What: "upcoming campaigns, soonest first", Example: "/campaign list"},
	{Usage: "<name>", What: "status: launch, people, next check, go/no-go decision", Example: "/campaign Radiance Serum Launch"},
	{Usage: "check <name>", What: "run a timing check now: news, holidays and sensitive dates, readiness", Example: "/campaign check Radiance Serum Launch"},
	{Usage: "poll <name>", What: "post the go/no-go poll in the campaign channel now", Example: "/campaign poll Radiance Serum Launch"},
	{Usage: "edit <name>", What: "change the launch, markets, people or watch words; a moved launch re-plans its checks", Example: "/campaign edit Hydra Mist Pop-Up"},
	{Usage: "cancel <name>", What: "cancel: no more checks or polls", Example: "/campaign cancel Hydra Mist Pop-Up"},
}

// campaignCommand routes /campaign.
func (b *Bot) campaignCommand(ctx context.Context, cmd slack.SlashCommand, log *slog.Logger) blocks.Message {
	text := strings.TrimSpace(cmd.Text)
	sub, rest, _ := strings.Cut(text, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(sub) {
	case "", "help", "?":
		return blocks.Help(CommandCampaign, campaignHelp)
	case "new", "create":
		view := blocks.NewCampaignModal(b.userZone(ctx, cmd.UserID).String(), b.now())
		if _, err := b.api.OpenViewContext(ctx, cmd.TriggerID, view); err != nil {
			return slackProblem(err, "open the campaign form", log)
		}
		return blocks.Message{}
	case "list":
		now := b.now()
		cs, err := b.campaigns.Campaigns(ctx, now.Add(-24*time.Hour), now.AddDate(1, 0, 0), 50)
		if err != nil {
			return friendly(err, log)
		}
		return blocks.CampaignList(cs, now)
	case "check", "poll", "cancel", "edit":
		if rest == "" {
			return blocks.Problem(fmt.Sprintf("Say which campaign, e.g. `/campaign %s Radiance Serum Launch`.", strings.ToLower(sub)))
		}
		c, msg, ok := b.resolveCampaign(ctx, rest, log)
		if !ok {
			return msg
		}
		switch strings.ToLower(sub) {
		case "edit":
			if _, err := b.api.OpenViewContext(ctx, cmd.TriggerID, blocks.EditCampaignModal(c)); err != nil {
				return slackProblem(err, "open the campaign form", log)
			}
			return blocks.Message{}
		case "check":
			return b.timingCheck(ctx, c, "on request", "", log)
		case "poll":
			return b.postPoll(ctx, c, log)
		default:
			return b.cancelCampaign(ctx, c, log)
		}
	}
	c, msg, ok := b.resolveCampaign(ctx, text, log)
	if !ok {
		return msg
	}
	level, at, err := b.campaigns.LastRisk(ctx, c.ID)
	if err != nil {
		return friendly(err, log)
	}
	return blocks.CampaignCard(c, b.nextCheckpoint(c), blocks.RiskNote(level, at, b.now()), b.now())
}

func (b *Bot) resolveCampaign(ctx context.Context, name string, log *slog.Logger) (rapport.Campaign, blocks.Message, bool) {
	c, err := b.campaigns.FindCampaign(ctx, name)
	switch {
	case err == nil:
		return c, blocks.Message{}, true
	case errors.Is(err, rapport.ErrNotFound):
		return rapport.Campaign{}, blocks.Problem("No campaign called “" + blocks.Escape(name) + "”. `/campaign list` shows the upcoming ones."), false
	}
	return rapport.Campaign{}, friendly(err, log), false
}

// nextCheckpoint describes the campaign's next scheduled check.
func (b *Bot) nextCheckpoint(c rapport.Campaign) string {
	now := b.now()
	for _, cp := range launch.Plan(c, b.launchPolicy, now) {
		if cp.Due.After(now) {
			return fmt.Sprintf("%s at %s (%s)", cp.Kind, cp.Due.UTC().Format("Mon 2 Jan 15:04 UTC"), blocks.In(cp.Due.Sub(now)))
		}
	}
	return "no more checks before launch"
}

// createCampaign finishes a submitted form: checks the roster and the channel, then saves
// the campaign and schedules its checkpoints. Nothing is saved unless everything passes.
func (b *Bot) createCampaign(ctx context.Context, cb slack.InteractionCallback, log *slog.Logger) {
	now := b.now()
	c, errs := readCampaignForm(cb, now)
	if len(errs) > 0 {
		return // answered in the ack
	}
	tell := func(msg blocks.Message) { b.tell(ctx, cb.User.ID, "", msg, log) }
	if existing, err := b.campaigns.FindCampaign(ctx, c.ID); err == nil {
		tell(blocks.Problem("There is already a campaign called “" + blocks.Escape(existing.Name) + "”; pick another name. Nothing was created."))
		return
	}
	if len(c.Influencers) > 0 {
		missing, err := b.campaigns.MissingInfluencers(ctx, c.Influencers)
		if err != nil {
			tell(friendly(err, log))
			return
		}
		if len(missing) > 0 {
			var names []string
			for _, h := range c.Influencers {
				if missing[h] {
					names = append(names, "@"+blocks.Escape(h))
				}
			}
			tell(blocks.Problem("Not on the roster: " + strings.Join(names, ", ") + ". Nothing was created; fix the handles and try `/campaign new` again."))
			return
		}
	}
	// Announce first: if Rapport cannot post in the channel, nothing is created.
	announce := blocks.CampaignCard(c, b.nextCheckpoint(c), "", now)
	announce.Text = "New campaign: " + announce.Text
	if _, _, err := b.api.PostMessageContext(ctx, c.Channel, slack.MsgOptionText(announce.Text, false), slack.MsgOptionBlocks(announce.Blocks...)); err != nil {
		tell(slackProblem(err, "post in <#"+c.Channel+">, so the campaign was not created", log))
		return
	}
	if err := b.campaigns.CreateCampaign(ctx, c); err != nil {
		if errors.Is(err, rapport.ErrConflict) {
			tell(blocks.Problem("Someone just created a campaign with that name; pick another. Nothing was created."))
			return
		}
		tell(friendly(err, log))
		return
	}
	if err := b.schedule(ctx, c); err != nil {
		tell(friendly(err, log))
		return
	}
	tell(blocks.Done(fmt.Sprintf(":white_check_mark: Created *%s*. Next: %s.", blocks.Escape(c.Name), blocks.Escape(b.nextCheckpoint(c)))))
}

// editCampaign saves an edited campaign and re-plans its checkpoints when the launch moved.
func (b *Bot) editCampaign(ctx context.Context, cb slack.InteractionCallback, log *slog.Logger) {
	now := b.now()
	edited, errs := readCampaignForm(cb, now)
	if len(errs) > 0 {
		return // answered in the ack
	}
	tell := func(msg blocks.Message) { b.tell(ctx, cb.User.ID, "", msg, log) }
	old, msg, ok := b.resolveCampaign(ctx, cb.View.PrivateMetadata, log)
	if !ok {
		tell(msg)
		return
	}
	if len(edited.Influencers) > 0 {
		missing, err := b.campaigns.MissingInfluencers(ctx, edited.Influencers)
		if err != nil {
			tell(friendly(err, log))
			return
		}
		if len(missing) > 0 {
			tell(blocks.Problem("Some handles are not on the roster, so nothing was changed. Check the influencers and edit again."))
			return
		}
	}
	c := old
	c.Name, c.LaunchAt, c.TimeZone, c.Markets, c.Channel = edited.Name, edited.LaunchAt, edited.TimeZone, edited.Markets, edited.Channel
	c.Influencers, c.Approvers, c.Keywords, c.SensitiveTopics = edited.Influencers, edited.Approvers, edited.Keywords, edited.SensitiveTopics
	if err := b.campaigns.SaveCampaign(ctx, c); err != nil {
		tell(friendly(err, log))
		return
	}
	add, remove := launch.Replan(launch.Plan(old, b.launchPolicy, now), c, b.launchPolicy, now)
	keys := map[string]time.Time{}
	for _, cp := range add {
		keys[cp.Key()] = cp.Due
	}
	var gone []string
	for _, cp := range remove {
		gone = append(gone, cp.Key())
	}
	if err := b.campaigns.UnscheduleCheckpoints(ctx, gone); err != nil {
		tell(friendly(err, log))
		return
	}
	if err := b.campaigns.ScheduleCheckpoints(ctx, keys); err != nil {
		tell(friendly(err, log))
		return
	}
	note := ""
	if !c.LaunchAt.Equal(old.LaunchAt) {
		note = " The launch moved, so its checks were re-planned."
	}
	tell(blocks.Done(fmt.Sprintf(":white_check_mark: Saved *%s*.%s Next: %s.", blocks.Escape(c.Name), note, blocks.Escape(b.nextCheckpoint(c)))))
}

// schedule puts the campaign's checkpoints in the dispatcher's queue.
func (b *Bot) schedule(ctx context.Context, c rapport.Campaign) error {
	keys := map[string]time.Time{}
	for _, cp := range launch.Plan(c, b.launchPolicy, b.now()) {
		keys[cp.Key()] = cp.Due
	}
	return b.campaigns.ScheduleCheckpoints(ctx, keys)
}

func (b *Bot) cancelCampaign(ctx context.Context, c rapport.Campaign, log *slog.Logger) blocks.Message {
	if c.Cancelled {
		return blocks.Done("*" + blocks.Escape(c.Name) + "* is already cancelled.")
	}
	c.Cancelled = true
	if err := b.campaigns.SaveCampaign(ctx, c); err != nil {
		return friendly(err, log)
	}
	var keys []string
	// Planned from well before launch, the list holds every checkpoint the campaign can have.
	for _, cp := range launch.Plan(rapport.Campaign{ID: c.ID, LaunchAt: c.LaunchAt}, b.launchPolicy, c.LaunchAt.AddDate(0, 0, -60)) {
		keys = append(keys, cp.Key())
	}
	if err := b.campaigns.UnscheduleCheckpoints(ctx, keys); err != nil {
		return friendly(err, log)
	}
	return blocks.Done(":no_entry_sign: Cancelled *" + blocks.Escape(c.Name) + "*: no more checks or polls.")
}

// loadPoll rebuilds the poll from the stored votes.
func (b *Bot) loadPoll(ctx context.Context, c rapport.Campaign) (poll.Poll, error) {
	raw, err := b.campaigns.Votes(ctx, c.ID)
	if err != nil {
		return poll.Poll{}, err
	}
	p := poll.Poll{CampaignID: c.ID, Approvers: c.Approvers, Deadline: c.LaunchAt.Add(-b.launchPolicy.PollDeadline), Votes: map[string]poll.Vote{}}
	for user, v := range raw {
		var vote poll.Vote
		if json.Unmarshal(v, &vote) == nil {
			p.Votes[user] = vote
		}
	}
	if c.Decision != "" {
		p.Closed = true
		p.Decision = poll.Decide(p, p.Deadline)
	}
	return p, nil
}
