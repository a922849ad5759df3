// Package cadence decides when a relationship needs attention and who hears about it: due
// times from contact cadences, the nudge planner (one digest per owner per window, a repeat
// interval per relationship, snoozes, quiet hours and weekends in each owner's own zone, a
// weekly budget, escalation to the backup and then the team), and the stale lists and the
// weekly health digest.
//
// Prometheus Alertmanager is the model: relationships are grouped by owner, each has a
// repeat interval, snoozes are silences, and every relationship the planner holds back comes
// with a reason, so the caller can log and count it.
//
// The package is pure: values in, values out. Every function takes the current time as a
// parameter; it imports neither Slack, Redis nor a clock, and loads no time zones (callers
// pass *time.Location values).
package cadence
