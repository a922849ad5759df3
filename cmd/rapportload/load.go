package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/slackfake"
)

// The operations a scenario mixes.
const (
	opCard  = "card"
	opFind  = "find"
	opClick = "click"
)

// The users commands come from; seeded influencers are owned by them, so a card looks its
// owner up as it would in a real workspace.
var loadUsers = []slackfake.User{
	{ID: "U0LOAD1", Name: "load1", RealName: "Load One", TZ: "Europe/London"},
	{ID: "U0LOAD2", Name: "load2", RealName: "Load Two", TZ: "America/New_York"},
	{ID: "U0LOAD3", Name: "load3", RealName: "Load Three", TZ: "Europe/Berlin"},
}

const loadChannel = "C0LOAD"

// request is one operation to send: slash command text, or a click.
type request struct {
	op    string
	text  string
	click slackfake.Click
}

// mix draws the next request of a scenario; it runs on the dispatcher goroutine only.
type mix struct {
	cardPct, findPct int // the rest are clicks
	roster           int
	buttons          []slackfake.Click
}

func newMix(scenario string, roster int) (mix, error) {
	switch scenario {
	case "card", "refresh":
		return mix{cardPct: 100, roster: roster}, nil
	case "find":
		return mix{findPct: 100, roster: roster}, nil
	case "buttons":
		return mix{roster: roster}, nil
	case "mixed":
		return mix{cardPct: 80, findPct: 10, roster: roster}, nil
	}
	return mix{}, fmt.Errorf("unknown -scenario %q: choose card, find, buttons, mixed or refresh", scenario)
}

func (m mix) needsButtons() bool { return m.cardPct+m.findPct < 100 }

func (m mix) next(rng *rand.Rand) request {
	r := rng.IntN(100)
	switch {
	case r < m.cardPct:
		return request{op: opCard, text: seedHandle(rng.IntN(m.roster))}
	case r < m.cardPct+m.findPct:
		// As Slack delivers it: ">" arrives escaped.
		return request{op: opFind, text: fmt.Sprintf("find tag:tag%d er&gt;1", rng.IntN(tagCount))}
	}
	return request{op: opClick, click: m.buttons[rng.IntN(len(m.buttons))]}
}

// runner drives the fake Slack at a fixed arrival rate.
type runner struct {
	fake    *slackfake.Server
	tr      *tracker
	mix     mix
	rng     *rand.Rand
	user    string
	channel string
}

// prepareButtons posts one page of search results and returns a click on each of its
// Profile buttons: a read-only action that answers with a card, safe to repeat.
func (r *runner) prepareButtons(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	it, err := r.fake.SlashCommand(ctx, slackfake.SlashCommand{User: r.user, Channel: r.channel, Command: "/influencer", Text: "find tag:tag1"})
	if err != nil {
		return fmt.Errorf("posting the search the buttons scenario clicks: %w", err)
	}
	msg, err := it.WaitResponse(ctx)
	if err != nil {
		return fmt.Errorf("waiting for the search the buttons scenario clicks: %w", err)
	}
	var blocks []struct {
		BlockID   string `json:"block_id"`
		Accessory struct {
			ActionID string `json:"action_id"`
		} `json:"accessory"`
	}
	if err := json.Unmarshal(msg.Blocks, &blocks); err != nil {
		return fmt.Errorf("reading the search results: %w", err)
	}
	for _, b := range blocks {
		if b.Accessory.ActionID == render.ActionFindProfile && b.BlockID != "" {
			r.mix.buttons = append(r.mix.buttons, slackfake.Click{User: r.user, Channel: msg.Channel, TS: msg.TS,
				ActionID: render.ActionFindProfile, BlockID: b.BlockID})
		}
	}
	if len(r.mix.buttons) == 0 {
		return fmt.Errorf("the search results have no %s button: %.300s", render.ActionFindProfile, msg.Blocks)
	}
	return nil
}

// phaseResult is what one phase's sending did.
type phaseResult struct {
	phase     int
	scheduled int
	start     time.Time // first scheduled send
	end       time.Time // end of the drain
	refreshes int
}

// runPhase sends rate commands a second for d on a fixed schedule, never waiting for
// answers, then waits up to drain for the outstanding answers. during, when set, runs
// beside the sending until it ends (the refresh storms).
func (r *runner) runPhase(ctx context.Context, rate float64, d, drain time.Duration, during func(context.Context) int) phaseResult {
	phase := r.tr.startPhase()
	total := int(rate * d.Seconds())
	interval := time.Duration(float64(time.Second) / rate)
	res := phaseResult{phase: phase, scheduled: total}
	sendCtx, cancelSends := context.WithCancel(ctx)
	defer cancelSends()
	var wg sync.WaitGroup

	duringCtx, stopDuring := context.WithCancel(ctx)
	refreshes := make(chan int, 1)
	if during != nil {
		go func() { refreshes <- during(duringCtx) }()
	} else {
		refreshes <- 0
	}

	res.start = time.Now().Add(2 * time.Millisecond)
	for i := 0; i < total && ctx.Err() == nil; {
		due := min(int(time.Since(res.start)/interval)+1, total)
		for ; i < due; i++ {
			req := r.mix.next(r.rng)
			c := r.tr.add(req.op, res.start.Add(time.Duration(i)*interval))
			wg.Go(func() { r.send(sendCtx, c, req) })
		}
		if i < total {
			if wait := time.Until(res.start.Add(time.Duration(i) * interval)); wait > 0 {
				time.Sleep(wait)
			}
		}
	}
	stopDuring()
	res.refreshes = <-refreshes

	deadline := time.Now().Add(drain)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if done, n := r.tr.settled(phase); done >= n {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	res.end = time.Now()
	cancelSends()
	wg.Wait()
	// Let the feed hand over everything the fake recorded up to now.
	recorded, _ := r.fake.Recorded()
	for wait := time.Now().Add(2 * time.Second); r.tr.seen() < recorded && time.Now().Before(wait); {
		time.Sleep(5 * time.Millisecond)
	}
	return res
}

// send delivers one request and records its ack, or why there was none.
func (r *runner) send(ctx context.Context, c *command, req request) {
	r.tr.dispatch(c, time.Now())
	var in *slackfake.Interaction
	var err error
	if req.op == opClick {
		in, err = r.fake.Click(ctx, req.click)
	} else {
		in, err = r.fake.SlashCommand(ctx, slackfake.SlashCommand{User: r.user, Channel: r.channel, Command: "/influencer", Text: req.text})
	}
	if in != nil { // acked, even if Slack would refuse what the ack carried
		r.tr.acked(c, in.ResponseURLOf, time.Now(), in.AckLatency)
		return
	}
	r.tr.failed(c, err)
}

// refreshEvery asks one of the bot's connections to refresh every interval, as Slack does
// with a disconnect "refresh_requested", waiting first until the bot holds want
// connections again so the refreshes never take every connection at once. It returns
// how many refreshes it sent.
func refreshEvery(fake *slackfake.Server, interval time.Duration, want int) func(context.Context) int {
	return func(ctx context.Context) int {
		n := 0
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return n
			case <-t.C:
			}
			if err := fake.WaitConnections(ctx, want); err != nil {
				continue
			}
			if _, err := fake.Disconnect("refresh_requested"); err == nil {
				n++
			} else if !errors.Is(err, slackfake.ErrNoConnection) {
				return n
			}
		}
	}
}
