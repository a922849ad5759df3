package csvimport

import (
	"strings"
	"unicode"
)

// column is one column of an import format: its canonical name (DESIGN.md §3) and the
// other names vendor exports and hand-made sheets give it.
type column struct {
	name    string
	aliases []string
}

// format describes one kind of import file.
type format struct {
	name     string
	columns  []column
	required []string
	// anyOf, when set, requires at least one of these columns: a metrics file without a
	// single metric is a mistake, not an empty import.
	anyOf []string
}

// handleAliases are shared by every format keyed by handle.
var handleAliases = []string{
	"username", "user_name", "user", "account", "account_name", "account_handle",
	"creator", "creator_handle", "influencer", "influencer_handle", "screen_name", "profile",
}

var influencerFormat = format{
	name: "influencers",
	columns: []column{
		{"handle", handleAliases},
		{"name", []string{"full_name", "display_name", "creator_name", "influencer_name"}},
		{"markets", []string{"market", "country", "countries", "country_code", "country_codes"}},
		{"tags", []string{"tag", "niche", "niches", "category", "categories", "topics", "verticals"}},
		{"owner", []string{"owner_id", "relationship_owner", "account_owner"}},
		{"backup", []string{"backup_id", "backup_owner", "secondary_owner"}},
		{"status", []string{"relationship_status", "stage"}},
		{"cadence", []string{"contact_cadence", "touch_cadence"}},
		{"contact_name", []string{"agent", "agent_name", "manager_name", "talent_manager"}},
		{"contact_role", []string{"contact_title", "agent_role"}},
		{"contact_email", []string{"email", "agent_email", "manager_email"}},
	},
	required: []string{"handle"},
}

var metricsFormat = format{
	name: "metrics",
	columns: []column{
		{"handle", handleAliases},
		{"platform", []string{"network", "social_network", "social_platform", "channel_type"}},
		{"as_of", []string{"asof", "as_of_date", "date", "period_end", "period_ending", "period",
			"month", "end_date", "snapshot_date"}},
		{"followers", []string{"followers_count", "follower_count", "audience", "audience_size",
			"subscribers", "subscriber_count", "fans"}},
		{"posts", []string{"post_count", "posts_count", "media_count", "number_of_posts",
			"uploads", "videos"}},
		{"avg_likes", []string{"likes", "average_likes", "likes_per_post", "avg_likes_per_post"}},
		{"avg_comments", []string{"comments", "average_comments", "comments_per_post",
			"avg_comments_per_post"}},
		{"avg_shares", []string{"shares", "average_shares", "shares_per_post", "avg_shares_per_post",
			"reposts", "avg_reposts"}},
		{"avg_views", []string{"views", "average_views", "views_per_post", "avg_views_per_post",
			"video_views", "plays", "avg_plays"}},
	},
	required: []string{"handle", "platform", "as_of"},
	anyOf:    []string{"followers", "posts", "avg_likes", "avg_comments", "avg_shares", "avg_views"},
}

// canonical maps every accepted header spelling, normalised, to its column name.
func (f format) canonical() map[string]string {
	m := make(map[string]string)
	for _, c := range f.columns {
		m[c.name] = c.name
		for _, a := range c.aliases {
			m[a] = c.name
		}
	}
	return m
}

// names lists the canonical column names in file order, for messages.
func (f format) names() []string {
	out := make([]string, len(f.columns))
	for i, c := range f.columns {
		out[i] = c.name
	}
	return out
}

// normalizeHeader folds the ways people write a header ("Followers Count", "avg. likes",
// "# Posts", "As-Of") onto snake_case so one alias list covers them all.
func normalizeHeader(h string) string {
	var b strings.Builder
	pendingSep := false
	for _, r := range strings.ToLower(strings.TrimSpace(h)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if pendingSep && b.Len() > 0 {
				b.WriteByte('_')
			}
			pendingSep = false
			b.WriteRune(r)
			continue
		}
		pendingSep = true
	}
	return b.String()
}
