package feeds

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// placesText is the gazetteer: country names in six languages (Unicode CLDR), demonyms, and
// the launch markets' main cities and regions; see its header for format and sources.
//
//go:embed places.txt
var placesText []byte

// placeName is one gazetteer name: its folded words and its country.
type placeName struct {
	words     []string
	code      string
	ambiguous bool
}

type gazetteer struct {
	byFirst map[string][]placeName
}

var places = sync.OnceValue(func() *gazetteer {
	g, err := parseGazetteer(placesText)
	if err != nil {
		panic("feeds: embedded places.txt is invalid: " + err.Error())
	}
	return g
})

func parseGazetteer(text []byte) (*gazetteer, error) {
	g := &gazetteer{byFirst: map[string][]placeName{}}
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if strings.TrimSpace(line) == "" {
			continue
		}
		code, names, ok := strings.Cut(line, "\t")
		if !ok || len(code) != 2 || strings.ToUpper(code) != code {
			return nil, fmt.Errorf("line %d: want \"CC<TAB>name; name\", got %q", n, line)
		}
		for _, name := range strings.Split(names, ";") {
			name = strings.TrimSpace(name)
			ambiguous := strings.HasPrefix(name, "?")
			words := foldWords(strings.TrimPrefix(name, "?"))
			key := strings.Join(words, " ")
			if len(words) == 0 || seen[key] {
				continue // the first code listed for a name wins
			}
			seen[key] = true
			g.byFirst[words[0]] = append(g.byFirst[words[0]], placeName{words: words, code: code, ambiguous: ambiguous})
		}
	}
	return g, sc.Err()
}

// notPlaces are capitalised phrases that begin with a place name but name something else.
var notPlaces = map[string]bool{
	"paris hilton": true, "paris jackson": true, "jordan peterson": true, "michael jordan": true,
	"victoria beckham": true, "victoria secret": true, "chad smith": true, "georgia may": true,
	"washington post": true, "turkey day": true, "london fog": true, "america ferrera": true,
	"brooklyn beckham": true, "india hicks": true, "florence pugh": true, "florence welch": true,
}

// Places returns the ISO 3166 alpha-2 codes of the countries whose names, demonyms, main
// cities or regions the text mentions, each once, in order of first mention. A name counts
// only when capitalised in the text; an ambiguous name ("Georgia", "Jordan", "Turkey",
// "Nice", "Victoria") counts only outside Title Case text and away from other capitalised
// words, so "Michael Jordan" and "Nice Weather Ahead" name no country.
func Places(text string) []string {
	var t tokens
	t.reset(text)
	return places().find(&t)
}

func (g *gazetteer) find(t *tokens) []string {
	titleCase := isTitleCase(t)
	var out []string
	n := len(t.spans)
	for i := 0; i < n; i++ {
		if !t.spans[i].upper {
			continue
		}
		best := -1
		var bestName placeName
		for _, p := range g.byFirst[string(t.word(i))] {
			if len(p.words) > best && wordsAt(t, i, p.words) {
				best, bestName = len(p.words), p
			}
		}
		if best < 0 {
			continue
		}
		end := i + best
		if i+1 < n && t.spans[i+1].upper && notPlaces[string(t.word(i))+" "+string(t.word(i+1))] {
			i++
			continue
		}
		if bestName.ambiguous && (titleCase || i > 0 && t.spans[i].upper && t.spans[i-1].upper && !t.spans[i].brk ||
			end < n && t.spans[end].upper && !t.spans[end].brk) {
			continue
		}
		code := bestName.code
		dup := false
		for _, c := range out {
			dup = dup || c == code
		}
		if !dup {
			out = append(out, code)
		}
		i = end - 1
	}
	return out
}

func wordsAt(t *tokens, i int, words []string) bool {
	if i+len(words) > len(t.spans) {
		return false
	}
	for j, w := range words {
		if string(t.word(i+j)) != w {
			return false
		}
	}
	return true
}

// isTitleCase reports whether most words of four letters or more are capitalised, as in
// "Nice Weather Ahead For Reading Festival": there, capitals say nothing about names.
func isTitleCase(t *tokens) bool {
	long, upper := 0, 0
	for i, sp := range t.spans {
		if sp.end-sp.start < 4 || i == 0 || sp.brk {
			continue
		}
		long++
		if sp.upper {
			upper++
		}
	}
	return long >= 2 && upper*10 >= long*7
}
