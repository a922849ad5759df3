package sample

// UpcomingWatchWords are the keywords and sensitive topics CampaignUpcoming's timing checks
// watch the news for, as the team planned them in Slack. New slices on every call.
func UpcomingWatchWords() (keywords, sensitiveTopics []string) {
	return []string{"Lumière", "serum", "skincare"}, []string{"sunscreen", "flooding"}
}
