// Package slackfake is a fake Slack for tests and for `rapport demo`: one in-process
// HTTP server that answers the Web API methods Rapport calls and speaks Socket Mode over
// a real websocket, so the bot runs its real slack-go client against it unchanged
// (slack.OptionAPIURL(fake.APIURL()) and socketmode.New).
//
// It owns the model of the Slack workspace (users, channels, DMs, messages, views,
// files), the Socket Mode link (hello, pings, envelopes, acks, disconnects and the
// routing of envelopes across connections, including the refresh gap), fault injection
// (429s, ratelimited answers, revoked tokens, disabled links) and the driving and
// expectation API tests use: SlashCommand, Click, SubmitView, SendEvent, ExpectMessage,
// ExpectDM, ExpectNoMoreMessages. Every Block Kit payload goes through internal/blockcheck,
// and a refused one is recorded so a test can insist none happened (Rejections).
//
// It must not import Rapport's own packages other than internal/blockcheck, nor go-redis:
// the fake models Slack, not the bot. Its non-test code does not import slack-go
// either: it speaks the wire format, and the tests check with the real slack-go client
// that what it sends parses the way the bot will see it.
package slackfake
