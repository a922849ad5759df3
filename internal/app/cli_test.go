package app

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/slackfake"
)

func TestServeRefusesBadTokens(t *testing.T) {
	tests := []struct {
		name string
		set  map[string]string
		want []string
	}{
		{"app token missing", map[string]string{"SLACK_APP_TOKEN": ""}, []string{"SLACK_APP_TOKEN is not set", "xapp-"}},
		{"tokens swapped", map[string]string{"SLACK_APP_TOKEN": slackfake.BotToken, "SLACK_BOT_TOKEN": slackfake.AppToken},
			[]string{"SLACK_APP_TOKEN does not start with xapp-", "SLACK_BOT_TOKEN does not start with xoxb-"}},
		{"bot token rejected by Slack", map[string]string{"SLACK_BOT_TOKEN": "xoxb-not-the-right-one"}, []string{"SLACK_BOT_TOKEN", "invalid_auth"}},
		{"app token rejected by Slack", map[string]string{"SLACK_APP_TOKEN": "xapp-1-not-the-right-one"}, []string{"SLACK_APP_TOKEN", "invalid_auth"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			for k, v := range tt.set {
				h.env[k] = v
			}
			out, err := h.run("serve")
			if err == nil {
				t.Fatalf("serve started with bad tokens\n%s", out)
			}
			if ExitCode(err) == 0 {
				t.Errorf("exit code 0 for %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if strings.Contains(out+err.Error(), "not-the-right-one") {
				t.Error("a token reached the output")
			}
		})
	}
}

func TestServeStopsWhenSlackEndsTheLink(t *testing.T) {
	tests := []struct {
		name   string
		action func(*slackfake.Server)
		want   string
	}{
		{"socket mode disabled", (*slackfake.Server).DisableLink, "Socket Mode is turned off"},
		{"app token revoked", func(s *slackfake.Server) {
			s.RevokeAppToken()
			s.DisconnectAll("refresh_requested")
		}, "invalid_auth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			done := make(chan error, 1)
			go func() { _, err := h.run("serve"); done <- err }()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := h.slack.WaitConnections(ctx, replicaConnections); err != nil {
				t.Fatal(err)
			}
			tt.action(h.slack)
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("serve ended with %v, want mention of %q", err, tt.want)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("serve kept running after Slack ended the link\nlogs:\n%s", h.logs)
			}
		})
	}
}

func TestImportReportsBadRowsAndKeepsGoodOnes(t *testing.T) {
	h := newHarness(t)
	out, err := h.run("import", "influencers", "testdata/influencers_bad.csv")
	if !errors.Is(err, ErrRowsRejected) {
		t.Fatalf("import err = %v, want ErrRowsRejected\n%s", err, out)
	}
	contains(t, "influencer import output", out, "line 3: handle", "line 4: status", "line 6: owner",
		"2 created, 0 updated, 0 unchanged, 3 rejected")

	// Idempotent: the same file again changes nothing.
	out, _ = h.run("import", "influencers", "testdata/influencers_bad.csv")
	contains(t, "second import", out, "0 created, 0 updated, 2 unchanged")

	out, err = h.run("import", "metrics", h.fixture("metrics_bad.csv.tmpl"))
	if !errors.Is(err, ErrRowsRejected) {
		t.Fatalf("metrics import err = %v\n%s", err, out)
	}
	contains(t, "metrics import output", out, "line 3: as_of", `line 4: handle: no influencer "nobody.here"`, "line 5: followers",
		"1 snapshots saved, 3 rejected")

	h.serve()
	_, msg := h.slash("U0PRIYA", "/influencer", "good.one")
	contains(t, "imported card", msg.PlainText(), "Good One", "12K followers")
	_, msg = h.slash("U0PRIYA", "/influencer", "bad.status")
	contains(t, "rejected row", msg.PlainText(), "No influencer called")
}

func TestImportDryRunAndStrictWriteNothing(t *testing.T) {
	h := newHarness(t)
	out, _ := h.run("import", "--dry-run", "influencers", "testdata/influencers_bad.csv")
	contains(t, "dry run", out, "dry run: 2 rows would be imported, 3 rejected; nothing written")
	out, _ = h.run("import", "influencers", "testdata/influencers_bad.csv", "--strict")
	contains(t, "strict", out, "strict: 3 rows rejected, so nothing was imported")
	out, err := h.run("import", "influencers", "testdata/influencers.csv")
	if err != nil {
		t.Fatalf("clean import: %v\n%s", err, out)
	}
	contains(t, "clean import after dry run and strict", out, "4 created, 0 updated")
}

func TestCommandLineMistakes(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		args []string
		want string
	}{
		{nil, "no command given"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"import", "widgets", "x.csv"}, `cannot import "widgets"`},
		{[]string{"import", "influencers"}, "needs a kind"},
		{[]string{"import", "influencers", "testdata/nope.csv"}, "no such file"},
		{[]string{"demo", "--at", "tomorrow 9am"}, "is not an RFC 3339 time"},
	}
	for _, tt := range tests {
		_, err := h.run(tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("rapport %v: err = %v, want %q", tt.args, err, tt.want)
		}
	}
	out, err := h.run("help")
	if err != nil || !strings.Contains(out, "rapport serve") {
		t.Errorf("help = %v\n%s", err, out)
	}
	if _, err := h.run("serve", "-h"); err != nil {
		t.Errorf("serve -h = %v, want success", err)
	}
}

func TestCheckReportsEachPart(t *testing.T) {
	h := newHarness(t)
	h.launchConfig(h.newsServer()...)
	out, err := h.run("check")
	if err != nil {
		t.Fatalf("check failed: %v\n%s", err, out)
	}
	contains(t, "check", out, "✓ configuration", "✓ redis answers", "✓ SLACK_BOT_TOKEN accepted", "✓ SLACK_APP_TOKEN opens Socket Mode",
		"news.xml (2 items)")
	// A feed address that serves a web page, not a feed.
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body>Welcome</body></html>"))
	}))
	defer page.Close()
	h.launchConfig(page.URL + "/home")
	out, err = h.run("check")
	if err == nil {
		t.Fatalf("check passed with a web page as a feed\n%s", out)
	}
	contains(t, "not a feed", out, "✗ feed "+page.URL+"/home", "not an RSS or Atom feed")
	h.redis.Stop()
	h.slack.RevokeAppToken()
	out, err = h.run("check")
	if err == nil {
		t.Fatalf("check passed with Redis down\n%s", out)
	}
	contains(t, "failing check", out, "✗ redis answers", "✗ SLACK_APP_TOKEN")
}

func TestDemoScript(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	script := "/influencer help\n/influencer @ava.moreau\n/influencer ava moreu\n:as marcus\n/influencer zerodechet.chloe\n:advance 15d\n:bogus\n" +
		"/influencer glowwithjade\n3\n2\n/influencer find underrated\n/influencer compare ava.moreau zerodechet.chloe\n" +
		":as priya\n:advance 15d\n1\n6 @lena\n"
	at := harnessStart(t).Format(time.RFC3339)
	err := Run(ctx, []string{"demo", "--at", at}, Env{Getenv: func(string) string { return "" }, Stdin: strings.NewReader(script), Stdout: &out, Stderr: &out})
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, out.String())
	}
	contains(t, "demo output", out.String(),
		"/influencer <handle or name>", "══ Ava Moreau ══", "Owner · backup: @priya · @lena", "ER/followers:",
		"Did you mean `@ava.moreau`", "now acting as Marcus Lee", "only visible to @marcus", "Chloé Lefèvre",
		"clock moved forward 15d", `I don't understand ":bogus"`,
		"Campaigns with Lumière Skincare", "pressed [3] Show all 43 campaigns", "modal “Campaigns”", "Glow Edit",
		"pressed [2] Show trend chart", "file shared in #partnerships",
		"`underrated` · showing 1–", "Compare: Ava Moreau · Chloé Lefèvre",
		"direct message from Rapport to @priya", "relationships to look after", "pressed [1] Logged contact",
		"Contact logged by @priya", "pressed [6] Reassign to…", "Reassigned to @lena by @priya")
	// The headline comparison is filled for the sample creators: three years back too.
	if !regexp.MustCompile(`ER/followers now [0-9.]+% · 1y ago [0-9.]+% · 2y ago [0-9.]+% · 3y ago [0-9.]+%`).MatchString(out.String()) {
		t.Errorf("no card shows engagement now against 1, 2 and 3 years ago:\n%s", out.String())
	}
}
