package slackfake

import "errors"

var (
	// ErrNoConnection: no Socket Mode connection could take the envelope. For a slash
	// command this is what users see as "dispatch_failed": Slack does not queue it.
	ErrNoConnection = errors.New("slackfake: no open Socket Mode connection (dispatch_failed)")
	// ErrNotAcked: the envelope was not acknowledged within the ack timeout (3 s).
	ErrNotAcked = errors.New("slackfake: envelope not acknowledged in time")
	// ErrClosed: the fake was closed while waiting.
	ErrClosed = errors.New("slackfake: server closed")
	// ErrNotFound: the user, channel, message, view or action named by a driver call
	// does not exist, so no real user could have done it.
	ErrNotFound = errors.New("slackfake: not found")
	// ErrInvalidInput: the driver call describes something Slack's client would not
	// let a user do (a missing required modal input, a closed view).
	ErrInvalidInput = errors.New("slackfake: invalid input")
	// ErrResponseRefused: the ack payload carried a response Slack would refuse.
	ErrResponseRefused = errors.New("slackfake: response refused")
)
