package feeds

import (
	"fmt"
	"strings"
	"testing"
)

// summarize renders matches compactly for table tests: "crisis:fire/low@t" — kind, term,
// severity (crisis only), @t in the title or @s in the summary.
func summarize(ms []Match) string {
	var parts []string
	for _, m := range ms {
		s := m.Kind.String() + ":" + m.Term
		if m.Kind == Crisis {
			s += "/" + m.Severity.String()
		}
		if m.InTitle {
			s += "@t"
		} else {
			s += "@s"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestLanguageLayer(t *testing.T) {
	m := NewMatcher([]string{"Acme", "Glow Serum", "YouTube"}, []string{"gun violence"}, DefaultLexicon())
	tests := []struct {
		name, title, summary string
		markets              []string
		want                 string
	}{
		// Inflection.
		{"plural -es", "Two plane crashes in a week", "", nil, "crisis:plane crash/high@t"},
		{"past -ed", "Delivery van crashed into shop front", "", nil, "crisis:crash/medium@t"},
		{"gerund -ing", "Crashing markets worry investors", "", nil, "crisis:crash/medium@t"},
		{"keyword plural", "Acme glow serums sell out", "", nil, "keyword:Acme@t keyword:Glow Serum@t"},
		{"kills meets killed", "Gunman kills three at shopping centre", "", nil, "crisis:gunman/high@t crisis:killed/high@t"},
		{"fire is in the lexicon", "Fire breaks out at chemical plant", "", nil, "crisis:fire/medium@t"},
		{"news is not new", "Good news for fans of the series", "", nil, ""},
		{"hacks for the home are not hacking", "Ten cleaning hacks for a tidy home", "", nil, ""},
		{"fired from a job is not fire", "Coach fired after poor season", "", nil, ""},
		{"German die is not dies", "die Hard fans queue for the reboot", "", nil, ""},
		// Hashtags and CamelCase.
		{"hashtag", "#BoulderFlood: residents told to move to higher ground", "", nil, "crisis:flood/high@t"},
		{"hashtag of several words", "Vigils held as #PrayForBoston trends", "", nil, ""},
		{"hashtag keyword glued", "#YouTube down for millions", "", nil, "keyword:YouTube@t"},
		{"lower-case hashtag ending in a term", "Roads closed across the city #yycflood", "", nil, "crisis:flood/high@t"},
		{"lower-case hashtag, plural term at its end", "Power flickering again #qldfloods", "", nil, "crisis:flood/high@t"},
		{"lower-case hashtag starting with a high term", "Getting ready #hurricanesandy", "", nil, "crisis:hurricane/high@t"},
		{"a short term hides in too many hashtags", "Autumn evenings #bonfire #photobomb", "", nil, ""},
		{"a medium term at the start is often an adjective", "Learn to code fast #crashcourse", "", nil, ""},
		{"a term glued inside a plain word is not a hashtag", "Spring reflooding of the wetland", "", nil, ""},
		{"flooded with is a figure of speech", "Inbox flooded with orders after the launch", "", nil, ""},
		{"German compound ending in a high term", "Gebäudeeinsturz in Dresden", "", []string{"DE"}, "crisis:einsturz/high@t"},
		{"German compound ending in a medium term stays whole", "Lagerfeuer am See: die schönsten Plätze", "", []string{"DE"}, ""},
		{"camel case without hash, two cuts", "BlackoutInBerlin: 50,000 homes dark", "", nil, "crisis:blackout/medium@t"},
		// Negation and minimisers.
		{"no injuries after a small fire", "No injuries reported after small fire", "", nil, "crisis:fire/low@t"},
		{"negation within the clause only", "No warning, then the earthquake struck", "", nil, "crisis:earthquake/high@t"},
		{"false alarm", "Evacuation was a false alarm, police say", "", nil, ""},
		{"drill", "Earthquake drill held at city schools", "", nil, ""},
		{"anniversary", "Ten years after the tsunami, a town rebuilds", "", nil, "crisis:tsunami/low@t"},
		{"fiction", "Review: war film is a triumph", "", nil, "crisis:war/low@t"},
		{"denial lowers", "Retailer denies data breach", "", nil, "crisis:data breach/low@t"},
		{"shooting at a game is real", "Shooting at football game leaves two hurt", "", nil, "crisis:shooting/medium@t"},
		// Idioms.
		{"storm of nostalgia", "A storm of nostalgia as the band reunites", "", nil, ""},
		{"by storm", "K-pop group takes Paris by storm", "", nil, ""},
		{"heatwave of colour", "Heatwave of colour: makeup trends explode", "", nil, ""},
		{"killed it", "She killed it at the Met Gala", "", nil, ""},
		{"fire sale", "Retailer holds fire sale on winter coats", "", nil, ""},
		{"fashion disaster", "Red carpet fashion disaster goes viral", "", nil, ""},
		{"bath bombs", "Acme launches bath bombs for summer", "", nil, "keyword:Acme@t"},
		{"crash out", "England crash out of the World Cup", "", nil, ""},
		{"landslide victory", "Landslide victory for the opposition", "", nil, ""},
		{"recalls as remembers", "Actor recalls how he landed his first role", "", nil, ""},
		{"idiom keeps other terms", "Storm of controversy over Acme ad", "", nil, "crisis:controversy/medium@t keyword:Acme@t"},
		// Companions.
		{"pandemic alone", "How the pandemic changed the way we shop", "", nil, ""},
		{"pandemic with a companion", "Pandemic death toll passes one million", "", nil, "crisis:pandemic/high@t crisis:death toll/high@t"},
		{"outbreak with deaths", "Cholera outbreak: 12 dead", "", nil, "crisis:outbreak/high@t crisis:dead/medium@t"},
		{"crisis alone", "Midfield crisis for United ahead of derby", "", nil, ""},
		// Harm.
		{"harm with keyword", "Acme recalls glow serum after burns", "", nil, "keyword:Acme@t harm:recall@t keyword:Glow Serum@t harm:burns@t"},
		{"harm in summary", "Acme shares fall", "Regulator opens probe into claims", nil, "keyword:Acme@t harm:regulator@s harm:probe@s"},
		{"harm negated", "No recall planned, Acme says", "", nil, "keyword:Acme@t"},
		{"fine is not fined", "Fine weather for the Acme launch", "", nil, "keyword:Acme@t"},
		// Title and summary.
		{"summary negation, title hit", "Fire at warehouse", "No injuries reported.", nil, "crisis:fire/medium@t"},
		{"title minimised, summary full", "Small fire at warehouse", "The fire spread to three buildings.", nil, "crisis:fire/medium@t"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summarize(m.Match(Item{Title: tt.title, Summary: tt.summary, Markets: tt.markets}))
			if got != tt.want {
				t.Fatalf("Match(%q, %q) = %q, want %q", tt.title, tt.summary, got, tt.want)
			}
		})
	}
}

func TestLanguages(t *testing.T) {
	m := NewMatcher([]string{"Acme"}, nil, DefaultLexicon())
	tests := []struct {
		name, title, summary string
		markets              []string
		want                 string
	}{
		{"es by market", "Terremoto sacude el sur de México", "", []string{"MX"}, "crisis:terremoto/high@t"},
		{"es detected", "Inundaciones en Valencia dejan al menos diez muertos", "", nil, "crisis:inundaciones/high@t crisis:muertos/high@t"},
		{"es inflection", "Un muerto y tres heridos tras la explosión de una fábrica", "", nil, "crisis:muertos/high@t crisis:heridos/high@t crisis:explosion/high@t"},
		{"es false friend explotar", "Cómo explotar el potencial de tu marca en redes", "", []string{"ES"}, ""},
		{"es bomba as news", "Noticia bomba: Acme ficha a una estrella", "", []string{"ES"}, "keyword:Acme@t"},
		{"es negation", "Sin heridos en el incendio de un almacén", "", []string{"ES"}, "crisis:incendio/medium@t"},
		{"es harm", "Acme retira un sérum por reacción alérgica", "", []string{"ES"}, "keyword:Acme@t harm:retira@t harm:reaccion alergica@t"},
		{"de by market", "Hochwasser in Bayern: Tote und Verletzte", "", []string{"DE"}, "crisis:hochwasser/high@t crisis:tote/high@t crisis:verletzte/high@t"},
		{"de war is was", "Der Sommer war für die Marke ein Erfolg", "", []string{"DE"}, ""},
		{"de Brand as brand", "Die Brand-Strategie von Acme überzeugt", "", []string{"DE"}, "keyword:Acme@t"},
		{"de Brand with a companion", "Großbrand in Hamburg: Brand in Lagerhalle, zwei Tote", "", []string{"DE"}, "crisis:grossbrand/high@t crisis:brand/medium@t crisis:tote/high@t"},
		{"de harm", "Rückruf: Acme ruft Creme zurück", "", []string{"AT"}, "harm:ruckruf@t keyword:Acme@t"},
		{"fr by market", "Séisme en Turquie : le bilan s'alourdit", "", []string{"FR"}, "crisis:seisme/high@t crisis:bilan/high@t"},
		{"fr feu vert", "Feu vert pour le lancement de la collection", "", []string{"FR"}, ""},
		{"fr feu d'artifice", "Un feu d'artifice pour les 10 ans de la marque", "", []string{"FR"}, ""},
		{"fr negation", "Aucun blessé dans l'incendie d'un entrepôt", "", []string{"FR"}, "crisis:incendie/medium@t"},
		{"it by market", "Alluvione in Emilia-Romagna, morti e dispersi", "", []string{"IT"}, "crisis:alluvione/high@t crisis:morti/high@t crisis:dispersi/medium@t"},
		{"it bomba as great", "La nuova collezione è una bomba", "", []string{"IT"}, ""},
		{"it strage di cuori", "L'attore fa strage di cuori a Venezia", "", []string{"IT"}, ""},
		{"pt by market", "Enchentes no Rio Grande do Sul deixam mortos", "", []string{"BR"}, "crisis:enchentes/high@t crisis:mortos/high@t"},
		{"pt bombar", "Novo perfume está bombando nas redes", "", []string{"BR"}, ""},
		{"pt bomba de chocolate", "Receita de bomba de chocolate para o fim de semana", "", []string{"PT"}, ""},
		{"en in a German feed", "Earthquake hits the coast of Japan", "", []string{"DE"}, "crisis:earthquake/high@t"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summarize(m.Match(Item{Title: tt.title, Summary: tt.summary, Markets: tt.markets}))
			if got != tt.want {
				t.Fatalf("Match(%q, markets %v) = %q, want %q", tt.title, tt.markets, got, tt.want)
			}
		})
	}
}

func TestStem(t *testing.T) {
	tests := []struct {
		lang  lang
		words string // words that must share one stem
	}{
		{langEN, "crash crashes crashed crashing"},
		{langEN, "serum serums"},
		{langEN, "flood floods flooding flooded"},
		{langEN, "evacuate evacuated evacuating"},
		{langEN, "injury injuries"},
		{langEN, "kill kills killed killing"},
		{langEN, "stab stabbed stabbing"},
		{langEN, "dies died dying"},
		{langES, "muerto muertos muerta muertas muerte muertes"},
		{langES, "inundacion inundaciones"},
		{langPT, "inundacao inundacoes"},
		{langIT, "morto morti morta morte"},
		{langIT, "incendio incendi"},
		{langFR, "blesse blesses blessee blessees"},
		{langDE, "tote toten toter"},
		{langDE, "uberschwemmung uberschwemmungen"},
	}
	for _, tt := range tests {
		words := strings.Fields(tt.words)
		want := stemString(tt.lang, words[0])
		for _, w := range words[1:] {
			if got := stemString(tt.lang, w); got != want {
				t.Errorf("%s: stem(%q) = %q, stem(%q) = %q; want the same", tt.lang, words[0], want, w, got)
			}
		}
	}
	apart := []struct {
		lang lang
		a, b string
	}{
		{langEN, "news", "new"}, {langEN, "die", "dies"}, {langEN, "fired", "fire"}, {langEN, "shoot", "shooting"},
		{langEN, "hack", "hacked"}, {langEN, "fine", "fined"}, {langEN, "gas", "ga"}, {langEN, "string", "str"},
	}
	for _, tt := range apart {
		if stemString(tt.lang, tt.a) == stemString(tt.lang, tt.b) {
			t.Errorf("%s: %q and %q share the stem %q", tt.lang, tt.a, tt.b, stemString(tt.lang, tt.a))
		}
	}
}

// TestShippedLexiconsHaveOneFormPerTerm keeps the lexicons tidy: two terms of a language
// and kind that share their stems are one term listed twice.
func TestShippedLexiconsHaveOneFormPerTerm(t *testing.T) {
	seen := map[string]LexiconTerm{}
	for _, term := range DefaultLexicon().Terms {
		l, _ := parseLang(term.Lang)
		var stems []string
		for _, w := range foldWords(term.Text) {
			stems = append(stems, stemString(l, w))
		}
		key := fmt.Sprint(term.Lang, term.Harm, stems)
		if first, dup := seen[key]; dup {
			t.Errorf("%s line %d: %q shares its stems with %q (line %d)", term.Lang, term.Line, term.Text, first.Text, first.Line)
		}
		seen[key] = term
	}
}

func TestDetectLanguage(t *testing.T) {
	for text, want := range map[string]string{
		"Earthquake hits the coast of Japan, killing dozens":   "en",
		"Inundaciones en Valencia dejan al menos diez muertos": "es",
		"Hochwasser in Bayern: Die Lage ist kritisch":          "de",
		"Le bilan du séisme s'alourdit dans le sud du pays":    "fr",
		"Alluvione in Emilia-Romagna, la situazione è grave":   "it",
		"Enchentes no Rio Grande do Sul deixam mortos":         "pt",
		"Acme": "",
	} {
		if got := detectLanguage(text); got != want {
			t.Errorf("detectLanguage(%q) = %q, want %q", text, got, want)
		}
	}
}
