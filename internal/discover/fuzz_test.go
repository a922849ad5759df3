package discover

import (
	"strings"
	"testing"
)

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "ava", `tag:"slow fashion" market:UK tier:micro-mid platform:ig,tt er>=3.5 rising`,
		"status:dnc owner:me owner:<@U1|x> underrated sort:trend", `"tag:x" “Chloé”`, "er&gt;3 &amp;",
		"er>.5 er<=2,5%", "tga:beauty", "tier:huge", `tag:"open`, "\xff\xfe tag:\x00x", "İ \u212Aey:x",
		strings.Repeat("a ", 25), strings.Repeat("é", 201),
	} {
		f.Add(s)
	}
	cands := roster()
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("ParseQuery(%q): empty error", s)
			}
			return
		}
		checkCanonical(t, s, q)
		rs := Search(q, cands, me, now)
		if !q.Underrated {
			return
		}
		for i, r := range rs {
			total := r.Underrated.Total()
			if total < 0 || total > MaxUnderratedScore || len(r.Why) == 0 || r.Why[0] == "" {
				t.Fatalf("underrated row %s: score %+v, why %q", r.Influencer.Handle, r.Underrated, r.Why)
			}
			if q.Sort == SortRank && i > 0 && total > rs[i-1].Underrated.Total() {
				t.Fatalf("%s (%v) ranks below %s (%v)", r.Influencer.Handle, total, rs[i-1].Influencer.Handle, rs[i-1].Underrated.Total())
			}
		}
	})
}
