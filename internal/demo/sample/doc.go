// Package sample owns the built-in data behind `rapport demo`: a simulated Slack workspace
// (users and channels) and a roster of fictional influencers with three years of monthly
// metrics and a campaign history with the demo brand. The roster is made to show every engagement flag of DESIGN.md §4 at least once,
// so the demo and the docs can point at a creator by name and show what Rapport says about
// them.
//
// Everything is generated from a fixed seed and the caller's clock, so two runs in the same
// month see the same numbers and tests can rely on them. The package is pure: it imports the
// domain and csvimport packages and the standard library only, never Slack or Redis. Handles, names and
// e-mail domains are invented; contact addresses use the reserved .example domain.
package sample
