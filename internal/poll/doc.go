// Package poll holds the go/no-go poll rules for a campaign launch: which votes are valid,
// how a vote is cast or changed, the tally, who still needs a reminder, and the decision.
//
// The rules (DESIGN.md §6):
//   - Anyone may vote Go, Conditional go (a note with the conditions is required) or No-go
//     (a reason is required); notes are at most MaxNoteRunes characters. One vote per user:
//     a second vote replaces the first, until the deadline or until the poll is closed.
//   - With approvers named, only their votes decide. Any approver voting No-go makes it
//     No-go. Every approver voting Go or Conditional go makes it Go: a conditional go is a
//     go with conditions, which the decision lists so nobody launches without reading them.
//     Anything else is no decision. Other voters' No-go votes are mentioned in the reason
//     but change nothing.
//   - With no approvers named, the majority of all votes decides, a conditional go counting
//     as go; a tie, or no votes at all, is no decision.
//   - A decision is final once the poll is closed or its deadline has passed, or — with
//     approvers — as soon as every approver has voted; before that it is provisional, since
//     votes can still change. A final decision is the caller's cue to Close the poll and
//     record it.
//
// The package is pure: values in, values out. Every function takes the current time as a
// parameter, and none modifies the Poll it is given. It imports neither Slack, Redis nor a
// clock; the store keeps votes atomically and checks them here first.
package poll
