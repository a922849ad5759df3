package risk

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/wording"
)

// maxListed is how many influencers a readiness reason names before counting the rest.
const maxListed = 10

// readiness adds one reason for influencers out of touch and one for flagged engagement.
func (a *assessor) readiness() {
	type gap struct {
		handle string
		never  bool
		since  time.Duration
	}
	var gaps []gap
	type flagged struct{ handle, flags string }
	var flags []flagged
	seen := make(map[string]struct{}, len(a.in.Readiness))
	for _, it := range a.in.Readiness {
		h := strings.TrimPrefix(strings.TrimSpace(it.Handle), "@")
		if h == "" {
			continue
		}
		if _, dup := seen[strings.ToLower(h)]; dup {
			continue
		}
		seen[strings.ToLower(h)] = struct{}{}
		switch since := a.in.Now.Sub(it.LastContact); {
		case it.LastContact.IsZero():
			gaps = append(gaps, gap{handle: h, never: true})
		case since >= ContactWithin:
			gaps = append(gaps, gap{handle: h, since: since})
		}
		var fs []string
		for _, want := range readinessFlags {
			if slices.ContainsFunc(it.Flags, func(f string) bool { return strings.EqualFold(strings.TrimSpace(f), want) }) {
				fs = append(fs, want)
			}
		}
		if len(fs) > 0 {
			flags = append(flags, flagged{h, strings.Join(fs, ", ")})
		}
	}
	if len(gaps) > 0 {
		slices.SortFunc(gaps, func(x, y gap) int {
			switch {
			case x.never != y.never:
				if x.never {
					return -1
				}
				return 1
			case x.since != y.since:
				return cmp.Compare(y.since, x.since)
			}
			return cmp.Compare(x.handle, y.handle)
		})
		items := make([]string, len(gaps))
		for i, g := range gaps {
			if g.never {
				items[i] = handle(g.handle) + " (never)"
			} else {
				items[i] = handle(g.handle) + " (" + wording.Span(g.since) + ")"
			}
		}
		a.add(Reason{Level: Amber, Rule: RuleContactOverdue,
			Text: "Not contacted in " + wording.Span(ContactWithin) + " or more: " + listed(items, maxListed)})
	}
	if len(flags) > 0 {
		slices.SortFunc(flags, func(x, y flagged) int { return cmp.Compare(x.handle, y.handle) })
		items := make([]string, len(flags))
		for i, f := range flags {
			items[i] = handle(f.handle) + " (" + f.flags + ")"
		}
		a.add(Reason{Level: Amber, Rule: RuleEngagementFlag,
			Text: "Engagement flags worth a look: " + listed(items, maxListed)})
	}
}
