package app

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-bot/rapport/internal/config"
	"github.com/rapport-bot/rapport/internal/slackfake"
)

// The example configurations start Rapport but point it nowhere: check names every value
// to replace, reads none of the example feeds, and fails.
func TestCheckRefusesTheExamplesPlaceholders(t *testing.T) {
	for _, file := range []string{"config.example.yaml", filepath.Join("kubernetes", "config.yaml")} {
		t.Run(file, func(t *testing.T) {
			h := newHarness(t)
			h.env["RAPPORT_CONFIG"] = filepath.Join("..", "..", "manifests", file)
			out, err := h.run("check")
			if err == nil || ExitCode(err) != 1 {
				t.Fatalf("check with the example configuration = %v, want a failure\n%s", err, out)
			}
			contains(t, "check", out, "✓ configuration", "✓ redis answers", "✓ SLACK_BOT_TOKEN accepted",
				`warning: team_channel is "C0123456789", a placeholder from the example configuration; replace it with your team channel's ID`,
				`warning: admins[0] is "U0123456789"`,
				`warning: brand is "Lumière Skincare"`,
				`warning: feeds[0].url is "https://example.org/rss"`)
			if n := strings.Count(out, "warning:"); n != 4 {
				t.Errorf("%d warnings, want 4:\n%s", n, out)
			}
			if strings.Contains(out, "feed https://example.org") {
				t.Errorf("check read the example's feed:\n%s", out)
			}
			contains(t, "error", err.Error(), "4 placeholders from the example configuration are left: replace them")
		})
	}
	t.Run("example secret", func(t *testing.T) {
		h := newHarness(t)
		h.env["SLACK_BOT_TOKEN"] = "xoxb-CHANGE-ME"
		out, err := h.run("check")
		if err == nil {
			t.Fatalf("check passed with the example's bot token\n%s", out)
		}
		contains(t, "check", out, "warning: SLACK_BOT_TOKEN is still the example's placeholder; set it to the bot token")
		contains(t, "error", err.Error(), "some checks failed, and 1 placeholder from the example configuration is left: replace it")
		if strings.Contains(out, "CHANGE-ME") {
			t.Errorf("check printed the token:\n%s", out)
		}
	})
}

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		name string
		cfg  config.Config
		want []string // settings named, in order
	}{
		{"a real configuration", config.Config{SlackAppToken: slackfake.AppToken, SlackBotToken: slackfake.BotToken,
			RedisURL: "redis://:s3cret@redis:6379/0", Settings: config.Settings{TeamChannel: "C0PARTNER1", Admins: []string{"U024BE7LH"},
				Brand: "Acme", Feeds: []config.FeedConfig{{URL: "https://news.acme.test/rss"}},
				Network: config.NetworkConfig{AllowHosts: []string{"rss.intranet.acme", "10.0.0.0/8"}}}}, nil},
		{"every kind of placeholder", config.Config{SlackAppToken: "xapp-CHANGE-ME", SlackBotToken: "xoxb-…",
			RedisURL: "redis://:CHANGE-ME@redis:6379/0", Settings: config.Settings{
				TeamChannel: "CXXXXXXXXXX", Admins: []string{"U024BE7LH", "U0123456789"}, Brand: exampleBrand,
				Feeds:    []config.FeedConfig{{URL: "https://news.acme.test/rss"}, {URL: "https://user:pw@feeds.example.com:8443/rss"}},
				GDELT:    config.GDELTConfig{Enabled: true, URL: "https://gdelt.example/api"},
				Network:  config.NetworkConfig{AllowHosts: []string{"rss.intranet.example", "10.0.0.0/8"}},
				Calendar: config.CalendarConfig{ICS: []config.ICSConfig{{URL: "https://cal.example.net/team.ics"}}}}},
			[]string{"team_channel", "admins[1]", "brand", "feeds[1].url", "gdelt.url", "network.allow_hosts[0]", "calendar.ics[0].url",
				"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "REDIS_URL"}},
		{"a look-alike host is real", config.Config{Settings: config.Settings{
			Feeds: []config.FeedConfig{{URL: "https://myexample.com/rss"}, {URL: "https://example.com.au/rss"}}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := placeholders(tt.cfg)
			var names []string
			for _, p := range got {
				names = append(names, p.setting)
				if s := p.String(); strings.Contains(s, "pw@") || strings.Contains(s, "CHANGE-ME") {
					t.Errorf("a warning shows a secret: %s", s)
				}
			}
			if strings.Join(names, ",") != strings.Join(tt.want, ",") {
				t.Errorf("placeholders = %v, want %v", names, tt.want)
			}
		})
	}
}
