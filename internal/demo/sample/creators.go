package sample

import (
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// shape is the story a creator's numbers tell over the three years.
type shape int

const (
	steady    shape = iota // modest growth, engagement within a few percent year on year
	declining              // engagement rate falls about 40% over the last year, on every account
	rising                 // engagement rate up about 60% over the last year, following growing fast
	divergent              // primary account: following nearly doubles a year while engagement sags
	spiked                 // primary account: one month of bought followers
	inactive               // no posts on any account for the last two months
)

// account is one platform presence. followers is the size at the latest period; boost
// scales the engagement rate against the platform and tier norm.
type account struct {
	platform  rapport.Platform
	followers float64
	boost     float64
}

// creator is one row of the sample roster.
type creator struct {
	handle, name  string
	markets, tags []string
	owner, backup string
	status        rapport.Status
	cadence       time.Duration
	contact       rapport.Contact
	shape         shape
	accounts      []account // the first is the primary account
}

const (
	day  = 24 * time.Hour
	week = 7 * day
)

func acct(p rapport.Platform, followers float64) account {
	return account{platform: p, followers: followers, boost: 1}
}

func list(s ...string) []string { return s }

var (
	ig = rapport.Instagram
	tt = rapport.TikTok
	yt = rapport.YouTube
	tw = rapport.Twitch
	x  = rapport.X
)

// creators is the sample roster. Every name, handle and address is invented.
var creators = []creator{
	// United States
	{handle: HandleSteady, name: "Jade Carter", markets: list("US", "CA"), tags: list("beauty", "skincare"),
		owner: UserMarcus, backup: UserPriya, status: rapport.StatusActive, cadence: week,
		contact:  rapport.Contact{Name: "Hannah Okafor", Role: "Talent manager", Email: "hannah@brightside-talent.example"},
		accounts: []account{acct(ig, 2_400_000), acct(tt, 3_100_000), acct(yt, 910_000)}},
	{handle: HandleVideo, name: "Owen Brooks", markets: list("US", "GB"), tags: list("tech", "gadgets", "reviews"),
		owner: UserMarcus, backup: UserLena, status: rapport.StatusActive,
		contact:  rapport.Contact{Name: "Dana Whitfield", Role: "Manager", Email: "dana@signalhouse.example"},
		accounts: []account{acct(yt, 780_000), acct(x, 96_000)}},
	{handle: "pixelpete", name: "Pete Alvarez", markets: list("US"), tags: list("gaming", "esports"),
		owner: UserMarcus, backup: UserDiego, status: rapport.StatusActive,
		accounts: []account{acct(tw, 480_000), acct(yt, 1_200_000), acct(x, 210_000)}},
	{handle: "mealprepmaya", name: "Maya Thompson", markets: list("US"), tags: list("food", "fitness", "meal-prep"),
		owner: UserMarcus, status: rapport.StatusActive, shape: rising,
		accounts: []account{acct(ig, 62_000), acct(tt, 140_000)}},
	{handle: "trailrunnertess", name: "Tess Nakamura", markets: list("US", "JP"), tags: list("fitness", "running", "travel"),
		owner: UserMarcus, backup: UserPriya, status: rapport.StatusActive,
		accounts: []account{acct(ig, 38_000), acct(yt, 12_500), acct(x, 6_200)}},
	{handle: "dadmodedaniel", name: "Daniel Reyes", markets: list("US"), tags: list("parenting", "comedy"),
		owner: UserMarcus, status: rapport.StatusProspect,
		accounts: []account{acct(ig, 44_000), acct(tt, 91_000)}},
	{handle: "greengrid.kai", name: "Kai Walker", markets: list("US", "GB"), tags: list("sustainability", "energy", "tech"),
		status:   rapport.StatusProspect, // nobody has picked this one up yet
		accounts: []account{acct(yt, 25_000), acct(ig, 12_000)}},
	{handle: "nightowl.nails", name: "Hailey Kim", markets: list("US"), tags: list("beauty", "nail-art"),
		owner: UserMarcus, status: rapport.StatusProspect,
		accounts: []account{acct(ig, 4_800), acct(tt, 9_100)}},

	// United Kingdom and Ireland
	{handle: "thriftwithtilly", name: "Tilly Hughes", markets: list("GB"), tags: list("fashion", "sustainability", "thrift"),
		owner: UserPriya, backup: UserMarcus, status: rapport.StatusActive, shape: rising,
		accounts: []account{acct(ig, 38_000), acct(tt, 95_000)}},
	{handle: "londonlarder", name: "Sam Okoye", markets: list("GB"), tags: list("food", "restaurants"),
		owner: UserPriya, status: rapport.StatusAlumni, shape: declining,
		accounts: []account{acct(ig, 310_000), acct(tt, 120_000), acct(x, 45_000)}},
	{handle: "mumofthreemel", name: "Melanie Price", markets: list("GB"), tags: list("parenting", "family", "home"),
		owner: UserPriya, status: rapport.StatusAlumni,
		accounts: []account{acct(ig, 18_000), acct(yt, 6_400)}},
	{handle: "basslinebex", name: "Rebecca Osei", markets: list("GB", "IE"), tags: list("music", "dance", "festivals"),
		owner: UserPriya, backup: UserLena, status: rapport.StatusActive, cadence: 3 * week,
		contact:  rapport.Contact{Name: "Tom Fairley", Role: "Manager", Email: "tom@lowend-mgmt.example"},
		accounts: []account{acct(tt, 620_000), acct(ig, 150_000), acct(yt, 210_000)}},

	// France and Belgium
	{handle: HandleDeclining, name: "Ava Moreau", markets: list("FR", "BE", "CH"), tags: list("fashion", "beauty", "luxury"),
		owner: UserPriya, backup: UserLena, status: rapport.StatusActive, cadence: 10 * day, shape: declining,
		contact:  rapport.Contact{Name: "Claire Dubois", Role: "Agent", Email: "claire@maison-talent.example"},
		accounts: []account{acct(ig, 1_620_000), acct(tt, 700_000)}},
	{handle: HandleNiche, name: "Chloé Lefèvre", markets: list("FR"), tags: list("sustainability", "zero-waste", "home"),
		owner: UserPriya, status: rapport.StatusActive, cadence: 3 * week,
		accounts: []account{{platform: ig, followers: 7_200, boost: 3.0}, {platform: tt, followers: 4_100, boost: 1.8}}},
	{handle: "lucas.cuisine", name: "Lucas Bernard", markets: list("FR", "BE"), tags: list("food", "baking"),
		owner: UserLena, backup: UserPriya, status: rapport.StatusActive,
		accounts: []account{acct(yt, 420_000), acct(ig, 180_000)}},

	// Germany, Austria, Switzerland, Italy
	{handle: HandleDivergent, name: "Felix Braun", markets: list("DE", "AT"), tags: list("fitness", "nutrition"),
		owner: UserLena, backup: UserPriya, status: rapport.StatusActive, shape: divergent,
		accounts: []account{acct(ig, 330_000), acct(yt, 140_000)}},
	{handle: "wanderlust.wiebke", name: "Wiebke Schulz", markets: list("DE"), tags: list("travel", "van-life"),
		owner: UserLena, status: rapport.StatusPaused,
		accounts: []account{acct(ig, 92_000), acct(yt, 28_000)}},
	{handle: "techtalk.jonas", name: "Jonas Weber", markets: list("DE", "AT", "CH"), tags: list("tech", "smart-home"),
		owner: UserLena, backup: UserMarcus, status: rapport.StatusActive,
		accounts: []account{acct(yt, 150_000), acct(x, 40_000)}},
	{handle: "gaming.mit.mia", name: "Mia Hoffmann", markets: list("DE"), tags: list("gaming", "cozy-games"),
		owner: UserLena, status: rapport.StatusActive, shape: rising,
		accounts: []account{acct(tw, 55_000), acct(tt, 120_000)}},
	{handle: "retro.rewind", name: "Marco Russo", markets: list("IT", "GB"), tags: list("gaming", "retro"),
		owner: UserLena, status: rapport.StatusDoNotContact,
		accounts: []account{acct(yt, 68_000), acct(x, 22_000)}},

	// Brazil and Portugal
	{handle: "camila.makes", name: "Camila Souza", markets: list("BR", "PT"), tags: list("beauty", "makeup"),
		owner: UserDiego, backup: UserMarcus, status: rapport.StatusActive, cadence: week, shape: rising,
		contact:  rapport.Contact{Name: "Juliana Prado", Role: "Agente", Email: "juliana@estrela-talentos.example"},
		accounts: []account{acct(tt, 2_200_000), acct(ig, 1_100_000)}},
	{handle: "rafa.treinos", name: "Rafael Lima", markets: list("BR"), tags: list("fitness", "calisthenics"),
		owner: UserDiego, status: rapport.StatusPaused, shape: declining,
		accounts: []account{acct(ig, 540_000), acct(yt, 230_000)}},
	{handle: "cozinhadabia", name: "Beatriz Costa", markets: list("BR"), tags: list("food", "family"),
		owner: UserDiego, status: rapport.StatusActive,
		accounts: []account{acct(ig, 85_000), acct(tt, 64_000)}},
	{handle: "joaogamer", name: "João Pereira", markets: list("BR"), tags: list("gaming", "minecraft"),
		owner: UserDiego, backup: UserMarcus, status: rapport.StatusActive,
		contact:  rapport.Contact{Name: "Caio Mendes", Role: "Manager", Email: "caio@pixelbr.example"},
		accounts: []account{acct(yt, 1_800_000), acct(tw, 300_000), acct(x, 150_000)}},

	// Japan
	{handle: "yuki.travels", name: "Yuki Tanaka", markets: list("JP"), tags: list("travel", "food"),
		owner: UserLena, backup: UserPriya, status: rapport.StatusActive,
		contact:  rapport.Contact{Name: "Aiko Mori", Role: "Manager", Email: "aiko@kumo-agency.example"},
		accounts: []account{acct(ig, 410_000), acct(yt, 120_000)}},
	{handle: "haruto.tech", name: "Haruto Sato", markets: list("JP"), tags: list("tech", "gadgets"),
		owner: UserLena, status: rapport.StatusProspect,
		accounts: []account{acct(yt, 95_000), acct(x, 60_000)}},
	{handle: "sakura.kitchen", name: "Sakura Ito", markets: list("JP"), tags: list("food", "bento"),
		owner: UserLena, status: rapport.StatusActive,
		accounts: []account{acct(tt, 820_000), acct(ig, 260_000)}},

	// India and the Gulf
	{handle: HandleSpike, name: "Kabir Singh", markets: list("IN"), tags: list("fitness", "yoga"),
		owner: UserPriya, backup: UserLena, status: rapport.StatusActive, shape: spiked,
		accounts: []account{acct(ig, 72_000), acct(yt, 18_000)}},
	{handle: "desi.drummer", name: "Arjun Mehta", markets: list("IN"), tags: list("music", "percussion"),
		owner: UserPriya, backup: UserDiego, status: rapport.StatusActive, shape: declining,
		accounts: []account{acct(yt, 640_000), acct(ig, 310_000)}},
	{handle: "ananya.styles", name: "Ananya Iyer", markets: list("IN", "AE"), tags: list("fashion", "beauty", "weddings"),
		owner: UserPriya, backup: UserLena, status: rapport.StatusActive, cadence: 10 * day,
		contact:  rapport.Contact{Name: "Neha Kapoor", Role: "Talent manager", Email: "neha@saffron-talent.example"},
		accounts: []account{acct(ig, 1_300_000), acct(yt, 260_000)}},
	{handle: "chai.and.code", name: "Rohan Das", markets: list("IN"), tags: list("tech", "coding", "careers"),
		owner: UserPriya, status: rapport.StatusProspect,
		accounts: []account{acct(yt, 44_000), acct(x, 28_000)}},

	// Mexico
	{handle: HandleRising, name: "Mateo Ramírez", markets: list("MX", "US"), tags: list("food", "street-food", "comedy"),
		owner: UserDiego, backup: UserMarcus, status: rapport.StatusActive, shape: rising,
		contact:  rapport.Contact{Name: "Lucía Fernández", Role: "Representante", Email: "lucia@norte-talento.example"},
		accounts: []account{acct(tt, 1_400_000), acct(ig, 480_000), acct(yt, 120_000)}},
	{handle: HandleInactive, name: "Luna García", markets: list("MX"), tags: list("music", "indie"),
		owner: UserDiego, status: rapport.StatusActive, shape: inactive,
		accounts: []account{acct(tt, 75_000), acct(yt, 31_000), acct(ig, 22_000)}},
	{handle: "sofi.viaja", name: "Sofía Hernández", markets: list("MX", "US"), tags: list("travel", "budget-travel"),
		owner: UserDiego, status: rapport.StatusProspect,
		accounts: []account{acct(tt, 290_000), acct(ig, 150_000)}},
	{handle: "mamamoderna.mx", name: "Valeria Torres", markets: list("MX"), tags: list("parenting", "home"),
		owner: UserDiego, backup: UserLena, status: rapport.StatusActive,
		accounts: []account{acct(ig, 46_000), acct(tt, 33_000)}},
}
