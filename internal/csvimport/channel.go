package csvimport

import (
	"fmt"
	"strings"
)

// copyChannelIDHint tells people where Slack shows a channel ID.
const copyChannelIDHint = "in Slack open the channel, click its name and copy the channel ID at the bottom"

// ParseChannelID reads a Slack channel ID ("C024BE91L", or "G…" for an old private
// channel). What people paste from Slack is accepted too: a channel mention
// ("<#C024BE91L|launch>") and a link ("https://acme.slack.com/archives/C024BE91L"). Blank is
// "" and no error. Channel names are refused because they change when a channel is renamed.
func ParseChannelID(s string) (string, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", nil
	}
	t = unwrapMention(t, "<#")
	if _, rest, ok := strings.Cut(t, "/archives/"); ok {
		t, _, _ = strings.Cut(rest, "/")
		t, _, _ = strings.Cut(t, "?")
	}
	switch {
	case isChannelID(t):
		return t, nil
	case platformWord(t):
		return "", fmt.Errorf("%q is a platform; this column is the Slack channel where the campaign is coordinated (its ID, like C024BE91L)", s)
	case isUserID(t):
		return "", fmt.Errorf("%q is a person's ID; give the channel ID (C…, like C024BE91L): %s", s, copyChannelIDHint)
	case strings.HasPrefix(t, "#") || strings.ToLower(t) == t && !strings.Contains(t, " "):
		return "", fmt.Errorf("%q looks like a channel name; give the channel ID (C…, like C024BE91L): %s", s, copyChannelIDHint)
	}
	return "", fmt.Errorf("%q is not a Slack channel ID (C…, like C024BE91L): %s", s, copyChannelIDHint)
}

// isChannelID: 'C' or 'G', then upper-case letters and digits. Slack issues 9 or 11
// characters today; 8 to 15 leaves room for older and future IDs.
func isChannelID(s string) bool { return isSlackID(s, "CG", 8, 15) }

// platformWord: a cell naming a social platform, which vendor exports call "channel".
func platformWord(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "instagram", "ig", "tiktok", "tt", "youtube", "yt", "twitch", "x", "twitter",
		"facebook", "fb", "snapchat", "pinterest", "linkedin", "threads", "blog":
		return true
	}
	return false
}
