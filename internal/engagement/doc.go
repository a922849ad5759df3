// Package engagement computes engagement rates from metric snapshots. It is pure: values in,
// values out; no Slack, Redis or clock imports. Every figure carries its formula, because a
// rate per follower and a rate per view are different numbers and must never be mixed.
package engagement
