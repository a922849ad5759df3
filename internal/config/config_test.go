package config

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func env(kv map[string]string) Getenv {
	return func(k string) string { return kv[k] }
}

func validEnv() map[string]string {
	return map[string]string{
		"SLACK_APP_TOKEN": "xapp-1-A123-456-abcdef",
		"SLACK_BOT_TOKEN": "xoxb-123-456-abcdef",
	}
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(validEnv()))
	if err != nil {
		t.Fatal(err)
	}
	if c.SlackAPIURL != DefaultSlackAPIURL || c.RedisURL.Reveal() != DefaultRedisURL || c.HTTPAddr != DefaultHTTPAddr {
		t.Errorf("defaults not applied: %+v", c)
	}
	if c.Settings.Redis.KeyPrefix != DefaultKeyPrefix || c.Settings.Slack.Connections != DefaultConnections ||
		time.Duration(c.Settings.Redis.Timeout) != defaultRedisTimeout {
		t.Errorf("settings defaults not applied: %+v", c.Settings)
	}
}

func TestLoadEnvErrors(t *testing.T) {
	tests := []struct {
		name string
		set  map[string]string
		want []string
	}{
		{"missing app token", map[string]string{"SLACK_APP_TOKEN": ""}, []string{"SLACK_APP_TOKEN is not set", "xapp-", "connections:write"}},
		{"bot token in app slot", map[string]string{"SLACK_APP_TOKEN": "xoxb-123-456-abcdef"}, []string{"SLACK_APP_TOKEN does not start with xapp-"}},
		{"missing bot token", map[string]string{"SLACK_BOT_TOKEN": ""}, []string{"SLACK_BOT_TOKEN is not set", "xoxb-"}},
		{"truncated bot token", map[string]string{"SLACK_BOT_TOKEN": "xoxb-12"}, []string{"SLACK_BOT_TOKEN looks malformed"}},
		{"bad api url", map[string]string{"SLACK_API_URL": "slack.com"}, []string{"SLACK_API_URL"}},
		{"bad redis scheme", map[string]string{"REDIS_URL": "http://localhost"}, []string{"REDIS_URL", "not supported"}},
		{"sentinel without master", map[string]string{"REDIS_URL": "redis-sentinel://s1:26379"}, []string{"master_name"}},
		{"bad http addr", map[string]string{"RAPPORT_HTTP_ADDR": "8080"}, []string{"RAPPORT_HTTP_ADDR"}},
		{"bad profiler addr", map[string]string{"RAPPORT_PPROF_ADDR": "6060"}, []string{"RAPPORT_PPROF_ADDR"}},
		{"profiler on every interface", map[string]string{"RAPPORT_PPROF_ADDR": ":6060"}, []string{"RAPPORT_PPROF_ADDR", "loopback"}},
		{"profiler on a public address", map[string]string{"RAPPORT_PPROF_ADDR": "10.0.0.5:6060"}, []string{"RAPPORT_PPROF_ADDR", "loopback"}},
		{"missing config file", map[string]string{"RAPPORT_CONFIG": "/nonexistent/rapport.yaml"}, []string{"RAPPORT_CONFIG", "no such file"}},
		{"both tokens missing reported together", map[string]string{"SLACK_APP_TOKEN": "", "SLACK_BOT_TOKEN": ""}, []string{"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validEnv()
			for k, v := range tt.set {
				e[k] = v
			}
			_, err := Load(env(e))
			if err == nil {
				t.Fatal("Load succeeded, want error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestSecretsNeverPrint(t *testing.T) {
	c, err := Load(env(validEnv()))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{c.SlackAppToken.String(), c.SlackBotToken.GoString(), c.SlackAppToken.LogValue().String()} {
		if strings.Contains(s, "xapp") || strings.Contains(s, "xoxb") {
			t.Errorf("secret leaked: %q", s)
		}
	}
}

func TestExampleConfigLoads(t *testing.T) {
	e := validEnv()
	e["RAPPORT_CONFIG"] = filepath.Join("..", "..", "manifests", "config.example.yaml")
	c, err := Load(env(e))
	if err != nil {
		t.Fatalf("the shipped example config does not load: %v", err)
	}
	if c.Settings.TeamChannel != "C0123456789" || len(c.Settings.Admins) != 1 {
		t.Errorf("example config values not read: %+v", c.Settings)
	}
}

func TestFileErrors(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"unknown_key.yaml", []string{"unknown_key.yaml", `unknown key "key_prefx"`, "line 3"}},
		{"bad_values.yaml", []string{"invalid duration \"soon\""}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := ReadFile(filepath.Join("testdata", tt.file))
			if err == nil {
				t.Fatal("ReadFile succeeded, want error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestSettingsValidation(t *testing.T) {
	_, err := Parse("inline", []byte("team_channel: general\nadmins: [priya]\nslack: {connections: 11}\ncurrency: euro\n"))
	if err == nil {
		t.Fatal("want error")
	}
	for _, w := range []string{"team_channel", "admins[0]", "slack.connections: 11", `currency: "euro"`} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %q", err, w)
		}
	}
	if _, err := Parse("empty", nil); err != nil {
		t.Errorf("empty file should load with defaults: %v", err)
	}
}

func TestCurrencyIsAnISOCodeStoredUpperCase(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr string // "" when the value is accepted
	}{
		{"upper case", "EUR", "EUR", ""},
		{"lower case is read and stored upper case", "eur", "EUR", ""},
		{"mixed case", "Gbp", "GBP", ""},
		{"empty means none configured", "", "", ""},
		{"well-formed but unknown", "XYZ", "", `currency: "XYZ" is not an ISO 4217 currency code`},
		{"no currency", "XXX", "", `currency: "XXX" means no currency in ISO 4217`},
		{"no currency in lower case", "xxx", "", `currency: "xxx" means no currency`},
		{"testing code", "XTS", "", `currency: "XTS" is reserved for testing`},
		{"a name, not a code", "euro", "", `currency: "euro" is not a three-letter ISO 4217 code`},
		{"a symbol", "€", "", `currency: "€" is not a three-letter ISO 4217 code`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse("inline", []byte(fmt.Sprintf("currency: %q\n", tt.in)))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse(currency: %q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), "EUR, USD or GBP") {
					t.Errorf("error %q gives no example of a code to use", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(currency: %q): %v", tt.in, err)
			}
			if got.Currency != tt.want {
				t.Errorf("Currency = %q, want %q", got.Currency, tt.want)
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"90s", 90 * time.Second, false},
		{"36h", 36 * time.Hour, false},
		{"14d", 14 * 24 * time.Hour, false},
		{"2w", 14 * 24 * time.Hour, false},
		{"1d12h", 36 * time.Hour, false},
		{"1.5d", 36 * time.Hour, false},
		{"", 0, true},
		{"d", 0, true},
		{"soon", 0, true},
		{"-3h", 0, true},
		{"14 days", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v, err=%v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
	if s := Duration(14 * 24 * time.Hour).String(); s != "14d" {
		t.Errorf("String = %q", s)
	}
}

func TestLoadStorageNeedsNoSlack(t *testing.T) {
	c, err := LoadStorage(env(map[string]string{"REDIS_URL": "unix:///tmp/x.sock"}))
	if err != nil || c.RedisURL.Reveal() != "unix:///tmp/x.sock" {
		t.Fatalf("LoadStorage = %+v, %v", c, err)
	}
	if _, err := LoadStorage(env(map[string]string{"REDIS_URL": "mysql://x"})); err == nil {
		t.Error("LoadStorage accepted a bad REDIS_URL")
	}
}

func TestNetworkAllowHosts(t *testing.T) {
	tests := []struct {
		yaml    string
		want    []string
		wantErr string
	}{
		{yaml: "", want: nil},
		{yaml: "network: {allow_hosts: [rss.intranet.example, 10.0.0.0/8, 127.0.0.1, 'fd00::/8']}",
			want: []string{"rss.intranet.example", "10.0.0.0/8", "127.0.0.1", "fd00::/8"}},
		{yaml: "network: {allow_hosts: [rss.intranet.example, 'https://cal.intranet.example/']}", wantErr: "network.allow_hosts[1]"},
		{yaml: "network: {allow_hosts: ['10.0.0.0/40']}", wantErr: "network.allow_hosts[0]"},
		{yaml: "network: {allow_host: [x.example]}", wantErr: `unknown key "allow_host"`},
	}
	for _, tt := range tests {
		t.Run(tt.yaml, func(t *testing.T) {
			s, err := Parse("inline", []byte(tt.yaml))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(s.Network.AllowHosts, tt.want) {
				t.Errorf("allow_hosts = %q, want %q", s.Network.AllowHosts, tt.want)
			}
		})
	}
}

func TestProfilerAddressMustBeLoopback(t *testing.T) {
	tests := []struct {
		host string
		want bool
	}{
		{"127.0.0.1", true}, {"::1", true}, {"localhost", true}, {"127.0.0.2", true},
		{"", false}, {"0.0.0.0", false}, {"10.0.0.5", false}, {"rapport.internal", false},
	}
	for _, tt := range tests {
		if got := loopback(tt.host); got != tt.want {
			t.Errorf("loopback(%q) = %v, want %v", tt.host, got, tt.want)
		}
	}
}
