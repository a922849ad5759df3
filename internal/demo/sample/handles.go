package sample

// Sample creators with a deliberate shape, for docs, demos and tests to refer to. Each
// shows one engagement flag of DESIGN.md §4 on its first (primary) account.
const (
	// HandleSteady is a healthy mega creator: the usual first example of a profile card.
	HandleSteady = "glowwithjade"
	// HandleDeclining's engagement rate fell about 40% over the last year.
	HandleDeclining = "ava.moreau"
	// HandleRising's engagement rate and following both climbed over the last year.
	HandleRising = "tacosconteo"
	// HandleDivergent gained followers fast while engagement sagged: reach bought or
	// drifting away from the audience that cares.
	HandleDivergent = "fitmitfelix"
	// HandleNiche is a nano creator with an engagement rate far above the tier's norm:
	// the kind of "underrated" find the search surfaces.
	HandleNiche = "zerodechet.chloe"
	// HandleInactive has posted nothing for the last two months.
	HandleInactive = "lunaroja.music"
	// HandleSpike gained a burst of followers in one month (SpikeMonthsAgo) that
	// engagement never followed: the signature of bought followers.
	HandleSpike = "fitwithkabir"
	// HandleVideo is a YouTube creator whose metrics include views, so both engagement
	// rates (per follower and per view) show.
	HandleVideo = "circuitsandcoffee"
)

// SpikeMonthsAgo is how many periods before the latest HandleSpike's follower burst lands.
const SpikeMonthsAgo = 7
