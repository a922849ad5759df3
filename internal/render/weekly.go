package render

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/cadence"
)

// WeeklyDigest is the team channel's weekly relationship health: overdue by owner, each
// owner's load, and the niche partners going cold.
func WeeklyDigest(w cadence.Weekly) Message {
	bs := []slack.Block{
		slack.NewHeaderBlock(plain(Truncate("Relationship health — week "+w.Week, MaxHeaderText))),
		slack.NewSectionBlock(mrkdwn(fmt.Sprintf("*%d of %d relationships are overdue.*", w.OverdueCount, w.Relationships)),
			nil, nil, slack.SectionBlockOptionBlockID("weekly_summary")),
	}
	owner := func(id string) string {
		if id == "" {
			return "*unowned*"
		}
		return Mention(id)
	}
	var load []string
	for _, l := range w.Load {
		load = append(load, fmt.Sprintf("• %s: %d relationships, %d overdue", owner(l.Owner), l.Relationships, l.Overdue))
	}
	if len(load) > 0 {
		bs = append(bs, slack.NewSectionBlock(mrkdwn(truncateLines(append([]string{"*Owner load*"}, load...), MaxSectionText)),
			nil, nil, slack.SectionBlockOptionBlockID("weekly_load")))
	}
	var overdue []string
	for _, o := range w.Overdue {
		var names []string
		for i, r := range o.Rows {
			if i == 8 {
				names = append(names, fmt.Sprintf("+%d more", len(o.Rows)-8))
				break
			}
			names = append(names, "@"+escapeTrunc(r.Relationship.Handle, 64))
		}
		overdue = append(overdue, fmt.Sprintf("• %s: %s", owner(o.Owner), strings.Join(names, ", ")))
	}
	if len(overdue) > 0 {
		bs = append(bs, slack.NewSectionBlock(mrkdwn(truncateLines(append([]string{"*Overdue by owner*"}, overdue...), MaxSectionText)),
			nil, nil, slack.SectionBlockOptionBlockID("weekly_overdue")))
	}
	var cold []string
	for i, r := range w.Neglected {
		if i == 15 {
			cold = append(cold, fmt.Sprintf("…and %d more", len(w.Neglected)-15))
			break
		}
		cold = append(cold, fmt.Sprintf("• *%s* (@%s) · %s · owner %s", escapeTrunc(relName(r.Relationship), 80),
			escapeTrunc(r.Relationship.Handle, 64), Escape(r.Reason), owner(r.Relationship.Owner)))
	}
	if len(cold) > 0 {
		bs = append(bs, slack.NewSectionBlock(mrkdwn(truncateLines(append([]string{"*Niche partners going cold*"}, cold...), MaxSectionText)),
			nil, nil, slack.SectionBlockOptionBlockID("weekly_neglected")))
	}
	return Message{Text: fmt.Sprintf("Relationship health: %d of %d overdue", w.OverdueCount, w.Relationships), Blocks: bs}
}
