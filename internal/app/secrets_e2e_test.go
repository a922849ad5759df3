package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/slackfake"
)

// The credentials the sources of TestFailingSourcesLeakNoSecrets carry.
const (
	leakPassword = "pa55-Word-9f8e7d"
	leakAPIKey   = "KEY-7c6b5a49382716"
	leakCalToken = "0123456789abcdef0123456789abcdef"
	leakGDELTKey = "GDELT-5e4d3c2b1a"
	leakLoop     = "loop-Tok3n-aa11bb"
)

// leakyServer fails in every way a source can, echoing in its error pages the address it
// was asked for, as some servers do.
func (h *harness) leakyServer() *httptest.Server {
	h.t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/rss", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "internal error serving "+r.URL.String(), http.StatusInternalServerError)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.String(), http.StatusFound)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	mux.HandleFunc("/calendar/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no calendar at "+r.URL.String(), http.StatusNotFound)
	})
	mux.HandleFunc("/moved/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://10.0.0.1/private-"+leakCalToken+"/basic.ics", http.StatusFound)
	})
	mux.HandleFunc("/gdelt", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "bad key "+r.URL.Query().Get("key")+" for "+r.URL.String(), http.StatusInternalServerError)
	})
	srv := httptest.NewServer(mux)
	h.t.Cleanup(srv.Close)
	return srv
}

// TestFailingSourcesLeakNoSecrets: a timing check whose every source fails — a feed with a
// password and an API key answering 500, a redirect loop, a feed that never answers, the
// cloud metadata address, a calendar's secret address answering 404, a calendar moved to a
// private address, GDELT behind a keyed proxy failing — says in the channel which sources
// failed and why, and neither Slack nor the logs ever see a credential.
func TestFailingSourcesLeakNoSecrets(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	srv := h.leakyServer()
	hostPort := strings.TrimPrefix(srv.URL, "http://")
	userinfo := "http://reader:" + leakPassword + "@"
	h.config(fmt.Sprintf(`
network:
  allow_hosts: [127.0.0.1]
gdelt:
  enabled: true
  url: %q
feeds:
  - {url: %q}
  - {url: %q}
  - {url: %q}
  - {url: %q}
calendar:
  ics:
    - {url: %q}
    - {name: Team offsites, url: %q}
`,
		srv.URL+"/gdelt?key="+leakGDELTKey,
		userinfo+hostPort+"/rss?apikey="+leakAPIKey,
		srv.URL+"/loop?token="+leakLoop,
		userinfo+hostPort+"/slow?apikey="+leakAPIKey,
		userinfo+"169.254.169.254/latest/meta-data/?apikey="+leakAPIKey,
		srv.URL+"/calendar/ical/team%40group.calendar.google.com/private-"+leakCalToken+"/basic.ics",
		userinfo+hostPort+"/moved/private-"+leakCalToken+"/basic.ics?pw="+leakPassword,
	))
	h.importFixtures()
	launch := h.localTime(100*time.Hour, "Europe/Paris").Format("2006-01-02 15:04")
	h.importFile("campaigns", h.writeFile("camp.csv", "campaign,handle,launch_at,timezone,markets,channel,keywords\n"+
		"Quiet Launch,ava.moreau,"+launch+",Europe/Paris,FR,"+testChannel+",serum\n"))
	h.serve()

	// The feed that never answers holds the check for the fetch timeout (10 s).
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	it, err := h.slack.SlashCommand(ctx, slackfake.SlashCommand{User: "U0PRIYA", Channel: testChannel, Command: "/campaign", Text: "check quiet launch"})
	if err != nil {
		t.Fatal(err)
	}
	answer, err := it.WaitResponse(ctx)
	if err != nil {
		t.Fatalf("no answer: %v\nlogs:\n%s", err, h.logs)
	}
	contains(t, "answer", answer.PlainText(), "Posted the timing check")
	check := h.expect("the check", func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindPost && strings.Contains(m.PlainText(), "Timing check on request for Quiet Launch")
	})
	// Each failure is named by scheme, host and path, with a fixed reason.
	contains(t, "check", check.PlainText(),
		srv.URL+"/rss: HTTP 500", srv.URL+"/loop: too many redirects", srv.URL+"/slow: timed out",
		"http://169.254.169.254/latest/meta-data/: refused: private address", "GDELT: HTTP 500",
		srv.URL+"/calendar/ical/team%40group.calendar.google.com/…/basic.ics: HTTP 404",
		"Team offsites: refused: private address")

	secrets := []string{leakPassword, leakAPIKey, leakCalToken, leakGDELTKey, leakLoop}
	scan := func(what string, payload any) {
		t.Helper()
		raw, err := json.Marshal(payload)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if strings.Contains(string(raw), s) || strings.Contains(string(raw), strings.ReplaceAll(s, "-", `\u002d`)) {
				t.Errorf("%s shows %q: %s", what, s, raw)
			}
		}
	}
	for _, m := range h.slack.Messages() {
		scan(fmt.Sprintf("message %d (%s)", m.Seq, m.Kind), m)
	}
	for _, v := range h.slack.Views() {
		scan("view "+v.ID, v)
	}
	for _, a := range h.slack.Acks() {
		scan("ack "+a.EnvelopeID, a)
	}
	for _, r := range h.slack.Rejections() {
		t.Errorf("Slack rejected a payload: %+v", r)
		scan("rejected payload", r)
	}
	for _, s := range secrets {
		if strings.Contains(h.logs.String(), s) {
			t.Errorf("the logs show %q:\n%s", s, h.logs)
		}
	}
}
