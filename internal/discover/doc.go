// Package discover answers `/influencer find <terms>`: it parses the search language into a
// Query, filters a roster of candidates with their engagement analyses, ranks what is left
// and pages it.
//
// The language is a list of terms separated by spaces; "quoted phrases" keep spaces
// together and are always free text:
//
//	tag:beauty tag:"slow fashion"   every tag must be on the influencer
//	market:FR,DE  market:UK         any of these ISO 3166 markets (UK means GB)
//	tier:micro  tier:micro-mid      any of these tiers, or a range of them
//	platform:tiktok  platform:ig    any of these platforms (aliases ig, tt, yt, twitter, …)
//	er>3  er>=3.5  er<1  er>3%      ER/followers now, in percent; every bound must hold
//	trend:steady  rising  declining the year-on-year ER/followers trend
//	status:active,prospect          any of these statuses
//	owner:me  owner:@U0123ABCD      owned by me (the caller resolves who "me" is) or by them
//	underrated                      rank by an explained score: engagement for the tier,
//	                                trend, a small following, little use by the brand
//	sort:er|followers|trend|name    instead of the default ranking
//	ava "slow living"               free text: every word must appear in the name, handle or
//	                                a tag, ignoring case and accents
//
// Tier, ER and trend filters apply to the platform a result row is about: the platforms
// named by platform:, else the influencer's primary platform, or, for underrated, the
// platform where they score best. Do-not-contact relationships are left out unless the
// search asks for status:do-not-contact.
//
// underrated is a ranking, not a filter (see UnderratedScore): it lists everyone strong on
// engagement for their tier, best score first, each row with its reasons and the criteria
// it misses, and combines with every other filter.
//
// A long-lived roster is searched as a Roster: one compact entry per influencer, a couple
// of hundred bytes holding only what a search filters, ranks and explains on, packed into
// pointer-free chunks (an Interner drafts the entries from profiles and their analyses;
// Roster.With updates a few without copying the rest). Find returns the matches as Hits,
// which order only up to the page shown and explain only its rows; Search does the same
// for a slice of Candidates.
//
// Query.String is a search's canonical text, never longer than what was typed, so a "More"
// button can carry it and ParseQuery reads it back to the same Query; Page cuts the results
// into pages.
//
// The package is pure: it takes the current time as a parameter and imports neither Slack,
// Redis nor a clock. Errors are one friendly sentence each, ready to show to the user.
package discover
