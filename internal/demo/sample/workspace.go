package sample

// DemoUser is a member of the simulated Slack workspace. The demo users own the sample
// relationships, so nudges, digests and App Home have someone to talk to in every time zone
// the quiet-hours rules care about.
type DemoUser struct {
	ID       string
	Name     string // Slack handle, without "@"
	RealName string
	TZ       string // IANA zone
}

// The demo users' Slack IDs.
const (
	UserPriya  = "U0PRIYA"
	UserMarcus = "U0MARCUS"
	UserLena   = "U0LENA"
	UserDiego  = "U0DIEGO"
)

// Users are the demo workspace's members, one per region the sample roster covers.
var Users = []DemoUser{
	{ID: UserPriya, Name: "priya", RealName: "Priya Shah", TZ: "Europe/London"},
	{ID: UserMarcus, Name: "marcus", RealName: "Marcus Lee", TZ: "America/New_York"},
	{ID: UserLena, Name: "lena", RealName: "Lena Vogel", TZ: "Europe/Berlin"},
	{ID: UserDiego, Name: "diego", RealName: "Diego Alves", TZ: "America/Sao_Paulo"},
}

// DemoChannel is a channel of the simulated workspace.
type DemoChannel struct {
	ID      string
	Name    string // without "#"
	Purpose string
}

// The demo channels' Slack IDs.
const (
	// ChannelPartnerships is the team channel: weekly digest and escalations.
	ChannelPartnerships = "C0PARTNER"
	// ChannelLaunch is a campaign channel: timing checks and the go/no-go poll.
	ChannelLaunch = "C0LAUNCH"
)

// Channels are the demo workspace's channels.
var Channels = []DemoChannel{
	{ID: ChannelPartnerships, Name: "partnerships", Purpose: "Creator relationships: weekly health digest and escalations"},
	{ID: ChannelLaunch, Name: "launch-spring", Purpose: "Spring launch: timing checks and the go/no-go call"},
}
