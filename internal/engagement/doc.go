// Package engagement turns an influencer's metric snapshots into what a profile card says
// about their engagement: rates per period, the median rate now and in the same 90 days one,
// two and three years ago, the year-on-year trend, flags that prompt a human look (declining,
// rising, divergence, spike, inactive), the follower tier, the benchmark band, and monthly
// series for sparklines. Analyze is the one entry point for the card; the
// repository README ("Engagement maths") spells out every rule.
//
// Every figure carries its formula, because a rate per follower and a rate per view are
// different numbers and must never be mixed.
//
// The package is pure: values in, values out. It takes the current time as a parameter and
// imports neither Slack, Redis nor a clock.
package engagement
