// Package metrics holds Rapport's Prometheus collectors, all registered on one registry per
// process (never the global default one) and served on GET /metrics beside the health
// endpoints. Apart from app, which creates that registry, it is the only package that
// imports client_golang.
//
// The instrumented packages do not import it: each declares the few methods it calls in its
// own small Metrics interface (slackbot.Metrics, nudges.Metrics, launches.Metrics,
// redisstore.ErrorCounter), which *Metrics satisfies, and a nil one counts nothing. State
// owned elsewhere (open connections, the scheduler's leadership, handler slots, job runs)
// is read at scrape time through Watch.
//
// Label values are bounded: callers pass names from fixed sets (envelope types, known
// subcommands, skip reasons, levels, outcomes, Redis commands, Slack methods); nothing a
// user typed and no token ever becomes a label.
package metrics
