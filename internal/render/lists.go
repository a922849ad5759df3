package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/wording"
)

// historyPage is how many touchpoints the history shows.
const historyPage = 25

// HistoryPageSize is the number of touchpoints History shows.
func HistoryPageSize() int { return historyPage }

// History lists an influencer's touchpoints, newest first.
func History(in rapport.Influencer, tps []rapport.Touchpoint, total int, now time.Time) Message {
	head := fmt.Sprintf("*Contact history — %s* (@%s): %s", escapeTrunc(displayName(in), 100), escapeTrunc(in.Handle, 64),
		wording.Plural(total, "contact", "contacts"))
	if total == 0 {
		return Done(head + ". Log one with `/influencer log @" + escapeTrunc(in.Handle, 64) + " call`.")
	}
	var lines []string
	for _, tp := range tps {
		line := fmt.Sprintf("• *%s* %s — %s by %s", tp.At.Format("2 Jan 2006"), wording.Ago(now.Sub(tp.At)), tp.Kind, Mention(tp.By))
		if tp.Who != "" {
			line += " with " + escapeTrunc(tp.Who, 80)
		}
		if tp.Note != "" {
			line += "\n   _" + escapeTrunc(strings.ReplaceAll(tp.Note, "\n", " "), 200) + "_"
		}
		lines = append(lines, line)
	}
	bs := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil, slack.SectionBlockOptionBlockID("history_head"))}
	// Several sections keep each within Slack's 3,000 characters.
	for i := 0; i < len(lines); i += 8 {
		bs = append(bs, slack.NewSectionBlock(mrkdwn(truncateLines(lines[i:min(i+8, len(lines))], MaxSectionText)), nil, nil,
			slack.SectionBlockOptionBlockID(fmt.Sprintf("history_%d", i))))
	}
	if total > len(tps) {
		bs = append(bs, slack.NewContextBlock("history_more", mrkdwn(fmt.Sprintf("Showing the latest %d of %d.", len(tps), total))))
	}
	return Message{Text: fmt.Sprintf("Contact history of %s", escapeTrunc(displayName(in), 100)), Blocks: bs}
}

// StaleRow is one relationship in a stale list.
type StaleRow struct {
	Influencer  rapport.Influencer
	Due         time.Time
	LastContact time.Time
}

// maxStaleRows bounds the stale list in one message.
const maxStaleRows = 40

// Stale lists overdue relationships (and those due within days), most overdue first.
func Stale(rows []StaleRow, now time.Time, whose string) Message {
	if len(rows) == 0 {
		return Done(":white_check_mark: Nothing overdue or due this week for " + whose + ".")
	}
	var lines []string
	overdue := 0
	for i, r := range rows {
		if r.Due.Before(now) {
			overdue++
		}
		if i == maxStaleRows {
			lines = append(lines, fmt.Sprintf("…and %d more.", len(rows)-maxStaleRows))
			break
		}
		last := "never contacted"
		if !r.LastContact.IsZero() {
			last = "last contact " + wording.Ago(now.Sub(r.LastContact))
		}
		when := "due " + wording.In(r.Due.Sub(now))
		if r.Due.Before(now) {
			when = "*" + overdueText(now.Sub(r.Due)) + "*"
		}
		lines = append(lines, fmt.Sprintf("• *%s* (@%s) · %s · %s · owner %s", escapeTrunc(displayName(r.Influencer), 80),
			escapeTrunc(r.Influencer.Handle, 64), when, last, Mention(r.Influencer.Owner)))
	}
	head := fmt.Sprintf("*%d overdue, %d due within 3 days* — %s", overdue, len(rows)-overdue, whose)
	bs := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil, slack.SectionBlockOptionBlockID("stale_head"))}
	for i := 0; i < len(lines); i += 10 {
		bs = append(bs, slack.NewSectionBlock(mrkdwn(truncateLines(lines[i:min(i+10, len(lines))], MaxSectionText)), nil, nil,
			slack.SectionBlockOptionBlockID(fmt.Sprintf("stale_%d", i))))
	}
	bs = append(bs, slack.NewContextBlock("stale_legend", mrkdwn("Log a contact with `/influencer log <handle> <kind>`; snooze with `/influencer snooze <handle> 1w`.")))
	return Message{Text: fmt.Sprintf("%d overdue relationships", overdue), Blocks: bs}
}

// overdueText is "overdue 3 days", or "due now" within half a minute of the due time.
func overdueText(d time.Duration) string {
	if wording.IsNow(d) {
		return "due now"
	}
	return "overdue " + wording.Span(d)
}
