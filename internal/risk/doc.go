// Package risk scores a campaign launch's timing: it turns what the sources found — news
// items that matched the campaign's keywords, sensitive topics or the crisis lexicon, volume
// spikes, holidays and sensitive dates in each market, the influencers' readiness, and the
// sources that could not be read — into green, amber or red, with every reason spelled out
// and its evidence linked. Assess is the entry point; its documentation lists the rules.
//
// Nothing here fetches anything: the feed, GDELT and calendar providers do, and hand their
// findings over as plain values. The package is pure: it takes the current time in Input,
// and imports neither Slack, Redis nor a clock. Reason texts are plain text: escape them for
// mrkdwn when rendering, since they quote headlines, terms and handles.
package risk
