package slackbot

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestParseLog(t *testing.T) {
	london, _ := time.LoadLocation("Europe/London")
	now := time.Date(2026, 11, 25, 15, 30, 0, 0, time.UTC)
	noon := func(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, london) }
	tests := []struct {
		text    string
		want    LogRequest
		wantErr string
	}{
		{"@ava.moreau", LogRequest{Handle: "@ava.moreau", At: now}, ""},
		{"ava call", LogRequest{Handle: "ava", Kind: rapport.KindCall, At: now}, ""},
		{"ava CALL yesterday Talked launch", LogRequest{Handle: "ava", Kind: rapport.KindCall, At: noon(24), Note: "Talked launch"}, ""},
		{"ava email on 2026-11-20 sent brief", LogRequest{Handle: "ava", Kind: rapport.KindEmail, At: noon(20), Note: "sent brief"}, ""},
		{"ava dm 3 days ago quick hello", LogRequest{Handle: "ava", Kind: rapport.KindDM, At: noon(22), Note: "quick hello"}, ""},
		{"ava gift 2026-11-25", LogRequest{Handle: "ava", Kind: rapport.KindGift, At: noon(25)}, ""},
		{"ava meeting today", LogRequest{Handle: "ava", Kind: rapport.KindMeeting, At: now}, ""},
		{"ava other the 2026 plan", LogRequest{Handle: "ava", Kind: rapport.KindOther, At: now, Note: "the 2026 plan"}, ""},
		{"", LogRequest{}, "Say who"},
		{"ava lunch", LogRequest{}, "not a touchpoint kind"},
		{"ava call 2026-12-01", LogRequest{}, "in the future"},
		{"ava call 20/11/2026 x", LogRequest{}, "can't read the date"},
		{"ava call 9999999 days ago", LogRequest{}, "can't read “9999999 days ago” as a day"},
		{"ava call 2 weeks ago caught up", LogRequest{}, "can't read “2 weeks ago” as a day"},
		{"ava call " + strings.Repeat("n", 4000), LogRequest{}, "4000 characters"},
	}
	for _, tt := range tests {
		got, err := ParseLog(tt.text, now, london)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseLog(%.30q) err = %v, want %q", tt.text, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.Handle != tt.want.Handle || got.Kind != tt.want.Kind || !got.At.Equal(tt.want.At) || got.Note != tt.want.Note {
			t.Errorf("ParseLog(%q) = %+v, %v; want %+v", tt.text, got, err, tt.want)
		}
	}
}

func TestParseOwnerContactSnooze(t *testing.T) {
	o, err := ParseOwner("@ava <@U0PRIYA|priya> backup <@U0LENA>")
	if err != nil || o != (OwnerRequest{Handle: "@ava", Owner: "U0PRIYA", Backup: "U0LENA"}) {
		t.Errorf("ParseOwner = %+v, %v", o, err)
	}
	for _, bad := range []string{"@ava priya", "@ava", "@ava <@U1> backup <@U1>", "@ava <@U1> deputy <@U2>"} {
		if _, err := ParseOwner(bad); err == nil {
			t.Errorf("ParseOwner(%q) accepted", bad)
		}
	}
	h, c, err := ParseContact(`@ava "Jules Petit" manager <mailto:jules@t.example|jules@t.example>`)
	if err != nil || h != "@ava" || !reflect.DeepEqual(c, rapport.Contact{Name: "Jules Petit", Role: "manager", Email: "jules@t.example"}) {
		t.Errorf("ParseContact = %q %+v %v", h, c, err)
	}
	if _, _, err := ParseContact(`@ava Jules manager not-an-email`); err == nil {
		t.Error("bad email accepted")
	}
	for in, want := range map[string]time.Duration{"@ava 1w": 7 * 24 * time.Hour, "@ava 3d": 72 * time.Hour, "@ava 2 weeks": 14 * 24 * time.Hour} {
		_, d, err := ParseSnooze(in)
		if err != nil || d != want {
			t.Errorf("ParseSnooze(%q) = %v, %v", in, d, err)
		}
	}
	for _, bad := range []string{"@ava", "@ava soon", "@ava 1y", "@ava 10m"} {
		if _, _, err := ParseSnooze(bad); err == nil {
			t.Errorf("ParseSnooze(%q) accepted", bad)
		}
	}
	if got := tokens(`a "b c" “d e” f`); !reflect.DeepEqual(got, []string{"a", "b c", "d e", "f"}) {
		t.Errorf("tokens = %q", got)
	}
}
