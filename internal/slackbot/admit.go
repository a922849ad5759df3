package slackbot

import (
	"encoding/json"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/rapport-bot/rapport/internal/render"
)

// Work after the ack runs in one of two lanes, each a bounded queue in front of a bounded
// number of running handlers. Reads a user waits on — cards, find, compare, help, lists —
// go in the quick lane; everything else (writes, clicks, forms, App Home) in the general
// lane, so a slow timing check or a Slack call waiting out a rate limit never holds up a
// card.
//
// Admission control: when the quick lane's queue is so long that a request would wait
// more than quickTarget for a slot, a new request is answered at once, in its ack, with a
// short "busy" message instead of joining the queue. Slack gets its ack and the user an
// answer within milliseconds, and the work admitted stays small enough to answer quickly;
// queueing everything instead makes every answer late (at 4000 commands a second on two
// cores, thousands were still unanswered 15 s after the burst). A request that nonetheless waited longer than
// maxWait for its slot is answered "busy" rather than handled.
const (
	quickRunning = 16
	quickWaiting = 2048
	// quickTarget is the queue wait above which new quick requests are shed.
	quickTarget = 100 * time.Millisecond

	generalRunning = 512
	generalWaiting = 8192

	// maxBusyReplies bounds the busy notices to shed clicks being posted at once.
	maxBusyReplies = 64

	// maxWait is how long a request may wait for a slot and still be handled.
	maxWait = 2 * time.Second

	// answerBudget is how long a slash command's ack waits for its answer, which then
	// rides in the ack (no response_url round trip). Past it the ack goes out empty and
	// the answer follows through the response_url. Well inside Slack's 3 s.
	answerBudget = 250 * time.Millisecond
)

// Lane names, also label values.
const (
	LaneQuick   = "quick"
	LaneGeneral = "general"
)

// Shed reasons, also label values.
const (
	ShedQueueFull = "queue_full" // the lane's queue was at its bound
	ShedOverload  = "overload"   // the quick lane's queue wait was over its target
	ShedLate      = "late"       // the request waited longer than maxWait for a slot
)

// LaneLoad is one lane's load at an instant.
type LaneLoad struct {
	Lane             string
	Running, Waiting int
}

// lane is a bounded queue of requests in front of a bounded set of running handlers.
type lane struct {
	name       string
	slots      chan struct{}
	waiting    atomic.Int32
	maxWaiting int32
	// target is the queue wait above which new requests are shed; 0 never.
	target time.Duration

	mu sync.Mutex
	// lastWait is how long the last request to get a slot waited for it.
	lastWait time.Duration
}

func newLane(name string, running, waiting int, target time.Duration) *lane {
	return &lane{name: name, slots: make(chan struct{}, running), maxWaiting: int32(waiting), target: target}
}

// enqueue admits a request to the queue, or says why not.
func (l *lane) enqueue() (admitted bool, reason string) {
	if l.target > 0 && l.waiting.Load() > 0 {
		l.mu.Lock()
		over := l.lastWait > l.target
		l.mu.Unlock()
		if over {
			return false, ShedOverload
		}
	}
	for {
		n := l.waiting.Load()
		if n >= l.maxWaiting {
			return false, ShedQueueFull
		}
		if l.waiting.CompareAndSwap(n, n+1) {
			return true, ""
		}
	}
}

// acquire waits for a slot for a request enqueued at since and reports how long it
// waited; release the slot when done.
func (l *lane) acquire(since time.Time) time.Duration {
	l.slots <- struct{}{}
	l.waiting.Add(-1)
	waited := time.Since(since)
	l.mu.Lock()
	l.lastWait = waited
	l.mu.Unlock()
	return waited
}

func (l *lane) release() { <-l.slots }

func (l *lane) load() LaneLoad {
	return LaneLoad{Lane: l.name, Running: len(l.slots), Waiting: int(l.waiting.Load())}
}

// Lanes reports each lane's running and waiting requests: the bot's work queues.
func (b *Bot) Lanes() []LaneLoad {
	return []LaneLoad{b.quick.load(), b.general.load()}
}

// quickSubcommands are the read-only slash commands (by commandLabels' subcommand): they
// change nothing, so they run in the quick lane and need no duplicate check — answering a
// redelivered read again is right, since the first answer did not arrive.
var quickSubcommands = map[string]bool{
	"help": true, "lookup": true, "find": true, "compare": true, "stale": true,
	"history": true, "list": true, "status": true,
}

// laneFor picks the lane of a request from its slash subcommand label (commandLabels; ""
// for clicks, forms and events), and says whether it is a read-only slash command.
func (b *Bot) laneFor(sub string) (l *lane, readOnly bool) {
	if quickSubcommands[sub] {
		return b.quick, true
	}
	return b.general, false
}

// busy is the answer to a request that was shed.
func busy() render.Message {
	return render.Problem("Rapport is busy right now, so this wasn't run and nothing changed. Please try again in a moment.")
}

// busyAckPayload is a shed slash command's ack, marshalled once: shedding must cost less
// than the work it refuses.
func busyAckPayload() json.RawMessage {
	msg := busy()
	raw, err := json.Marshal(slashAnswer{Text: msg.Text, Blocks: msg.Blocks, ResponseType: slack.ResponseTypeEphemeral})
	if err != nil {
		panic("slackbot: the busy answer does not marshal: " + err.Error())
	}
	return raw
}

// slashAck acknowledges one slash command exactly once: with its answer, when that is
// ready within answerBudget, else empty when the budget runs out (or the handler ends
// without answering: it opened a modal), the answer then going to the response_url.
type slashAck struct {
	acks     *acker
	req      socketmode.Request
	received time.Time
	done     atomic.Bool
	timer    *time.Timer
	onFail   func(error)
}

// slashAnswer is an ack's payload that Slack shows as the command's answer. Blocks is the
// plain slice, not slack.Blocks: encoding/json then writes it in one pass instead of
// marshalling it apart and compacting the result.
type slashAnswer struct {
	Text         string        `json:"text,omitempty"`
	Blocks       []slack.Block `json:"blocks,omitempty"`
	ResponseType string        `json:"response_type"`
}

func newSlashAck(acks *acker, req socketmode.Request, received time.Time, budget time.Duration, onFail func(error)) *slashAck {
	a := &slashAck{acks: acks, req: req, received: received, onFail: onFail}
	a.timer = time.AfterFunc(budget, a.sendEmpty)
	return a
}

// empty sends the ack without an answer, unless it was sent. Call it from the handler's
// goroutine (the timer calls sendEmpty: it may fire before a.timer is set).
func (a *slashAck) empty() {
	a.timer.Stop()
	a.sendEmpty()
}

func (a *slashAck) sendEmpty() {
	if a.done.CompareAndSwap(false, true) {
		if err := a.acks.ackAt(a.received, a.req); err != nil {
			a.onFail(err)
		}
	}
}

// answer sends the ack with msg as the command's answer and reports true. It reports false
// when the answer must go to the response_url instead: the ack was already sent, or slack-go
// would not send the answer (too big for a Socket Mode frame: then the ack goes out empty
// now). The answer is marshalled once, by slack-go as it sends it.
func (a *slashAck) answer(msg render.Message) bool {
	if !a.done.CompareAndSwap(false, true) {
		return false
	}
	a.timer.Stop()
	p := slashAnswer{Text: msg.Text, Blocks: msg.Blocks, ResponseType: slack.ResponseTypeEphemeral}
	if err := a.acks.tryAnswer(a.received, a.req, p); err != nil {
		if err := a.acks.ackAt(a.received, a.req); err != nil {
			a.onFail(err)
		}
		return false
	}
	return true
}
