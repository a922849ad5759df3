package feeds

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// idiomsText lists figures of speech that contain a crisis word but are not events ("a
// storm of nostalgia", "killed it"); see the file's header for its format.
//
//go:embed idioms.txt
var idiomsText []byte

// cuesText lists negations and minimisers; see the file's header for its format.
//
//go:embed cues.txt
var cuesText []byte

type cueAction int

const (
	// cueDrop drops the hit: the text says the event did not happen ("no injuries").
	cueDrop cueAction = iota + 1
	// cueLow lowers the hit to low severity: it happened, but small, long ago or in fiction.
	cueLow
)

// cue is a negation or minimiser: words (stems) within window words before or after a hit,
// in the same clause.
type cue struct {
	text   string
	words  []string
	action cueAction
	before bool
	window int
}

// idiom is a figure of speech (stems) whose word at anchor is not an event.
type idiom struct {
	words  []string
	anchor int
}

type contextRules struct {
	// cuesBefore indexes the cues that come before a term by their last stem, cuesAfter
	// those that follow it by their first, so checking a hit costs a few map lookups.
	cuesBefore, cuesAfter [numLangs]map[string][]cue
	maxWindow             int
	idioms                [numLangs]map[string][]idiom // anchor stem → idioms
}

var rules = sync.OnceValue(func() *contextRules {
	r, err := parseContextRules(idiomsText, cuesText)
	if err != nil {
		// Both files are compiled in and parsed by a test.
		panic("feeds: " + err.Error())
	}
	return r
})

func parseContextRules(idioms, cues []byte) (*contextRules, error) {
	r := &contextRules{}
	for l := range numLangs {
		r.idioms[l] = map[string][]idiom{}
		r.cuesBefore[l] = map[string][]cue{}
		r.cuesAfter[l] = map[string][]cue{}
	}
	err := eachDataLine(idioms, func(l lang, n int, line string) error {
		words, anchors, err := parseIdiom(l, line)
		if err != nil {
			return fmt.Errorf("idioms.txt line %d: %w", n, err)
		}
		for _, a := range anchors {
			r.idioms[l][words[a]] = append(r.idioms[l][words[a]], idiom{words: words, anchor: a})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachDataLine(cues, func(l lang, n int, line string) error {
		head, list, ok := strings.Cut(line, ":")
		f := strings.Fields(head)
		if !ok || len(f) != 3 || (f[0] != "drop" && f[0] != "low") || (f[1] != "before" && f[1] != "after") {
			return fmt.Errorf("cues.txt line %d: want \"drop|low before|after N: cue, cue\", got %q", n, line)
		}
		window, err := strconv.Atoi(f[2])
		if err != nil || window < 1 {
			return fmt.Errorf("cues.txt line %d: window %q is not a positive number", n, f[2])
		}
		action := cueLow
		if f[0] == "drop" {
			action = cueDrop
		}
		for _, c := range strings.Split(list, ",") {
			c = strings.TrimSpace(c)
			folded := foldWords(c)
			if len(folded) == 0 {
				continue
			}
			words := make([]string, len(folded))
			for i, w := range folded {
				words[i] = stemString(l, w)
			}
			r.maxWindow = max(r.maxWindow, window)
			if f[1] == "before" {
				key := words[len(words)-1]
				r.cuesBefore[l][key] = append(r.cuesBefore[l][key], cue{text: c, words: words, action: action, before: true, window: window})
			} else {
				r.cuesAfter[l][words[0]] = append(r.cuesAfter[l][words[0]], cue{text: c, words: words, action: action, window: window})
			}
		}
		return nil
	})
	return r, err
}

// eachDataLine calls fn for each non-blank line of a data file with `[language xx]`
// sections, comments removed.
func eachDataLine(text []byte, fn func(l lang, n int, line string) error) error {
	sc := bufio.NewScanner(bytes.NewReader(text))
	l := langEN
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if code, ok := strings.CutPrefix(line, "[language "); ok {
			code = strings.TrimSuffix(code, "]")
			var known bool
			if l, known = parseLang(strings.TrimSpace(code)); !known {
				return fmt.Errorf("line %d: unknown language %q", n, code)
			}
			continue
		}
		if err := fn(l, n, line); err != nil {
			return err
		}
	}
	return sc.Err()
}

// parseIdiom reads "a <storm> of nostalgia": the stems of its words and the positions of
// the anchors, the words whose hits it cancels (every word when none is marked).
func parseIdiom(l lang, line string) (words []string, anchors []int, err error) {
	for _, part := range strings.Fields(line) {
		marked := strings.HasPrefix(part, "<") && strings.HasSuffix(part, ">")
		for _, w := range foldWords(strings.Trim(part, "<>")) {
			if marked {
				anchors = append(anchors, len(words))
			}
			words = append(words, stemString(l, w))
		}
	}
	if len(words) < 2 {
		return nil, nil, fmt.Errorf("%q: an idiom needs two words or more", line)
	}
	if len(anchors) == 0 {
		for i := range words {
			anchors = append(anchors, i)
		}
	}
	return words, anchors, nil
}

// inIdiom reports whether a word of the hit [start, end) is the anchor of an idiom around it.
func inIdiom(s *scratch, l lang, start, end int32) bool {
	idx := rules().idioms[l]
	for p := start; p < end; p++ {
		for _, id := range idx[string(s.stem(int(p)))] {
			if b := int(p) - id.anchor; b >= 0 && s.stemsAt(b, id.words) {
				return true
			}
		}
	}
	return false
}

// findCue returns the nearest cue of language l around the hit [start, end) in its clause,
// looking before the hit first.
func findCue(s *scratch, l lang, t *tokens, start, end int32) (cue, bool) {
	r := rules()
	n := len(t.spans)
	for k := 0; k < r.maxWindow; k++ {
		// A cue before the hit ends at word start-1-k.
		if last := int(start) - 1 - k; last >= 0 {
			for _, c := range r.cuesBefore[l][string(s.stem(last))] {
				if from := last + 1 - len(c.words); k < c.window && from >= 0 && s.stemsAt(from, c.words) && !breakIn(t, from+1, int(start)) {
					return c, true
				}
			}
		}
		if first := int(end) + k; first < n {
			for _, c := range r.cuesAfter[l][string(s.stem(first))] {
				if k < c.window && s.stemsAt(first, c.words) && !breakIn(t, int(end), first+len(c.words)-1) {
					return c, true
				}
			}
		}
	}
	return cue{}, false
}

// breakIn reports whether a clause break comes before any of the words lo..hi.
func breakIn(t *tokens, lo, hi int) bool {
	for p := max(lo, 0); p <= hi && p < len(t.spans); p++ {
		if t.spans[p].brk {
			return true
		}
	}
	return false
}
