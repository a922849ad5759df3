package slackbot

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseInfluencerCommand(t *testing.T) {
	tests := []struct {
		text    string
		want    InfluencerRequest
		wantErr string
	}{
		{"", InfluencerRequest{Kind: KindHelp}, ""},
		{"  HELP ", InfluencerRequest{Kind: KindHelp}, ""},
		{"?", InfluencerRequest{Kind: KindHelp}, ""},
		{"@ava.moreau", InfluencerRequest{Kind: KindLookup, Query: "@ava.moreau"}, ""},
		{"  Ava \t Moreau\n", InfluencerRequest{Kind: KindLookup, Query: "Ava Moreau"}, ""},
		{"ava\x00moreau", InfluencerRequest{Kind: KindLookup, Query: "ava moreau"}, ""},
		{strings.Repeat("a", 500), InfluencerRequest{}, "500 characters"},
		{"find tag:beauty  market:FR", InfluencerRequest{Kind: KindFind, Query: "tag:beauty market:FR"}, ""},
		{"FIND", InfluencerRequest{}, "Tell me what to find"},
		{"compare @a b", InfluencerRequest{Kind: KindCompare, Handles: []string{"@a", "b"}}, ""},
		{"compare a", InfluencerRequest{}, "two or three handles"},
		{"compare a b c d", InfluencerRequest{}, "two or three handles"},
		{"compare a " + strings.Repeat("b", 150), InfluencerRequest{}, "longer than any handle"},
	}
	for _, tt := range tests {
		got, err := ParseInfluencerCommand(tt.text)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Parse(%q) err = %v, want mention of %q", tt.text, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tt.text, got, err, tt.want)
		}
	}
}

func FuzzParseInfluencerCommand(f *testing.F) {
	for _, s := range []string{"", "help", "@ava", "find tag:beauty", strings.Repeat("é", 101), "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		req, err := ParseInfluencerCommand(text)
		if err != nil {
			return
		}
		if req.Kind == KindCompare && (len(req.Handles) < 2 || len(req.Handles) > 3) {
			t.Fatalf("compare with %d handles", len(req.Handles))
		}
		if req.Kind == KindLookup && (req.Query == "" || len([]rune(req.Query)) > maxQuery) {
			t.Fatalf("lookup with bad query %q", req.Query)
		}
		if strings.ContainsAny(req.Query, "\n\t\x00") {
			t.Fatalf("control characters survived: %q", req.Query)
		}
	})
}
