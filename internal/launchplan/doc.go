// Package launchplan plans the timing checkpoints of a campaign launch and judges them when they
// come due: the timing checks before launch (T-72h, T-24h, T-2h by default), the go/no-go
// poll and its deadline, and the breaking-news watch ticks, plus the checks a new campaign
// must pass before anything is planned for it.
//
// A Checkpoint is named by a stable key ("spring-glow|check|86400": campaign, kind, seconds
// before launch), which is what the store's checkpoint queue holds, scored by due time. The
// key carries the offset, not the instant, so a moved launch keeps its keys and only their
// due times change (Replan); Resolve recomputes the instant from the campaign as it is now,
// so a checkpoint left behind by an interrupted re-plan is put back or dropped, never run at
// the wrong time.
//
// Missed checkpoints (a campaign created or moved late, or Rapport offline) follow one rule
// for every recurring kind: only the latest missed one runs, now, and says it is late; the
// older ones are superseded by it. The poll is posted late as long as its deadline has not
// passed; the deadline itself always runs, even after launch, so the poll is closed and the
// decision recorded.
//
// The package is pure: values in, values out. Every function takes the current time as a
// parameter; it imports neither Slack, Redis nor a clock.
package launchplan
