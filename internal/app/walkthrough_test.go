package app

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/slackbot"
)

// readmeWalkthrough returns the console lines of the README's launch walkthrough: the
// quoted arguments of its `printf '%s\n' … | go run ./cmd/rapport demo` command.
func readmeWalkthrough(t *testing.T) []string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, `printf '%s\n' ':advance`)
	if start < 0 {
		t.Fatal("README has no launch walkthrough: printf with ':advance' lines piped into the demo")
	}
	end := strings.Index(text[start:], "| go run ./cmd/rapport demo")
	if end < 0 {
		t.Fatal("the README's walkthrough does not pipe into go run ./cmd/rapport demo")
	}
	args := regexp.MustCompile(`'([^']*)'`).FindAllStringSubmatch(text[start:start+end], -1)
	var lines []string
	for _, a := range args[1:] { // args[0] is printf's format
		lines = append(lines, a[1])
	}
	return lines
}

// TestREADMELaunchWalkthrough runs the README's launch walkthrough, as written there, from
// several start instants: morning, night and evening, across a DST change and New Year.
// Each step brings what the README says it brings, and nothing is late.
func TestREADMELaunchWalkthrough(t *testing.T) {
	script := readmeWalkthrough(t)
	wantSteps := []string{":advance 2d", ":advance 18h", ":press Go", ":as marcus", ":press Go", ":advance 2h", "/campaign radiance serum launch"}
	if strings.Join(script, "\n") != strings.Join(wantSteps, "\n") {
		t.Fatalf("the README walkthrough is %q; this test checks %q: update both together", script, wantSteps)
	}
	for _, at := range []string{"2026-12-06T00:30:00Z", "2027-03-26T06:00:00Z", "2026-12-31T13:00:00Z", "2027-10-29T19:45:00Z"} {
		t.Run(at, func(t *testing.T) {
			t.Parallel()
			var out syncBuffer
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			err := Run(ctx, []string{"demo", "--at", at}, Env{Getenv: func(string) string { return "" },
				Stdin: strings.NewReader(strings.Join(script, "\n") + "\n"), Stdout: &out, Stderr: &out})
			if err != nil {
				t.Fatalf("demo: %v\n%s", err, out.String())
			}
			// The console echoes each scripted line as "» line": split the transcript there.
			parts := strings.Split(out.String(), "\n» ")
			if len(parts) != len(script)+1 {
				t.Fatalf("transcript has %d parts for %d lines:\n%s", len(parts), len(script), out.String())
			}
			for i, want := range [][]string{
				{"Timing check T-72h — Radiance Serum Launch", "Storm brings flooding"},
				{"Timing check T-24h — Radiance Serum Launch"},
				{"Timing check T-2h — Radiance Serum Launch", "Go / no-go: Radiance Serum Launch", "Waiting for:   @priya @marcus"},
				{"pressed", "Go (1):        @priya"},
				{"now acting as Marcus Lee"},
				{"pressed", "Go (2):        @marcus @priya"},
				{"Go/no-go for Radiance Serum Launch: go"},
				{"Radiance Serum Launch", "Go/no-go: go"},
			} {
				step := "start"
				if i > 0 {
					step = script[i-1]
				}
				contains(t, "after "+step, parts[i], want...)
			}
			if strings.Contains(parts[0], "Timing check T-24h") || strings.Contains(parts[1], "Go / no-go:") {
				t.Errorf("a checkpoint came a step early:\n%s", out.String())
			}
			for _, bad := range []*regexp.Regexp{regexp.MustCompile(`(?i)\blate\b`), regexp.MustCompile(`(?i)offline`),
				regexp.MustCompile(`failed|no answer from the bot|I don't understand|there is no button`)} {
				if m := bad.FindString(out.String()); m != "" {
					t.Errorf("the walkthrough says %q:\n%s", m, out.String())
				}
			}
		})
	}
}

// TestHelpExamplesWorkInTheDemo types every example of /influencer help and /campaign help
// into the demo, as a new user would, and checks that none is answered with a mistake.
func TestHelpExamplesWorkInTheDemo(t *testing.T) {
	t.Parallel()
	var script []string
	for _, command := range []string{slackbot.CommandInfluencer, slackbot.CommandCampaign} {
		for _, e := range slackbot.HelpEntries(command) {
			script = append(script, e.Example)
			if strings.HasSuffix(e.Example, " new") || strings.Contains(e.Example, " edit ") {
				script = append(script, ":cancel") // a form: just look at it
			}
		}
	}
	// Cancelling is the one example that changes the sample for the others: run it last.
	isCancel := func(line string) int {
		if strings.Contains(line, " cancel ") {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(script, func(a, b string) int { return isCancel(a) - isCancel(b) })
	var out syncBuffer
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	err := Run(ctx, []string{"demo", "--at", harnessStart(t).Format(time.RFC3339)}, Env{Getenv: func(string) string { return "" },
		Stdin: strings.NewReader(strings.Join(script, "\n") + "\n"), Stdout: &out, Stderr: &out})
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, out.String())
	}
	// The console echoes each command as "» line"; a form's answers (":cancel") are echoed
	// inside the command's part.
	commands := slices.DeleteFunc(slices.Clone(script), func(line string) bool { return line == ":cancel" })
	parts := strings.Split(out.String(), "\n» ")
	if len(parts) != len(commands)+1 {
		t.Fatalf("transcript has %d parts for %d commands:\n%s", len(parts), len(commands), out.String())
	}
	mistakes := regexp.MustCompile(`No influencer called|No campaign called|No influencer matches|must be a Slack user|isn't a user|:warning:|⚠|no answer from the bot|I don't understand|failed`)
	for i, line := range commands {
		answer := parts[i+1]
		if m := mistakes.FindString(answer); m != "" {
			t.Errorf("help example %q is answered with %q:\n%s", line, m, answer)
		}
		if strings.TrimSpace(strings.TrimPrefix(answer, line)) == "" {
			t.Errorf("help example %q got no answer", line)
		}
	}
}
