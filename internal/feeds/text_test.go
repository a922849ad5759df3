package feeds

import (
	"strings"
	"testing"
)

func TestPlainText(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"plain", "  Quake  hits\n coast ", 0, "Quake hits coast"},
		{"block tags separate words", "<p>one</p><p>two</p>three<br/>four", 0, "one two three four"},
		{"inline tags do not", `Card <em>pay</em>ments <a href="x">failed</a>.`, 0, "Card payments failed."},
		{"entities", "AT&amp;T &lt;3 caf&eacute;&nbsp;bar", 0, "AT&T <3 café bar"},
		{"script, style and comments dropped", "a<script>var war=1</script> b<style>p{}</style> c<!-- war --> d", 0, "a b c d"},
		{"a lone < is text", "profits < forecast, 3 <4", 0, "profits < forecast, 3 <4"},
		{"an unclosed tag swallows the rest", "before <a href='x' and on", 0, "before"},
		{"cut at a word", "alpha beta gamma delta", 12, "alpha beta…"},
		{"cut inside a long word keeps runes whole", strings.Repeat("é", 10), 5, "éé…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plainText(tt.in, tt.max); got != tt.want {
				t.Fatalf("plainText(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
}
