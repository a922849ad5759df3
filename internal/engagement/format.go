package engagement

import (
	"math"
	"strconv"
	"time"
)

// line builds the text of a flag. Each method appends one piece and returns the line, so a
// sentence reads left to right and costs one allocation when it becomes a string, instead of
// fmt's one per argument. Output is plain text; the Slack edge escapes it.
type line []byte

func newLine(buf []byte) line { return line(buf[:0]) }

func (l line) String() string { return string(l) }

func (l line) str(s string) line { return append(l, s...) }

func (l line) int(n int) line { return strconv.AppendInt(l, int64(n), 10) }

// pct writes a rate (a fraction) as a percentage: two decimals below 1%, one above.
func (l line) pct(r float64) line {
	v := r * 100
	prec := 1
	if math.Abs(v) < 1 {
		prec = 2
	}
	return append(strconv.AppendFloat(l, v, 'f', prec, 64), '%')
}

// change writes a relative change (0.38 for +38%) with its sign and one decimal.
func (l line) change(g float64) line {
	v := math.Round(g*1000) / 10
	if v == 0 {
		v = 0 // no "-0.0%"
	}
	if v >= 0 {
		l = append(l, '+')
	}
	return append(strconv.AppendFloat(l, v, 'f', 1, 64), '%')
}

// whole writes a relative change as a whole percentage without sign: 0.41 → "41%".
func (l line) whole(x float64) line {
	return append(strconv.AppendFloat(l, math.Abs(math.Round(x*100)), 'f', 0, 64), '%')
}

// points writes a spread of rates in percentage points.
func (l line) points(d float64) line {
	return line(strconv.AppendFloat(l, d*100, 'f', 1, 64)).str(" points")
}

// dec writes a plain number with the given decimals (ratios, z-scores).
func (l line) dec(x float64, prec int) line { return strconv.AppendFloat(l, x, 'f', prec, 64) }

// count writes a follower or post count, rounded, with thousands separators.
func (l line) count(f float64) line {
	f = math.Round(f)
	if math.Abs(f) >= 1e15 || !finite(f) {
		return strconv.AppendFloat(l, f, 'g', 3, 64)
	}
	if f < 0 {
		l = append(l, '-')
		f = -f
	}
	var digits [20]byte
	d := strconv.AppendInt(digits[:0], int64(f), 10)
	for i, c := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			l = append(l, ',')
		}
		l = append(l, c)
	}
	return l
}

func (l line) date(t time.Time) line { return t.AppendFormat(l, "2 Jan 2006") }

func (l line) month(t time.Time) line { return t.AppendFormat(l, "Jan 2006") }
