package csvimport

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func FuzzParseCampaigns(f *testing.F) {
	seedFixtures(f, "campaigns_")
	f.Add("campaign,handle,launch_at,timezone\nA,a,2026-03-29 02:30,Europe/Paris\nA,b,2026-03-29 03:30,\n")
	f.Add("campaign;handle;spend;rating\nA;a;1.200 €;4,5\nA;a;R$ 3.000;★★★\n")
	f.Add("campaign,handle,start,end\nA,a,2024-01-10,\nA,b,,2024-01-01\n")
	f.Add("campaign,handle,keywords,sensitive_topics\nA,a,\"Serum, serum; Lumière\",--\nA,b,lumière;SERUM,n/a\n")
	f.Fuzz(func(t *testing.T, in string) {
		res, err := ParseCampaigns(strings.NewReader(in), testNow)
		if err != nil {
			if len(res.Rows) != 0 || len(res.Errors) != 0 {
				t.Fatalf("fatal error %v came with rows or row errors", err)
			}
			return
		}
		if len(res.Rows) != len(res.Lines) {
			t.Fatalf("%d rows but %d lines", len(res.Rows), len(res.Lines))
		}
		seen := make(map[string]bool)
		campaigns := make(map[string]rapport.Campaign)
		for i, r := range res.Rows {
			c, p := r.Campaign, r.Participation
			if res.Lines[i] < 2 || (i > 0 && res.Lines[i] <= res.Lines[i-1]) {
				t.Fatalf("lines %v are not increasing from 2", res.Lines)
			}
			if c.ID == "" || c.ID != rapport.CampaignID(c.Name) || p.CampaignID != c.ID {
				t.Fatalf("row %d has IDs %q, %q for name %q", i, c.ID, p.CampaignID, c.Name)
			}
			if rapport.ValidateHandle(p.Handle) != nil || p.Handle != rapport.NormalizeHandle(p.Handle) {
				t.Fatalf("row %d has handle %q", i, p.Handle)
			}
			if key := c.ID + "|" + p.Handle; seen[key] {
				t.Fatalf("%s kept twice", key)
			} else {
				seen[key] = true
			}
			if first, ok := campaigns[c.ID]; ok && !reflect.DeepEqual(first, c) {
				t.Fatalf("rows of %s disagree:\n%+v\n%+v", c.ID, first, c)
			}
			campaigns[c.ID] = c
			if !c.Start.IsZero() && !c.End.IsZero() && c.End.Before(c.Start) {
				t.Fatalf("row %d ends %v before it starts %v", i, c.End, c.Start)
			}
			for _, d := range []time.Time{c.Start, c.End, c.LaunchAt} {
				if !d.IsZero() && (d.Location() != time.UTC || d.Year() < earliestYear || d.After(testNow.AddDate(maxYearsAhead, 0, 0))) {
					t.Fatalf("row %d has date %v", i, d)
				}
			}
			if c.TimeZone != "" {
				if _, err := time.LoadLocation(c.TimeZone); err != nil {
					t.Fatalf("row %d has zone %q: %v", i, c.TimeZone, err)
				}
			}
			for _, m := range c.Markets {
				if !rapport.IsCountryCode(m) {
					t.Fatalf("row %d has market %q", i, m)
				}
			}
			if c.Channel != "" && !isChannelID(c.Channel) {
				t.Fatalf("row %d has channel %q", i, c.Channel)
			}
			for _, terms := range [][]string{c.Keywords, c.SensitiveTopics} {
				if len(terms) > rapport.MaxCampaignTerms {
					t.Fatalf("row %d has %d terms", i, len(terms))
				}
				for j, term := range terms {
					if term == "" || utf8.RuneCountInString(term) > rapport.MaxCampaignTermRunes ||
						term != strings.Join(strings.Fields(term), " ") || containsFold(terms[:j], term) {
						t.Fatalf("row %d has term %q among %q", i, term, terms)
					}
				}
			}
			for _, q := range []rapport.Quantity{p.Spend, p.Reach, p.Engagements, p.Clicks, p.Conversions} {
				if q.Known && (q.Value < 0 || math.IsNaN(q.Value) || q.Value > maxCount) {
					t.Fatalf("row %d has %v", i, q)
				}
			}
			if p.Rating.Known && (p.Rating.Value < 1 || p.Rating.Value > 5) {
				t.Fatalf("row %d has rating %v", i, p.Rating.Value)
			}
			if utf8.RuneCountInString(p.Notes) > maxNotes || p.Notes != strings.TrimSpace(p.Notes) {
				t.Fatalf("row %d has notes %q", i, p.Notes)
			}
		}
		for _, e := range res.Errors {
			if e.Line < 1 || e.Reason == "" {
				t.Fatalf("row error without a line or reason: %#v", e)
			}
		}
	})
}
