package feeds

// Light, rule-based stemmers, one per language of the shipped lexicons. They only strip the
// inflections a headline puts on a crisis word (plural, past, gerund, gender) so that
// "crashes", "crashed" and "crashing" meet "crash", and "inundaciones" meets "inundación";
// they are not linguistic stemmers. Terms and text go through the same function, so a stem
// only has to be consistent, not a real word ("evacuate" and "evacuated" are both
// "evacuat"). Short words are left alone, a stem keeps a vowel and three letters, and each
// language has an exceptions list for words that would become false friends ("news" is
// not "new", "fired" from a job is not "fire").

// lang is one of the languages with a shipped lexicon and stemmer.
type lang uint8

const (
	langEN lang = iota
	langES
	langDE
	langFR
	langIT
	langPT
	numLangs
)

var langCodes = [numLangs]string{"en", "es", "de", "fr", "it", "pt"}

func (l lang) String() string { return langCodes[l] }

// parseLang returns the language of an ISO 639-1 code.
func parseLang(code string) (lang, bool) {
	for i, c := range langCodes {
		if c == code {
			return lang(i), true
		}
	}
	return 0, false
}

// stemAppend appends the stem of the folded word w in language l to dst.
func stemAppend(dst []byte, l lang, w []byte) []byte {
	if len(w) <= maxExceptionLen && exceptionLens[l]&(1<<len(w)) != 0 && exceptionFirst[l][w[0]] {
		if x, ok := stemExceptions[l][string(w)]; ok {
			return append(dst, x...)
		}
	}
	if len(w) <= 3 || !asciiLetters(w) {
		return append(dst, w...)
	}
	st := len(dst)
	dst = append(dst, w...)
	x := dst[st:]
	switch l {
	case langEN:
		x = stemEN(x)
	case langES:
		x = stemES(x, false)
	case langPT:
		x = stemES(x, true)
	case langIT:
		x = stemIT(x)
	case langFR:
		x = stemFR(x)
	case langDE:
		x = stemDE(x)
	}
	return dst[:st+len(x)]
}

// stemString is stemAppend for terms; not on the hot path.
func stemString(l lang, w string) string { return string(stemAppend(nil, l, []byte(w))) }

func asciiLetters(w []byte) bool {
	for _, c := range w {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func hasSuffix(w []byte, suf string) bool {
	return len(w) >= len(suf) && string(w[len(w)-len(suf):]) == suf
}

func hasVowel(w []byte) bool {
	for _, c := range w {
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			return true
		}
	}
	return false
}

// stemEN strips English plural -s/-es/-ies, past -ed/-ied, gerund -ing and a final -e or
// -y. It writes in place and returns the stem.
func stemEN(x []byte) []byte {
	n := len(x)
	switch {
	case n >= 5 && (hasSuffix(x, "ies") || hasSuffix(x, "ied")):
		x = append(x[:n-3], 'i')
	case hasSuffix(x, "sses"):
		x = x[:n-2]
	case hasSuffix(x, "ss"), hasSuffix(x, "us"), hasSuffix(x, "is"):
	case hasSuffix(x, "s"):
		x = x[:n-1]
	case n >= 5 && hasSuffix(x, "ed") && !hasSuffix(x, "eed"):
		if s := x[:n-2]; hasVowel(s) {
			x = undouble(s)
		}
	case n >= 6 && hasSuffix(x, "ing"):
		if s := x[:n-3]; hasVowel(s) && len(s) >= 3 {
			x = undouble(s)
		}
	}
	if n := len(x); n >= 4 {
		switch x[n-1] {
		case 'e':
			x = x[:n-1]
		case 'y':
			x[n-1] = 'i'
		}
	}
	return x
}

// undouble turns a doubled final consonant into one ("stabb" → "stab"), except l, s and z,
// which English doubles in the base form ("kill", "press", "buzz").
func undouble(x []byte) []byte {
	n := len(x)
	if n >= 3 && x[n-1] == x[n-2] {
		switch x[n-1] {
		case 'b', 'd', 'g', 'm', 'n', 'p', 'r', 't':
			return x[:n-1]
		}
	}
	return x
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// stemES strips Spanish (and, with pt, Portuguese) plurals and the gender vowel:
// "muertos", "muerta", "muerte" → "muert"; "inundaciones" → "inundacion"; pt "inundações",
// "inundação" → "inundaca".
func stemES(x []byte, pt bool) []byte {
	n := len(x)
	if pt && n >= 6 && (hasSuffix(x, "oes") || hasSuffix(x, "aes") || hasSuffix(x, "aos")) {
		x = append(x[:n-3], 'a', 'o')
		n = len(x)
	}
	switch {
	case n >= 6 && hasSuffix(x, "es") && !isVowel(x[n-3]):
		x = x[:n-2]
	case n >= 5 && hasSuffix(x, "s"):
		x = x[:n-1]
	}
	if n := len(x); n >= 5 {
		switch x[n-1] {
		case 'a', 'o', 'e':
			x = x[:n-1]
		}
	}
	return x
}

// stemIT strips Italian endings: "morti", "morto", "morta" → "mort"; "incendio", "incendi"
// → "incend".
func stemIT(x []byte) []byte {
	n := len(x)
	if n < 5 {
		return x
	}
	if hasSuffix(x, "io") && n >= 6 {
		return x[:n-2]
	}
	if hasSuffix(x, "i") && n >= 6 && x[n-2] == 'i' {
		return x[:n-2]
	}
	switch x[n-1] {
	case 'a', 'e', 'i', 'o':
		return x[:n-1]
	}
	return x
}

// stemFR strips French plural -s/-x and a final -e or -ée: "blessés", "blessée" → "bless".
func stemFR(x []byte) []byte {
	n := len(x)
	if (hasSuffix(x, "s") && !hasSuffix(x, "ss")) || hasSuffix(x, "x") {
		x = x[:n-1]
		n--
	}
	for range 2 { // "blessée" → "bless"
		if n := len(x); n >= 4 && x[n-1] == 'e' {
			x = x[:n-1]
		}
	}
	return x
}

// stemDE strips German noun and adjective endings: "Toten", "Toter", "Tote" → "tot";
// "Überschwemmungen" → "uberschwemmung"; "Brände" → "brand".
func stemDE(x []byte) []byte {
	n := len(x)
	for _, suf := range [...]string{"ern", "en", "er", "es", "em", "e", "s"} {
		if hasSuffix(x, suf) && n-len(suf) >= 3 {
			return x[:n-len(suf)]
		}
	}
	return x
}

// stemExceptions maps folded words to fixed stems. A stem ending in "~" can never be the stem
// of another word, so it keeps a word apart from the words it looks like.
var stemExceptions = [numLangs]map[string]string{
	langEN: {
		"news": "news", "series": "series", "species": "species", "always": "always", "perhaps": "perhaps",
		"various": "various", "chaos": "chaos", "dies": "die", "died": "die", "dying": "die", "die": "die~",
		"lies": "lie", "lied": "lie", "ties": "tie", "tied": "tie", "fired": "fired~", "firing": "firing~",
		"shoot": "shoot~", "shoots": "shoot~", "shooter": "shoot", "shooters": "shoot", "bomber": "bomb",
		"bombers": "bomb", "attacker": "attack", "attackers": "attack", "gunman": "gunman", "gunmen": "gunman",
		"rioter": "riot", "rioters": "riot", "looter": "loot", "looters": "loot", "kidnapper": "kidnap",
		"kidnappers": "kidnap", "hijacker": "hijack", "hijackers": "hijack", "protester": "protest",
		"protesters": "protest", "gas": "gas", "texas": "texas", "atlas": "atlas", "christmas": "christmas",
		"vegas": "vegas", "kansas": "kansas", "arkansas": "arkansas", "bias": "bias", "canvas": "canvas",
		"alias": "alias", "crises": "crisis", "thus": "thus", "does": "does", "goes": "goes",
		"ceasefire": "ceasefire", "wildfire": "wildfir", "wildfires": "wildfir", "being": "being",
		"thing": "thing", "things": "thing", "during": "during", "evening": "evening", "morning": "morning",
		"wedding": "wedding", "nothing": "nothing", "something": "something", "anything": "anything",
		"everything": "everything", "king": "king", "kings": "king", "ring": "ring", "sing": "sing",
		"bring": "bring", "string": "string", "spring": "spring", "ceiling": "ceiling", "wars": "war",
		"blessed": "blessed", "naked": "naked", "sacred": "sacred", "wicked": "wicked", "hundred": "hundred",
		"hundreds": "hundred", "red": "red", "bed": "bed", "used": "used", "need": "need", "feed": "feed",
		"speed": "speed", "breed": "breed", "seed": "seed", "indeed": "indeed", "united": "united",
		"states": "states", "crashed": "crash", "pandemics": "pandemic", "hack": "hack~", "hacks": "hack~",
		"fined": "fined", "fines": "fined", "burns": "burn", "burned": "burn", "burnt": "burn", "burn": "burn~",
	},
	langES: {"crisis": "crisis", "tras": "tras", "pais": "pais", "paises": "pais", "mes": "mes", "tesis": "tesis"},
	langPT: {"crise": "crise", "crises": "crise", "apos": "apos", "pais": "pais", "paises": "pais"},
	langIT: {"crisi": "crisi"},
	langFR: {"crise": "crise", "crises": "crise", "apres": "apres", "pays": "pays", "fois": "fois"},
	langDE: {"krise": "krise", "krisen": "krise", "brand": "brand", "marke": "marke", "marken": "marke"},
}

// exceptionLens and exceptionFirst are cheap filters in front of the exceptions map: the
// lengths and first letters its words have.
var exceptionLens, exceptionFirst = func() (lens [numLangs]uint32, first [numLangs][256]bool) {
	for l, m := range stemExceptions {
		for w := range m {
			lens[l] |= 1 << len(w)
			first[l][w[0]] = true
		}
	}
	return lens, first
}()

var maxExceptionLen = func() int {
	n := 0
	for _, m := range stemExceptions {
		for w := range m {
			n = max(n, len(w))
		}
	}
	return n
}()
