package rapport

import (
	"fmt"
	"strings"
	"time"
)

// Platform is a social network an influencer publishes on.
type Platform string

// The platforms Rapport knows by name. Others are accepted as written (lower-cased).
const (
	Instagram Platform = "instagram"
	TikTok    Platform = "tiktok"
	YouTube   Platform = "youtube"
	Twitch    Platform = "twitch"
	X         Platform = "x"
	Facebook  Platform = "facebook"
	LinkedIn  Platform = "linkedin"
	Pinterest Platform = "pinterest"
	Snapchat  Platform = "snapchat"
	Threads   Platform = "threads"
)

var platformAliases = map[string]Platform{
	"ig": Instagram, "insta": Instagram, "tt": TikTok, "yt": YouTube, "twitter": X,
	"fb": Facebook, "li": LinkedIn,
}

// ParsePlatform normalises a platform name ("IG", "Twitter", "YouTube") to a Platform.
func ParsePlatform(s string) (Platform, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v == "" {
		return "", fmt.Errorf("platform is empty")
	}
	if p, ok := platformAliases[v]; ok {
		return p, nil
	}
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return "", fmt.Errorf("platform %q has %q; use a plain name like instagram or tiktok", s, r)
		}
	}
	return Platform(v), nil
}

// IsVideo reports whether the platform's posts are videos with view counts, so an
// engagement rate per view is meaningful beside the rate per follower.
func (p Platform) IsVideo() bool {
	switch p {
	case YouTube, TikTok, Twitch:
		return true
	}
	return false
}

// Title is the platform's display name.
func (p Platform) Title() string {
	switch p {
	case Instagram:
		return "Instagram"
	case TikTok:
		return "TikTok"
	case YouTube:
		return "YouTube"
	case Twitch:
		return "Twitch"
	case X:
		return "X"
	case Facebook:
		return "Facebook"
	case LinkedIn:
		return "LinkedIn"
	case Pinterest:
		return "Pinterest"
	case Snapchat:
		return "Snapchat"
	case Threads:
		return "Threads"
	}
	if p == "" {
		return ""
	}
	return strings.ToUpper(string(p[:1])) + string(p[1:])
}

// Quantity is a measured number that may be unknown: a blank cell is "we don't know",
// never zero.
type Quantity struct {
	Value float64 `json:"v"`
	Known bool    `json:"k"`
}

// Known returns a known quantity.
func Known(v float64) Quantity { return Quantity{Value: v, Known: true} }

// Unknown is the quantity nobody measured.
var Unknown = Quantity{}

// Snapshot is one account's metrics for one period (typically a month) ending at AsOf.
// Averages are per post published in that period.
type Snapshot struct {
	Handle      string    `json:"handle"`
	Platform    Platform  `json:"platform"`
	AsOf        time.Time `json:"as_of"`
	Followers   Quantity  `json:"followers"`
	Posts       Quantity  `json:"posts"`
	AvgLikes    Quantity  `json:"avg_likes"`
	AvgComments Quantity  `json:"avg_comments"`
	AvgShares   Quantity  `json:"avg_shares"`
	AvgViews    Quantity  `json:"avg_views"`
}

// Key identifies the snapshot within its influencer: one per platform and period end.
func (s Snapshot) Key() string {
	return string(s.Platform) + "|" + s.AsOf.UTC().Format(time.DateOnly)
}
