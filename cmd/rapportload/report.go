package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// slackAckLimit is how long Slack waits for an ack before telling the user the app did
// not respond.
const slackAckLimit = 3 * time.Second

// Latency summarises durations in milliseconds.
type Latency struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50_ms"`
	P90 float64 `json:"p90_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
}

func summarize(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	slices.Sort(ds)
	at := func(q float64) float64 {
		i := int(q*float64(len(ds))+0.5) - 1 // nearest rank
		i = min(max(i, 0), len(ds)-1)
		return ms(ds[i])
	}
	return Latency{N: len(ds), P50: at(0.50), P90: at(0.90), P99: at(0.99), Max: ms(ds[len(ds)-1])}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// OpResult is the outcome of one kind of operation (or of all of them).
type OpResult struct {
	Sent         int     `json:"sent"`
	Acked        int     `json:"acked"`
	Answered     int     `json:"answered"`
	Unacked      int     `json:"unacked"`
	Unanswered   int     `json:"unanswered"` // acked, but no answer by the end of the drain
	NoConnection int     `json:"no_connection"`
	Errors       int     `json:"errors"`
	Busy         int     `json:"busy"`
	AckOver3s    int     `json:"ack_over_3s"`
	Ack          Latency `json:"ack"`
	Answer       Latency `json:"answer"`
	// Served is the answer latency of the answers that were not "busy": the work done.
	Served Latency `json:"served"`
}

// Result is one run, as printed and as written with -json.
type Result struct {
	Scenario    string  `json:"scenario"`
	Rate        float64 `json:"rate"`
	DurationS   float64 `json:"duration_s"`
	DrainS      float64 `json:"drain_s"`
	WarmupS     float64 `json:"warmup_s"`
	Roster      int     `json:"roster"`
	Touchpoints int     `json:"touchpoints"`
	SeedS       float64 `json:"seed_s"`

	OpResult
	Ops map[string]OpResult `json:"ops"`

	AchievedRate float64 `json:"achieved_rate"`
	SenderLag    Latency `json:"sender_lag"`
	// WireAck is the ack as the fake times it, from writing the envelope to reading its
	// ack: the bot's share of the ack latency, without the sender's.
	WireAck        Latency        `json:"wire_ack"`
	BehindSchedule bool           `json:"behind_schedule"`
	ExtraAnswers   int            `json:"extra_answers"`
	Unmatched      int            `json:"unmatched_answers"`
	OtherMessages  map[string]int `json:"other_messages"`
	ErrorSamples   map[string]int `json:"error_samples,omitempty"`
	Refreshes      int            `json:"refreshes"`
	Rejections     int            `json:"rejections"`

	BotRSSPeakMiB    float64 `json:"bot_rss_peak_mib"`     // highest VmRSS sampled during the run
	BotRSSEndMiB     float64 `json:"bot_rss_end_mib"`      // VmRSS at the end of the drain
	BotHWMMiB        float64 `json:"bot_vmhwm_mib"`        // VmHWM: the peak over the bot's life, seeding and warmup included
	BotCPUMsPerCmd   float64 `json:"bot_cpu_ms_per_cmd"`   // utime+stime over the run and drain
	BotCPUPct        float64 `json:"bot_cpu_pct"`          // of one core, over the run and drain
	RedisCPUMsPerCmd float64 `json:"redis_cpu_ms_per_cmd"` // INFO cpu used_cpu_user+used_cpu_sys
	ToolCPUMsPerCmd  float64 `json:"tool_cpu_ms_per_cmd"`  // rapportload and the fake Slack
	WallS            float64 `json:"wall_s"`
	// The machine is shared: its load average before the run, and the CPU that neither
	// the bot, Redis nor the tool used during it (other processes), in % of one core.
	LoadAvg1    float64 `json:"loadavg_1m_before"`
	OtherCPUPct float64 `json:"other_cpu_pct"`
	Cores       int     `json:"cores"`
}

// tally builds the per-operation results of a phase's commands, as of end.
func tally(cmds []command, end time.Time) (OpResult, map[string]OpResult) {
	type acc struct {
		r                   OpResult
		ack, answer, served []time.Duration
	}
	all := &acc{}
	byOp := map[string]*acc{}
	for _, c := range cmds {
		a := byOp[c.op]
		if a == nil {
			a = &acc{}
			byOp[c.op] = a
		}
		for _, x := range []*acc{all, a} {
			x.r.Sent++
			switch {
			case !c.ackAt.IsZero() && !c.ackAt.After(end):
				x.r.Acked++
				x.ack = append(x.ack, c.ackAt.Sub(c.t0))
				if c.ackAt.Sub(c.t0) > slackAckLimit {
					x.r.AckOver3s++
				}
			case c.failure == "no connection":
				x.r.NoConnection++
			case c.failure == "error":
				x.r.Errors++
			default:
				x.r.Unacked++
			}
			switch {
			case !c.answerAt.IsZero() && !c.answerAt.After(end):
				x.r.Answered++
				x.answer = append(x.answer, c.answerAt.Sub(c.t0))
				if c.busy {
					x.r.Busy++
				} else {
					x.served = append(x.served, c.answerAt.Sub(c.t0))
				}
			case !c.ackAt.IsZero() && !c.ackAt.After(end):
				x.r.Unanswered++
			}
		}
	}
	finish := func(a *acc) OpResult {
		a.r.Ack, a.r.Answer, a.r.Served = summarize(a.ack), summarize(a.answer), summarize(a.served)
		return a.r
	}
	ops := map[string]OpResult{}
	for op, a := range byOp {
		ops[op] = finish(a)
	}
	return finish(all), ops
}

// printResult writes the run as a table a person can read.
func printResult(w io.Writer, r Result) {
	fmt.Fprintf(w, "\nrapportload: scenario %s, %.0f/s for %gs (drain %gs, warmup %gs), roster %d (+%d touchpoints)\n",
		r.Scenario, r.Rate, r.DurationS, r.DrainS, r.WarmupS, r.Roster, r.Touchpoints)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "op\tsent\tacked\tanswered\tunacked\tunanswered\tno-conn\terrors\tbusy\tack>3s\t"+
		"ack p50\tp90\tp99\tmax\tanswer p50\tp90\tp99\tmax\t")
	row := func(name string, o OpResult) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t\n",
			name, o.Sent, o.Acked, o.Answered, o.Unacked, o.Unanswered, o.NoConnection, o.Errors, o.Busy, o.AckOver3s,
			o.Ack.P50, o.Ack.P90, o.Ack.P99, o.Ack.Max, o.Answer.P50, o.Answer.P90, o.Answer.P99, o.Answer.Max)
	}
	ops := slices.Sorted(maps.Keys(r.Ops))
	if len(ops) > 1 {
		for _, op := range ops {
			row(op, r.Ops[op])
		}
	}
	row("all", r.OpResult)
	_ = tw.Flush()
	fmt.Fprintln(w, "(latencies in ms from the scheduled send time)")
	if r.Busy > 0 {
		fmt.Fprintf(w, "not busy      %d answers: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
			r.Served.N, r.Served.P50, r.Served.P90, r.Served.P99, r.Served.Max)
	}

	fmt.Fprintf(w, "wire ack      p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (fake's envelope write → ack read)\n",
		r.WireAck.P50, r.WireAck.P90, r.WireAck.P99, r.WireAck.Max)
	fmt.Fprintf(w, "send rate     %.1f/s achieved of %.0f/s; sender lag p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		r.AchievedRate, r.Rate, r.SenderLag.P50, r.SenderLag.P99, r.SenderLag.Max)
	if r.BehindSchedule {
		fmt.Fprintln(w, "WARNING       the sender fell behind schedule by more than 1%: the tool, not the bot, may be the bottleneck")
	}
	fmt.Fprintf(w, "bot memory    RSS peak %.1f MiB during the run, %.1f MiB at the end (VmHWM over its life %.1f MiB)\n",
		r.BotRSSPeakMiB, r.BotRSSEndMiB, r.BotHWMMiB)
	fmt.Fprintf(w, "CPU per cmd   bot %.3f ms (%.0f%% of a core), redis %.3f ms, load tool + fake Slack %.3f ms\n",
		r.BotCPUMsPerCmd, r.BotCPUPct, r.RedisCPUMsPerCmd, r.ToolCPUMsPerCmd)
	fmt.Fprintf(w, "machine       %d cores, load average %.2f before the run, other processes used %.0f%% of a core during it\n",
		r.Cores, r.LoadAvg1, r.OtherCPUPct)
	var notes []string
	if r.Refreshes > 0 {
		notes = append(notes, fmt.Sprintf("%d connection refreshes", r.Refreshes))
	}
	if r.ExtraAnswers > 0 {
		notes = append(notes, fmt.Sprintf("%d extra answers", r.ExtraAnswers))
	}
	if r.Unmatched > 0 {
		notes = append(notes, fmt.Sprintf("%d answers to commands never acked", r.Unmatched))
	}
	for _, k := range slices.Sorted(maps.Keys(r.OtherMessages)) {
		notes = append(notes, fmt.Sprintf("%d other %s messages", r.OtherMessages[k], k))
	}
	if r.Rejections > 0 {
		notes = append(notes, fmt.Sprintf("%d payloads Slack would refuse", r.Rejections))
	}
	if len(notes) > 0 {
		fmt.Fprintf(w, "also          %s\n", strings.Join(notes, ", "))
	}
	for msg, n := range r.ErrorSamples {
		fmt.Fprintf(w, "error ×%d     %s\n", n, msg)
	}
	fmt.Fprintf(w, "seeding took %.1fs; the run %.1fs\n", r.SeedS, r.WallS)
}
