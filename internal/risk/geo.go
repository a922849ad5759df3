package risk

// neighbours lists, for the markets brands launch in most, the countries whose news counts
// as "near": land borders, and the closest neighbours across a narrow sea (GB–IE–FR,
// ES–MA). A country not listed here is near only itself.
var neighbours = map[string][]string{
	"AR": {"BO", "BR", "CL", "PY", "UY"},
	"AT": {"CH", "CZ", "DE", "HU", "IT", "LI", "SI", "SK"},
	"AU": {"NZ"},
	"BE": {"DE", "FR", "LU", "NL"},
	"BR": {"AR", "BO", "CO", "GY", "PE", "PY", "SR", "UY", "VE"},
	"CA": {"US"},
	"CH": {"AT", "DE", "FR", "IT", "LI"},
	"CL": {"AR", "BO", "PE"},
	"CN": {"HK", "KP", "KR", "MN", "RU", "VN", "TW"},
	"CO": {"BR", "EC", "PA", "PE", "VE"},
	"CZ": {"AT", "DE", "PL", "SK"},
	"DE": {"AT", "BE", "CH", "CZ", "DK", "FR", "LU", "NL", "PL"},
	"DK": {"DE", "SE"},
	"ES": {"AD", "FR", "MA", "PT"},
	"FI": {"NO", "RU", "SE"},
	"FR": {"AD", "BE", "CH", "DE", "ES", "GB", "IT", "LU", "MC"},
	"GB": {"FR", "IE"},
	"GR": {"AL", "BG", "MK", "TR"},
	"HK": {"CN"},
	"IE": {"GB"},
	"IN": {"BD", "BT", "CN", "LK", "MM", "NP", "PK"},
	"IT": {"AT", "CH", "FR", "SI", "SM", "VA"},
	"JP": {"KR"},
	"KR": {"JP", "KP"},
	"MX": {"BZ", "GT", "US"},
	"NL": {"BE", "DE"},
	"NO": {"FI", "SE"},
	"NZ": {"AU"},
	"PL": {"BY", "CZ", "DE", "LT", "SK", "UA"},
	"PT": {"ES"},
	"SE": {"DK", "FI", "NO"},
	"SG": {"ID", "MY"},
	"TR": {"BG", "GR", "GE", "IR", "IQ", "SY"},
	"US": {"CA", "MX"},
}

// Proximity is where a piece of news happens, seen from a campaign's markets.
type Proximity int

// From nearest to farthest.
const (
	// InMarket: the news names a launch market, or comes from a launch market's feed and
	// names no country.
	InMarket Proximity = iota
	// Unplaced: a global source that names no country: it may concern any market.
	Unplaced
	// Near: the news names a neighbour of a launch market and no launch market.
	Near
	// Far: the news names only countries that are neither launch markets nor neighbours.
	Far
	// OtherMarket: the feed of another market, naming no country: that market's local news.
	OtherMarket
)

// proximity places one article for the campaign: by the countries it names if it names
// any, else by the markets of the feeds that carried it ("" for a global feed).
func (a *assessor) proximity(places, feedMarkets []string) Proximity {
	if a.markets == nil {
		return InMarket
	}
	if len(places) > 0 {
		best := Far
		for _, p := range places {
			if _, ok := a.markets[p]; ok {
				return InMarket
			}
			for _, n := range neighbours[p] {
				if _, ok := a.markets[n]; ok {
					best = Near
				}
			}
		}
		return best
	}
	best := OtherMarket
	for _, m := range feedMarkets {
		switch {
		case m == "":
			best = min(best, Unplaced)
		case a.inMarket(m):
			return InMarket
		}
	}
	return best
}
