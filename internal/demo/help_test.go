package demo

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/demo/sample"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/slackbot"
)

// The bot's help is what a newcomer to the demo tries first, so every example in it must
// name influencers, users and campaigns of the sample data: an example answering "No
// influencer called …" teaches the wrong thing.
func TestHelpExamplesNameTheSampleData(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC) // the names do not depend on it
	roster, _ := sample.Roster(now)
	byHandle := map[string]rapport.Influencer{}
	for _, in := range roster {
		byHandle[rapport.NormalizeHandle(in.Handle)] = in
	}
	users := map[string]bool{}
	for _, u := range sample.Users {
		users[strings.ToLower(u.Name)] = true
	}
	campaigns := map[string]bool{}
	for _, row := range sample.Campaigns(now) {
		campaigns[row.Campaign.ID] = true
	}

	checked := 0
	for _, command := range []string{slackbot.CommandInfluencer, slackbot.CommandCampaign} {
		entries := slackbot.HelpEntries(command)
		if len(entries) == 0 {
			t.Fatalf("no help for %s", command)
		}
		for _, e := range entries {
			args, ok := strings.CutPrefix(e.Example, command)
			if !ok {
				t.Errorf("%s help for %q: example %q is not a %s command", command, e.Usage, e.Example, command)
				continue
			}
			checked++
			for _, problem := range exampleProblems(command, strings.TrimSpace(args), byHandle, users, campaigns) {
				t.Errorf("%s: %s", e.Example, problem)
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d examples checked", checked)
	}
}

// exampleProblems lists what in one example's arguments the sample data lacks.
func exampleProblems(command, args string, byHandle map[string]rapport.Influencer, users, campaigns map[string]bool) []string {
	var problems []string
	sub, rest, _ := strings.Cut(args, " ")
	switch command {
	case slackbot.CommandCampaign:
		switch strings.ToLower(sub) {
		case "", "help", "new", "list":
			return nil
		case "check", "poll", "edit", "cancel":
		default:
			rest = strings.TrimSuffix(args, " history") // "<name> history", as the bot reads it
		}
		if !campaigns[rapport.CampaignID(rest)] {
			problems = append(problems, "no sample campaign called "+rest)
		}
		return problems
	}
	words := strings.Fields(args)
	for _, w := range words {
		name, ok := strings.CutPrefix(w, "@")
		if !ok {
			continue
		}
		if _, isHandle := byHandle[rapport.NormalizeHandle(name)]; !isHandle && !users[strings.ToLower(name)] {
			problems = append(problems, "@"+name+" is neither a sample influencer nor a demo user")
		}
	}
	if sub == "find" {
		// One influencer must carry every tag and market the search names.
		var tags, markets []string
		for _, w := range words[1:] {
			if v, ok := strings.CutPrefix(w, "tag:"); ok {
				tags = append(tags, strings.ToLower(v))
			}
			if v, ok := strings.CutPrefix(w, "market:"); ok {
				markets = append(markets, strings.ToUpper(v))
			}
		}
		found := false
		for _, in := range byHandle {
			lowered := make([]string, len(in.Tags))
			for i, tag := range in.Tags {
				lowered[i] = strings.ToLower(tag)
			}
			if containsAll(lowered, tags) && containsAll(in.Markets, markets) {
				found = true
				break
			}
		}
		if !found {
			problems = append(problems, "no sample influencer has tags "+strings.Join(tags, ", ")+" and markets "+strings.Join(markets, ", "))
		}
	}
	return problems
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}
