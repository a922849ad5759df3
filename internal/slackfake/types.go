package slackfake

import (
	"encoding/json"
	"time"
)

// Identities of the fake workspace. The tokens are the only ones the fake accepts.
const (
	AppToken          = "xapp-1-A0FAKE-1-fake"
	BotToken          = "xoxb-fake-bot-token"
	TeamID            = "T0FAKE"
	TeamDomain        = "fake"
	AppID             = "A0FAKE"
	BotUserID         = "UBOT"
	BotID             = "B0FAKE"
	VerificationToken = "fake-verification-token"
)

// User is a workspace member. TZ is an IANA zone name; when TZOffset is zero it is
// derived from TZ at the time of the users.info call, as Slack does.
type User struct {
	ID       string
	Name     string
	RealName string
	TZ       string
	TZOffset int
	Deleted  bool
	IsBot    bool
}

// Channel is a public or private channel. The bot may post to any public channel (it is
// assumed to hold chat:write.public) but only to private channels listing BotUserID
// among Members. A nil Members means "everyone" for ephemeral-message checks.
type Channel struct {
	ID        string
	Name      string
	IsPrivate bool
	Members   []string
}

// Kind says how a recorded message reached Slack.
type Kind string

const (
	KindPost      Kind = "post"      // chat.postMessage to a channel
	KindDM        Kind = "dm"        // chat.postMessage to a DM channel or a user ID
	KindEphemeral Kind = "ephemeral" // chat.postEphemeral
	KindUpdate    Kind = "update"    // chat.update; TS names the message changed
	KindResponse  Kind = "response"  // a response_url post or a slash command's ack payload
	KindFile      Kind = "file"      // files.completeUploadExternal shared into a channel
)

// Message is one thing the bot made appear (or change) in Slack, as recorded.
type Message struct {
	Seq      int // order of recording, from 1
	Kind     Kind
	Channel  string
	User     string // ephemeral target, DM partner, or the user a response answers
	TS       string
	ThreadTS string
	Text     string
	Blocks   json.RawMessage
	// ResponseURLOf is the response_url ID of the command or action this answers
	// (Interaction.ResponseURLOf); empty for messages sent through the Web API.
	ResponseURLOf   string
	ResponseType    string // "ephemeral" or "in_channel", for KindResponse
	ReplaceOriginal bool
	DeleteOriginal  bool
	FileIDs         []string
	At              time.Time
}

// View is a modal or App Home view in its current state. JSON is the view as Slack
// returns it from views.* (with id, hash, state …), which is also what interaction
// payloads carry.
type View struct {
	ID         string
	Kind       string // "modal" or "home"
	User       string
	JSON       json.RawMessage
	Hash       string
	CallbackID string
	ExternalID string
	RootID     string // first modal of a pushed stack; the view's own ID otherwise
	Closed     bool
	Version    int // 1 when opened, +1 per update
	// Seq orders the recorded view changes, from 1, as Message.Seq orders messages: a
	// subscriber compares it with Recorded to know it has seen every change so far.
	Seq int
	At  time.Time
}

// File is an uploaded file; Channel is empty until the upload is completed into one.
type File struct {
	ID      string
	Name    string
	Title   string
	Channel string
	Bytes   []byte
}

// Ack is one acknowledgement received over Socket Mode.
type Ack struct {
	EnvelopeID string
	Type       string // envelope type acknowledged, empty when Unknown
	ConnID     int    // connection the ack came in on
	Latency    time.Duration
	Payload    json.RawMessage
	Size       int
	Late       bool // arrived after the ack timeout: Slack had already given up
	Duplicate  bool // the envelope was already acknowledged
	Unknown    bool // no envelope with this ID was ever sent
	Rejected   bool // refused, e.g. 20 KiB or more; counts as not acknowledged
	Reason     string
	At         time.Time
}

// Envelope records one Socket Mode envelope the fake sent, and where.
type Envelope struct {
	ID           string
	Type         string
	ConnID       int
	EventID      string
	RetryAttempt int
	SentAt       time.Time
}

// Rejection is a payload Slack would have refused for its content: invalid blocks or
// views, overlong text, oversized or malformed acks. Auth and routing errors are not
// rejections; they are answers.
type Rejection struct {
	Method  string
	Code    string
	Errors  []string
	Payload json.RawMessage
	At      time.Time
}
