// Package chart draws an influencer's last 36 months as a PNG for Slack: the monthly
// engagement rate per follower of each platform in a top panel and the follower counts in a
// bottom panel that shares its time axis. The figures come from engagement.Analyze, so the
// chart and the profile card never disagree.
//
// The package is pure: snapshots and the current time in, PNG bytes out. It draws with
// gonum/plot, whose Liberation fonts are compiled in, so it needs no system fonts; it
// imports neither Slack, Redis nor a clock.
package chart
