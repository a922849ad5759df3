package feeds

import "strings"

// langSet is a set of languages, one bit each.
type langSet uint8

func (s langSet) has(l lang) bool { return s&(1<<l) != 0 }

func setOf(ls ...lang) langSet {
	var s langSet
	for _, l := range ls {
		s |= 1 << l
	}
	return s
}

// marketLangs maps a market (ISO 3166 alpha-2) to the languages of its news, for markets
// whose language has a shipped lexicon. English is always on and not listed.
var marketLangs = map[string]langSet{
	"FR": setOf(langFR), "BE": setOf(langFR), "LU": setOf(langFR, langDE), "MC": setOf(langFR),
	"CA": setOf(langFR), "CH": setOf(langDE, langFR, langIT), "DE": setOf(langDE), "AT": setOf(langDE),
	"LI": setOf(langDE), "ES": setOf(langES), "MX": setOf(langES), "AR": setOf(langES), "CO": setOf(langES),
	"CL": setOf(langES), "PE": setOf(langES), "VE": setOf(langES), "EC": setOf(langES), "GT": setOf(langES),
	"CU": setOf(langES), "BO": setOf(langES), "DO": setOf(langES), "HN": setOf(langES), "PY": setOf(langES),
	"SV": setOf(langES), "NI": setOf(langES), "CR": setOf(langES), "PA": setOf(langES), "UY": setOf(langES),
	"PR": setOf(langES), "IT": setOf(langIT), "SM": setOf(langIT), "VA": setOf(langIT), "PT": setOf(langPT),
	"BR": setOf(langPT), "AO": setOf(langPT), "MZ": setOf(langPT),
}

// marketLanguages returns the languages (ISO 639-1) whose lexicons a feed covering markets
// is matched with: English always, plus each market's language ("DE" → de, "BR" → pt).
func marketLanguages(markets []string) []string {
	s := langsForMarkets(markets)
	var out []string
	for l := range numLangs {
		if s.has(l) {
			out = append(out, l.String())
		}
	}
	return out
}

func langsForMarkets(markets []string) langSet {
	s := setOf(langEN)
	for _, m := range markets {
		s |= marketLangs[strings.ToUpper(m)]
	}
	return s
}

// stopwords maps frequent function words (folded) to the languages that use them. A few
// shared ones ("de", "la") are listed for every language that uses them: they raise the
// count of each without deciding between them.
var stopwords = func() map[string]langSet {
	m := map[string]langSet{}
	for l, words := range [numLangs]string{
		langEN: "the of and to is for on with after at by from are was has have says its this that will be an over amid into who than were been their",
		langES: "el los las del la de y en por para con una un que se es al tras sus pero sobre como mas esta este son fue ha han tiene",
		langDE: "der die das und ist im mit von den dem zu auf fur nach bei ein eine einer nicht wird sich auch aus sind hat werden vor uber",
		langFR: "le les des du la de et est dans pour sur au aux une un avec par pas plus qui ce cette apres selon sont ont ete en se que",
		langIT: "il lo gli della del dei delle di e che per con un una nel nella sono dopo alla anche non la le si ha",
		langPT: "o os do da dos das de e em no na nos com um uma ao apos pelo pela mais foi nao sao seu sua que se para por",
	} {
		for _, w := range strings.Fields(words) {
			m[w] |= 1 << l
		}
	}
	return m
}()

// detectLang guesses the language of a text from its function words: the language with the
// most, when it has at least two and strictly more than any other. ok is false when the
// text is too short or mixed to say.
func detectLang(ts ...*tokens) (l lang, ok bool) {
	var counts [numLangs]int
	for _, t := range ts {
		for i := range t.spans {
			if sp := t.spans[i]; sp.end-sp.start > 6 {
				continue // no function word is longer
			}
			set, found := stopwords[string(t.word(i))]
			if !found {
				continue
			}
			for k := range numLangs {
				if set.has(k) {
					counts[k]++
				}
			}
		}
	}
	for k := range numLangs {
		if counts[k] > counts[l] {
			l = k
		}
	}
	second := 0
	for k := range numLangs {
		if k != l {
			second = max(second, counts[k])
		}
	}
	return l, counts[l] >= 2 && counts[l] > second
}

// itemLangs chooses the lexicons an item is matched with. A text clearly in one language is
// matched in that language only: English terms are false friends in other languages (German
// "war" is "was", "die" is "the"). Otherwise the feed's market languages and English apply.
func itemLangs(markets []string, ts ...*tokens) langSet {
	if l, ok := detectLang(ts...); ok {
		return setOf(l)
	}
	return langsForMarkets(markets)
}

// detectLanguage returns the ISO 639-1 code of the language a text is most likely in, among
// en, es, de, fr, it and pt, or "" when its function words do not say.
func detectLanguage(text string) string {
	var t tokens
	t.reset(text)
	if l, ok := detectLang(&t); ok {
		return l.String()
	}
	return ""
}
