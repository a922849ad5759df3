package slackbot

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rapport-bot/rapport/internal/config"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
)

// tokens splits command text on spaces, keeping "quoted phrases" (straight or curly quotes)
// together.
func tokens(s string) []string {
	var out []string
	var cur strings.Builder
	inQuote := false
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == '"' || r == '“' || r == '”':
			if inQuote {
				out = append(out, cur.String())
				cur.Reset()
			} else {
				flush()
			}
			inQuote = !inQuote
		case r == ' ' && !inQuote:
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}

// LogRequest is a parsed /influencer log.
type LogRequest struct {
	Handle string
	// Kind is empty when the user gave none: the modal asks.
	Kind rapport.TouchpointKind
	At   time.Time
	Note string
}

// ParseLog reads "<handle> [kind] [when] [note…]" where when is today, yesterday, a date
// (2026-11-20, optionally after "on") or "3 days ago"/"3d ago". Times are the user's local
// noon on that day, so a backdated entry sorts sensibly and never lands in the future.
func ParseLog(rest string, now time.Time, loc *time.Location) (LogRequest, error) {
	handle, tail, _ := strings.Cut(strings.TrimSpace(rest), " ")
	if handle == "" {
		return LogRequest{}, fmt.Errorf("Say who you were in touch with, e.g. `/influencer log @ava.moreau call yesterday Talked about the spring launch`.")
	}
	req := LogRequest{Handle: handle, At: now}
	tail = strings.TrimSpace(tail)
	if tail == "" {
		return req, nil
	}
	word, after, _ := strings.Cut(tail, " ")
	kind, err := rapport.ParseTouchpointKind(word)
	if err != nil {
		return LogRequest{}, fmt.Errorf("%s. For example `/influencer log %s call`; leave the kind out to get a form.", render.Escape(err.Error()), render.Escape(handle))
	}
	req.Kind = kind
	at, note, err := parseWhen(strings.TrimSpace(after), now, loc)
	if err != nil {
		return LogRequest{}, err
	}
	req.At, req.Note = at, note
	if n := utf8.RuneCountInString(req.Note); n > rapport.MaxNoteLength {
		return LogRequest{}, fmt.Errorf("That note is %d characters; keep it under %d (paste longer write-ups as a link).", n, rapport.MaxNoteLength)
	}
	return req, nil
}

var agoPattern = regexp.MustCompile(`^(\d{1,3})\s*(d|days?)\s+ago\b`)

// agoLike is anything that reads as "N units ago", so one the pattern refuses (too many
// days, weeks, years) is an error, never a note.
var agoLike = regexp.MustCompile(`^\d+\s*[a-z]*\s+ago\b`)

// parseWhen takes an optional leading date off text and returns it with the rest.
func parseWhen(text string, now time.Time, loc *time.Location) (time.Time, string, error) {
	local := now.In(loc)
	noon := func(t time.Time) time.Time {
		return time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, loc)
	}
	lower := strings.ToLower(text)
	word, rest, _ := strings.Cut(text, " ")
	switch strings.ToLower(word) {
	case "today", "now":
		return now, strings.TrimSpace(rest), nil
	case "yesterday":
		return noon(local.AddDate(0, 0, -1)), strings.TrimSpace(rest), nil
	case "on":
		word, rest, _ = strings.Cut(strings.TrimSpace(rest), " ")
	}
	if m := agoPattern.FindStringSubmatch(lower); m != nil {
		n, _ := strconv.Atoi(m[1])
		return noon(local.AddDate(0, 0, -n)), strings.TrimSpace(text[len(m[0]):]), nil
	}
	if agoLike.MatchString(lower) {
		return time.Time{}, "", fmt.Errorf("I can't read “%s” as a day; say today, yesterday, 3 days ago (up to 999) or a date like 2026-11-20.",
			render.Escape(strings.TrimSpace(agoLike.FindString(lower))))
	}
	if d, err := time.ParseInLocation(time.DateOnly, word, loc); err == nil {
		if d.After(local) {
			return time.Time{}, "", fmt.Errorf("%s is in the future; log contacts once they have happened.", render.Escape(word))
		}
		at := noon(d)
		if at.After(now) {
			at = now // today: noon may not have come yet
		}
		return at, strings.TrimSpace(rest), nil
	}
	if looksLikeDate(word) {
		return time.Time{}, "", fmt.Errorf("I can't read the date “%s”; write it as 2026-11-20, or say today, yesterday or 3 days ago.", render.Escape(word))
	}
	return now, text, nil
}

func looksLikeDate(s string) bool {
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return digits >= 4 && strings.ContainsAny(s, "-/.")
}

var mentionPattern = regexp.MustCompile(`^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$`)

// ParseMention reads a Slack user mention as Slack sends it in escaped command text.
func ParseMention(s string) (string, bool) {
	m := mentionPattern.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// OwnerRequest is a parsed /influencer owner.
type OwnerRequest struct {
	Handle, Owner, Backup string
}

// ParseOwner reads "<handle> @owner [backup @backup]".
func ParseOwner(rest string) (OwnerRequest, error) {
	t := tokens(rest)
	usage := "Use `/influencer owner @ava.moreau @priya` or `/influencer owner @ava.moreau @priya backup @lena`."
	if len(t) != 2 && !(len(t) == 4 && strings.EqualFold(t[2], "backup")) {
		return OwnerRequest{}, fmt.Errorf("%s", usage)
	}
	req := OwnerRequest{Handle: t[0]}
	var ok bool
	if req.Owner, ok = ParseMention(t[1]); !ok {
		return OwnerRequest{}, fmt.Errorf("The owner must be a Slack user picked with @. %s", usage)
	}
	if len(t) == 4 {
		if req.Backup, ok = ParseMention(t[3]); !ok {
			return OwnerRequest{}, fmt.Errorf("The backup must be a Slack user picked with @. %s", usage)
		}
		if req.Backup == req.Owner {
			return OwnerRequest{}, fmt.Errorf("The backup must be someone other than the owner.")
		}
	}
	return req, nil
}

// ParseContact reads `<handle> "<name>" <role> [email]`.
func ParseContact(rest string) (string, rapport.Contact, error) {
	t := tokens(rest)
	usage := "Use `/influencer contact @ava.moreau \"Jules Petit\" manager jules@talent.example` (quote a name with spaces)."
	if len(t) < 3 || len(t) > 4 {
		return "", rapport.Contact{}, fmt.Errorf("%s", usage)
	}
	c := rapport.Contact{Name: t[1], Role: t[2]}
	if len(t) == 4 {
		c.Email = strings.Trim(t[3], "<>")
		if i := strings.Index(c.Email, "|"); i >= 0 { // Slack's <mailto:a@b|a@b>
			c.Email = c.Email[i+1:]
		}
		c.Email = strings.TrimPrefix(c.Email, "mailto:")
		if !strings.Contains(c.Email, "@") || strings.ContainsAny(c.Email, " ,;") {
			return "", rapport.Contact{}, fmt.Errorf("“%s” doesn't look like an e-mail address. %s", render.Escape(c.Email), usage)
		}
	}
	for _, f := range []string{c.Name, c.Role, c.Email} {
		if utf8.RuneCountInString(f) > 120 {
			return "", rapport.Contact{}, fmt.Errorf("Keep each contact detail under 120 characters.")
		}
	}
	return t[0], c, nil
}

// ParseSnooze reads "<handle> <duration>" such as 1w, 3d, "2 weeks".
func ParseSnooze(rest string) (string, time.Duration, error) {
	handle, dur, _ := strings.Cut(strings.TrimSpace(rest), " ")
	usage := "Use `/influencer snooze @ava.moreau 1w` (or 3d, 2w, 30d)."
	if handle == "" || strings.TrimSpace(dur) == "" {
		return "", 0, fmt.Errorf("%s", usage)
	}
	dur = strings.ToLower(strings.TrimSpace(dur))
	dur = strings.NewReplacer(" weeks", "w", " week", "w", " days", "d", " day", "d").Replace(dur)
	d, err := config.ParseDuration(dur)
	if err != nil || d < time.Hour {
		return "", 0, fmt.Errorf("I can't read “%s” as a snooze length. %s", render.Escape(dur), usage)
	}
	if d > 180*24*time.Hour {
		return "", 0, fmt.Errorf("Snoozes last at most 180 days; to stop nudges for longer, use `/influencer pause %s`.", render.Escape(handle))
	}
	return handle, d, nil
}
