package render

import (
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/wording"
)

// HomeRow is one relationship on the App Home.
type HomeRow struct {
	Influencer  rapport.Influencer
	Due         time.Time
	LastContact *rapport.Touchpoint
}

// maxHomeRows bounds each App Home section.
const maxHomeRows = 15

// Home is a user's App Home: their overdue relationships, those due soon and those
// recently contacted.
func Home(user string, overdue, dueSoon, recent []HomeRow, now time.Time) slack.HomeTabViewRequest {
	bs := []slack.Block{
		slack.NewHeaderBlock(plain("My relationships")),
		slack.NewContextBlock("home_who", mrkdwn(fmt.Sprintf("For %s · as of %s UTC · `/influencer stale` lists them too",
			Mention(user), now.UTC().Format("Mon 2 Jan 15:04")))),
	}
	section := func(id, title string, rows []HomeRow, line func(HomeRow) string, empty string) {
		bs = append(bs, slack.NewDividerBlock())
		var lines []string
		lines = append(lines, fmt.Sprintf("*%s* (%d)", title, len(rows)))
		if len(rows) == 0 {
			lines = append(lines, "_"+empty+"_")
		}
		for i, r := range rows {
			if i == maxHomeRows {
				lines = append(lines, fmt.Sprintf("…and %d more", len(rows)-maxHomeRows))
				break
			}
			lines = append(lines, line(r))
		}
		bs = append(bs, slack.NewSectionBlock(mrkdwn(truncateLines(lines, MaxSectionText)), nil, nil, slack.SectionBlockOptionBlockID(id)))
	}
	name := func(r HomeRow) string {
		return fmt.Sprintf("*%s* (@%s)", escapeTrunc(displayName(r.Influencer), 80), escapeTrunc(r.Influencer.Handle, 64))
	}
	last := func(r HomeRow) string {
		if r.LastContact == nil {
			return "never contacted"
		}
		return "last " + string(r.LastContact.Kind) + " " + wording.Ago(now.Sub(r.LastContact.At))
	}
	section("home_overdue", "Overdue", overdue, func(r HomeRow) string {
		return "• " + name(r) + " · " + overdueText(now.Sub(r.Due)) + " · " + last(r)
	}, "Nothing overdue. Nice.")
	section("home_due_soon", "Due in the next 3 days", dueSoon, func(r HomeRow) string {
		return "• " + name(r) + " · due " + wording.In(r.Due.Sub(now)) + " · " + last(r)
	}, "Nothing due soon.")
	section("home_recent", "Contacted in the last 14 days", recent, func(r HomeRow) string {
		return "• " + name(r) + " · " + last(r)
	}, "No contacts logged in the last two weeks.")
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: bs}}
}
