package suggest

import (
	"reflect"
	"testing"
)

var roster = []Candidate{
	{"ava.moreau", "Ava Moreau"},
	{"kai_plays", "Kai Tanaka"},
	{"kaito.cooks", "Kaito Sato"},
	{"lena.lifts", "Lena Vogel"},
	{"marco.eats", "Marco Rossi"},
	{"chloe.bakes", "Chloé Dupré"},
}

func handles(cs []Candidate) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Handle)
	}
	return out
}

func TestClosest(t *testing.T) {
	tests := []struct {
		query string
		n     int
		want  []string
	}{
		{"ava.moraeu", 3, []string{"ava.moreau"}},        // transposition
		{"@Ava.Moreu", 3, []string{"ava.moreau"}},        // deletion, case, @
		{"kai", 3, []string{"kai_plays", "kaito.cooks"}}, // prefix of handle, shorter first
		{"tanaka", 3, []string{"kai_plays"}},             // a word of the name
		{"vogle", 3, []string{"lena.lifts"}},             // typo in surname
		{"eats", 3, []string{"marco.eats"}},              // substring
		{"zzzzzz", 3, []string{}},
		{"", 3, []string{}},
		{"a", 1, []string{"ava.moreau"}},
		{"dupre", 3, []string{"chloe.bakes"}}, // accents ignored in the name
		{"DUPRÉ", 3, []string{"chloe.bakes"}}, // and in the query
		{"chloé", 3, []string{"chloe.bakes"}}, // a handle typed with an accent
		{"dpure", 3, []string{"chloe.bakes"}}, // a swap in a folded word
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := handles(Closest(tt.query, roster, tt.n))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Closest(%q) = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func FuzzClosest(f *testing.F) {
	f.Add("ava")
	f.Add("@ÄÖ\x00")
	f.Fuzz(func(t *testing.T, q string) {
		if got := Closest(q, roster, 3); len(got) > 3 {
			t.Fatalf("more than n results: %v", got)
		}
	})
}
