// Package blockcheck checks Block Kit payloads against the limits Slack enforces, so that
// renderers find out in a unit test, not in production, that a message would be refused.
//
// It owns the rules (block and element shapes, character and item limits, uniqueness of
// block and action IDs) and the error wording, which mimics Slack's own
// ("must be less than 3001 characters [json-pointer:/blocks/0/text/text]").
// The fake Slack in internal/slackfake runs every payload through it.
//
// It is pure: it must not import slack-go, go-redis, net/http or any other Rapport
// package; it works on raw JSON so it judges exactly the bytes Slack would receive.
package blockcheck
