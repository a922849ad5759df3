package demo

import "github.com/rapport-bot/rapport/internal/simclock"

// Clock is the demo's simulated clock: it starts at the instant the demo was started at
// (`rapport demo --at`, or the real time), runs at real speed, and jumps on :advance.
type Clock = simclock.Clock
