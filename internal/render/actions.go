package render

// Action IDs of Rapport's buttons. They are stored in messages already posted in Slack, so
// renaming one breaks every button carrying it: add new ones, never rename.
const (
	ActionShareCard    = "card_share"
	ActionTrendChart   = "card_trend_chart"
	ActionAllCampaigns = "card_all_campaigns"
	ActionFindMore     = "find_more"
	ActionFindProfile  = "find_profile"
)

// Callback IDs of modals.
const (
	ViewAllCampaigns = "all_campaigns"
)
