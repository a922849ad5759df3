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

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"kitten", "sitting", 3},
		{"ab", "ba", 1},
		{"", "abc", 3},
		{"café", "cafe", 1},
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b, 10); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if got := distance("abcdefgh", "zzzzzzzz", 2); got != 3 {
		t.Errorf("limited distance = %d, want limit+1", got)
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
