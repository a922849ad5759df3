package blockcheck

import "fmt"

// Error codes, as Slack names them in the "error" field of a Web API answer.
const (
	CodeInvalidBlocks       = "invalid_blocks"
	CodeInvalidBlocksFormat = "invalid_blocks_format"
	CodeInvalidArguments    = "invalid_arguments"
	CodeMsgTooLong          = "msg_too_long"
)

// Error is a payload Slack would refuse. Reason and Pointer use Slack's wording so that a
// test failure reads like the production log line it prevents.
type Error struct {
	// Code is the Web API error code: invalid_blocks for messages, invalid_arguments for
	// views, msg_too_long for oversized fallback text.
	Code string
	// Reason says what is wrong, e.g. "must be less than 3001 characters".
	Reason string
	// Pointer is the RFC 6901 JSON pointer to the offending value, relative to the
	// request arguments (/blocks/…, /view/…, /text).
	Pointer string
}

// Error reads like Slack's: "invalid_blocks: must be less than 3001 characters
// [json-pointer:/blocks/0/text/text]".
func (e *Error) Error() string {
	return e.Code + ": " + e.Detail()
}

// Detail is the message without the code, as Slack lists it in the "errors" array.
func (e *Error) Detail() string {
	return fmt.Sprintf("%s [json-pointer:%s]", e.Reason, e.Pointer)
}
