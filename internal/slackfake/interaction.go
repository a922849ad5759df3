package slackfake

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// Interaction is the outcome of one envelope the fake delivered and got acknowledged.
type Interaction struct {
	EnvelopeID   string
	Type         string // envelope type: slash_commands, interactive, events_api, …
	ConnID       int    // connection the envelope went out on
	AckConnID    int    // connection the ack came back on
	EventID      string // events_api only
	RetryAttempt int    // events_api only
	AckLatency   time.Duration
	AckPayload   json.RawMessage
	// ResponseURL is the response_url handed to the app (slash commands and message
	// actions); ResponseURLOf is its ID, as recorded in Message.ResponseURLOf.
	ResponseURL   string
	ResponseURLOf string
	TriggerID     string
	// ViewResponse is the parsed ack of a view_submission.
	ViewResponse *ViewResponse

	srv *Server
}

// ViewResponse is a view_submission ack: no action closes the modal, "errors" keeps it
// open with messages under input blocks, "update" and "push" show View, "clear" closes
// the whole stack.
type ViewResponse struct {
	Action string
	Errors map[string]string
	View   json.RawMessage
}

// WaitResponse waits for the next response this interaction produced (through its
// response_url or, for a slash command, its ack payload) and claims it.
func (i *Interaction) WaitResponse(ctx context.Context) (Message, error) {
	if i.ResponseURLOf == "" {
		return Message{}, errors.New("slackfake: this interaction has no response_url")
	}
	return i.srv.ExpectMessage(ctx, func(m Message) bool {
		return m.Kind == KindResponse && m.ResponseURLOf == i.ResponseURLOf
	})
}
