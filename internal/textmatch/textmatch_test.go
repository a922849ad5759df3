package textmatch

import (
	"math/rand/v2"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Chloé  Dupré", "chloe dupre"},
		{"  Ægir Øster ", "aegir oster"},
		{"Straße", "strasse"},
		{"Łódź", "lodz"},
		{"Chloe\u0301", "chloe"}, // e + combining acute
		{"\u0301", ""},           // a combining accent alone is nothing
		{"İstanbul", "istanbul"},
		{"日本 の", "日本 の"},
		{"A\u00a0B\u2003C", "a b c"},
		{"\tKai\n Tanaka\r", "kai tanaka"},
		{"ﬁne ﬂower", "fine flower"},
		{"Maſs", "mass"},
		{"São Paulo", "sao paulo"},
		{"@Ava.Moreau", "@ava.moreau"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAppendFoldKeepsWhatWasThere(t *testing.T) {
	got := string(AppendFold([]byte("name:"), "  Chloé "))
	if got != "name:chloe" {
		t.Errorf("AppendFold = %q, want %q", got, "name:chloe")
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"kitten", "sitting", 3},
		{"ab", "ba", 1}, // a swap of neighbours is one typo
		{"", "abc", 3},
		{"abc", "", 3},
		{"café", "cafe", 1}, // runes, not bytes
		{"instagarm", "instagram", 1},
		{"tiktk", "tiktok", 1},
		{"ca", "abc", 3}, // optimal string alignment: a swapped pair is not edited again
		{"ava.moraeu", "ava.moreau", 1},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestDistanceAtMost(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"kitten", "sitting", 10, 3},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3},
		{"abcdefgh", "zzzzzzzz", 2, 3}, // gives up: limit+1
		{"a", "abcdef", 2, 3},          // lengths alone exceed the limit
		{"same", "same", 0, 0},
		{"same", "sane", 0, 1},
		{"same", "sane", -4, 1}, // a negative limit counts as 0
	}
	for _, tt := range tests {
		if got := DistanceAtMost(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("DistanceAtMost(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

// TestDistanceAtMostAgreesWithDistance: the early exit never changes an answer within the
// limit, and never reports one past it as within.
func TestDistanceAtMostAgreesWithDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]rune, rng.IntN(8))
		for i := range b {
			b[i] = []rune("abcé")[rng.IntN(4)]
		}
		return string(b)
	}
	for range 20000 {
		a, b, limit := word(), word(), rng.IntN(5)
		full := Distance(a, b)
		want := min(full, limit+1)
		if got := DistanceAtMost(a, b, limit); got != want {
			t.Fatalf("DistanceAtMost(%q, %q, %d) = %d; Distance is %d", a, b, limit, got, full)
		}
	}
}

func TestClosest(t *testing.T) {
	platforms := []string{"instagram", "tiktok", "youtube", "twitch", "twitter", "x", "facebook"}
	tests := []struct {
		query   string
		names   []string
		maxDist int
		want    string
	}{
		{"instagarm", platforms, 2, "instagram"},
		{"tiktk", platforms, 1, "tiktok"},
		{"cat", []string{"bat", "hat"}, 1, "bat"},               // ties go to the first listed
		{"twiter", []string{"twitch", "twitter"}, 2, "twitter"}, // nearer beats earlier
		{"youtube", platforms, 2, ""},                           // an exact name is no suggestion
		{"snapchat", platforms, 2, ""},
		{"tiktk", platforms, 0, ""},
		{"tiktk", nil, 2, ""},
		{"mrket", []string{"tag", "market", "tier"}, 1, "market"},
	}
	for _, tt := range tests {
		got, ok := Closest(tt.query, tt.names, tt.maxDist)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Closest(%q, %d) = %q, %v; want %q", tt.query, tt.maxDist, got, ok, tt.want)
		}
	}
}

func FuzzFold(f *testing.F) {
	f.Add("Chloé  Dupré")
	f.Add("\u0301\u00a0ß")
	f.Fuzz(func(t *testing.T, s string) {
		once := Fold(s)
		if again := Fold(once); again != once {
			t.Fatalf("Fold is not stable: %q → %q → %q", s, once, again)
		}
	})
}
