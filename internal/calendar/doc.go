// Package calendar answers "what else is happening on launch day, where the audience is":
// public holidays per market (github.com/rickar/cal/v2), a curated file of sensitive dates
// shipped in the binary and overridable by the team, and events from ICS feeds.
//
// Every market is judged on its own local date of the launch: the launch instant is
// converted to the market's main time zone (see Markets), so a launch at 23:30 UTC is
// already the next day in Tokyo. Markets the holiday library does not cover are reported as
// KindNotChecked hits, never as "no holidays".
//
// ICS feeds are read by ParseICS; recurring events (RRULE, RDATE, EXDATE, RECURRENCE-ID)
// are expanded with github.com/teambition/rrule-go, over the few days around the launch
// only and within the limits ics.go sets, so a hostile feed costs bounded time.
//
// The package is pure apart from FetchICS: Check takes values and returns Hits. It imports
// neither Slack nor Redis; the risk scorer decides what the hits mean for green, amber or
// red.
package calendar
