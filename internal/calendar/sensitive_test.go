package calendar

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestShippedSensitiveDatesParseAndCiteSources(t *testing.T) {
	rows, err := ShippedSensitiveDates()
	if err != nil {
		t.Fatalf("the shipped file does not parse: %v", err)
	}
	if len(rows) < 30 {
		t.Errorf("only %d shipped rows", len(rows))
	}
	for _, r := range rows {
		if r.Source == "" || r.Note == "" || r.Severity == SeverityNone {
			t.Errorf("shipped row %q (%s) on line %d needs a source, a note and a severity", r.Name, r.Market, r.Line)
		}
	}
	want := []struct{ name, market, when string }{
		{"September 11 anniversary (Patriot Day)", "US", "09-11"},
		{"Remembrance Day (Armistice Day)", "GB", "11-11"},
		{"International Holocaust Remembrance Day", "*", "01-27"},
		{"Armistice de 1918", "FR", "11-11"},
		{"Black Friday to Cyber Monday 2026", "*", "2026-11-27"},
	}
	for _, w := range want {
		found := false
		for _, r := range rows {
			if r.Name == w.name && r.Market == w.market && r.When() == w.when {
				found = true
			}
		}
		if !found {
			t.Errorf("shipped rows lack %q for %s on %s", w.name, w.market, w.when)
		}
	}
}

// Each shipped one-year row for a day that moves must fall on the weekday its rule says.
func TestShippedMovingDatesFallOnTheirWeekday(t *testing.T) {
	rows, err := ShippedSensitiveDates()
	if err != nil {
		t.Fatal(err)
	}
	weekdays := map[string]time.Weekday{
		"Remembrance Sunday": time.Sunday,
		"Volkstrauertag":     time.Sunday,
		"Black Friday":       time.Friday,
	}
	checked := 0
	for _, r := range rows {
		for prefix, wd := range weekdays {
			if !strings.HasPrefix(r.Name, prefix) {
				continue
			}
			checked++
			if r.Year == 0 {
				t.Errorf("%q is a moving day but is written as every year", r.Name)
				continue
			}
			if got := time.Date(r.Year, r.Month, r.Day, 0, 0, 0, 0, time.UTC).Weekday(); got != wd {
				t.Errorf("%q is on %s %s; want a %s", r.Name, r.When(), got, wd)
			}
		}
	}
	if checked < 6 {
		t.Errorf("checked %d moving rows; want at least 6", checked)
	}
}

func TestParseSensitiveDates(t *testing.T) {
	row := func(fields string) string {
		return "dates:\n  - name: Test day\n    market: GB\n    date: \"11-11\"\n    severity: high\n    source: test\n" + fields
	}
	tests := []struct {
		name    string
		in      string
		wantErr string
		check   func(t *testing.T, rows []SensitiveDate)
	}{
		{name: "yearly date", in: row(""), check: func(t *testing.T, rows []SensitiveDate) {
			r := rows[0]
			if r.Year != 0 || r.Month != time.November || r.Day != 11 || r.Days != 1 || r.Market != "GB" || r.Severity != SeverityHigh || r.Line != 2 {
				t.Errorf("row = %+v", r)
			}
		}},
		{name: "one-year date with a span, unquoted", in: "dates:\n- {name: Sale, market: '*', date: 2026-11-27, days: 4, severity: LOW, source: s}\n",
			check: func(t *testing.T, rows []SensitiveDate) {
				r := rows[0]
				if r.When() != "2026-11-27" || r.Days != 4 || r.Market != AllMarkets || r.Severity != SeverityLow {
					t.Errorf("row = %+v", r)
				}
			}},
		{name: "market in lower case and the UK alias", in: "dates:\n- {name: A, market: fr, date: '01-01', severity: low, source: s}\n- {name: B, market: uk, date: '01-01', severity: low, source: s}\n",
			check: func(t *testing.T, rows []SensitiveDate) {
				if rows[0].Market != "FR" || rows[1].Market != "GB" {
					t.Errorf("markets = %s, %s; want FR, GB", rows[0].Market, rows[1].Market)
				}
			}},
		{name: "29 February every year", in: "dates:\n- {name: Leap, market: US, date: '02-29', severity: low, source: s}\n"},
		{name: "empty file", in: ""},
		{name: "no rows", in: "dates:\n"},

		{name: "unknown key", in: row("    colour: red\n"), wantErr: `line 2 (row 1): unknown key "colour" on line 7; allowed keys are name, market, date, days, severity, note, source`},
		{name: "a key twice in a row", in: row("    date: \"11-12\"\n"), wantErr: `date appears twice (line 7)`},
		{name: "dates twice", in: row("dates: []\n"), wantErr: `line 7: a second dates: key`},
		{name: "unknown top-level key", in: "holidays:\n  - name: x\n", wantErr: `line 1: unknown key "holidays"`},
		{name: "bad date: month 13", in: strings.Replace(row(""), `"11-11"`, `"13-01"`, 1), wantErr: `"Test day": date "13-01" is not a day of the calendar`},
		{name: "bad date: 30 February", in: strings.Replace(row(""), `"11-11"`, `"02-30"`, 1), wantErr: `date "02-30" is not a day of the calendar`},
		{name: "bad date: 29 February 2026", in: strings.Replace(row(""), `"11-11"`, `"2026-02-29"`, 1), wantErr: `date "2026-02-29" is not a day of the calendar`},
		{name: "bad date: words", in: strings.Replace(row(""), `"11-11"`, `"Nov 11"`, 1), wantErr: `date "Nov 11" is not MM-DD (every year) or YYYY-MM-DD (one year only)`},
		{name: "bad date: US order", in: strings.Replace(row(""), `"11-11"`, `"11/11"`, 1), wantErr: `is not MM-DD`},
		{name: "bad date: rule", in: strings.Replace(row(""), `"11-11"`, `"last Monday of May"`, 1), wantErr: `is not MM-DD`},
		{name: "missing date", in: strings.Replace(row(""), `    date: "11-11"`+"\n", "", 1), wantErr: `date is missing`},
		{name: "missing source", in: strings.Replace(row(""), "    source: test\n", "", 1), wantErr: `"Test day": source is missing`},
		{name: "blank source", in: strings.Replace(row(""), "source: test", "source: '  '", 1), wantErr: `source is missing`},
		{name: "missing name", in: strings.Replace(row(""), "name: Test day", "note: x", 1), wantErr: `name is missing`},
		{name: "missing market", in: strings.Replace(row(""), "    market: GB\n", "", 1), wantErr: `market is missing`},
		{name: "unknown market", in: strings.Replace(row(""), "market: GB", "market: XX", 1), wantErr: `unknown market "XX"`},
		{name: "bad severity", in: strings.Replace(row(""), "severity: high", "severity: critical", 1), wantErr: `severity "critical" is not one of low, medium, high`},
		{name: "missing severity", in: strings.Replace(row(""), "    severity: high\n", "", 1), wantErr: `severity is missing`},
		{name: "span too long", in: row("    days: 40\n"), wantErr: `days 40 is not between 1 and 31`},
		{name: "negative span", in: row("    days: -1\n"), wantErr: `days -1 is not between 1 and 31`},
		{name: "span not a number", in: row("    days: two\n"), wantErr: `cannot unmarshal`},
		{name: "duplicate row", in: row("") + "  - {name: test DAY, market: gb, date: '11-12', severity: low, source: s}\n", wantErr: `line 7 (row 2): "test DAY" for market GB is already on line 2`},
		{name: "a row that is not a mapping", in: "dates:\n  - just a string\n", wantErr: `a row must be a mapping`},
		{name: "dates not a list", in: "dates: 11-11\n", wantErr: `dates must be a list`},
		{name: "not YAML", in: "dates: [\n", wantErr: `not valid YAML`},
		{name: "every problem at once", in: "dates:\n- {name: A, market: GB, date: '13-01', severity: low, source: s}\n- {name: B, market: GB, date: '01-01', severity: low}\n",
			wantErr: "line 2 (row 1): \"A\": date \"13-01\" is not a day of the calendar\ntest.yaml line 3 (row 2): \"B\": source is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := ParseSensitiveDates(strings.NewReader(tt.in), "test.yaml")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v; want one containing %q", err, tt.wantErr)
				}
				if !strings.HasPrefix(err.Error(), "test.yaml") {
					t.Errorf("err %q does not name the file", err)
				}
				if rows != nil {
					t.Errorf("rows = %v; want none with an error", rows)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.check != nil {
				tt.check(t, rows)
			}
		})
	}
}

func TestSensitiveDateCovers(t *testing.T) {
	tests := []struct {
		name string
		row  SensitiveDate
		day  Date
		want bool
	}{
		{"yearly, on the day", SensitiveDate{Month: 11, Day: 11, Days: 1}, Date{2031, 11, 11}, true},
		{"yearly, the day after", SensitiveDate{Month: 11, Day: 11, Days: 1}, Date{2031, 11, 12}, false},
		{"one year only, another year", SensitiveDate{Year: 2026, Month: 11, Day: 27, Days: 4}, Date{2027, 11, 27}, false},
		{"one year only, last day of the span", SensitiveDate{Year: 2026, Month: 11, Day: 27, Days: 4}, Date{2026, 11, 30}, true},
		{"one year only, past the span", SensitiveDate{Year: 2026, Month: 11, Day: 27, Days: 4}, Date{2026, 12, 1}, false},
		{"yearly span across New Year", SensitiveDate{Month: 12, Day: 30, Days: 4}, Date{2027, 1, 2}, true},
		{"yearly span across New Year, past it", SensitiveDate{Month: 12, Day: 30, Days: 4}, Date{2027, 1, 3}, false},
		{"29 February in a leap year", SensitiveDate{Month: 2, Day: 29, Days: 1}, Date{2028, 2, 29}, true},
		{"29 February in another year is not moved", SensitiveDate{Month: 2, Day: 29, Days: 1}, Date{2027, 3, 1}, false},
		{"zero Days counts as one", SensitiveDate{Month: 5, Day: 4}, Date{2026, 5, 4}, true},
	}
	for _, tt := range tests {
		if got := tt.row.Covers(tt.day); got != tt.want {
			t.Errorf("%s: Covers(%s) = %v; want %v", tt.name, tt.day, got, tt.want)
		}
	}
}

func TestMergeSensitiveDates(t *testing.T) {
	shipped := []SensitiveDate{
		{Name: "Remembrance Day", Market: "GB", Month: 11, Day: 11, Severity: SeverityHigh, Source: "shipped"},
		{Name: "Valentine's Day", Market: "*", Month: 2, Day: 14, Severity: SeverityLow, Source: "shipped"},
		{Name: "Remembrance Day", Market: "CA", Month: 11, Day: 11, Severity: SeverityHigh, Source: "shipped"},
	}
	overrides := []SensitiveDate{
		{Name: "remembrance day", Market: "GB", Month: 11, Day: 11, Severity: SeverityMedium, Source: "team"}, // replaces, any case
		{Name: "Valentine's Day", Market: "*", Month: 2, Day: 14, Severity: SeverityNone, Source: "team"},     // switched off
		{Name: "Founder's memorial", Market: "FR", Month: 3, Day: 3, Severity: SeverityHigh, Source: "team"},  // added
	}
	got := MergeSensitiveDates(shipped, overrides)
	var summary []string
	for _, r := range got {
		summary = append(summary, r.Market+" "+r.Name+" "+string(r.Severity)+" "+r.Source)
	}
	want := []string{
		"GB remembrance day medium team",
		"CA Remembrance Day high shipped",
		"FR Founder's memorial high team",
	}
	if strings.Join(summary, "|") != strings.Join(want, "|") {
		t.Errorf("merged = %q; want %q", summary, want)
	}
	if shipped[0].Severity != SeverityHigh {
		t.Error("merging changed the shipped slice")
	}
}

func TestLoadSensitiveDates(t *testing.T) {
	shipped, err := LoadSensitiveDates("")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "dates.yaml")
	override := "dates:\n  - {name: Valentine's Day, market: '*', date: '02-14', severity: none, source: team decision}\n" +
		"  - {name: Brand anniversary, market: GB, date: '06-01', severity: low, source: brand team}\n"
	if err := os.WriteFile(path, []byte(override), 0o600); err != nil {
		t.Fatal(err)
	}
	merged, err := LoadSensitiveDates(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(merged) != len(shipped) {
		t.Errorf("one row off and one on: got %d rows; want %d", len(merged), len(shipped))
	}
	for _, r := range merged {
		if r.Name == "Valentine's Day" {
			t.Error("Valentine's Day was switched off but is still there")
		}
	}
	if _, err := LoadSensitiveDates(filepath.Join(t.TempDir(), "missing.yaml")); err == nil || !strings.Contains(err.Error(), "sensitive dates") {
		t.Errorf("missing file: err = %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("dates:\n  - {name: X, market: GB, date: '11-11', severity: high}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSensitiveDates(bad); err == nil || !strings.Contains(err.Error(), bad+" line 2") {
		t.Errorf("bad file: err = %v; want it to name the file and line", err)
	}
}

func TestShippedSensitiveDatesYAMLIsACopy(t *testing.T) {
	b := shippedSensitiveDatesYAML()
	b[0] = 'X'
	if shippedSensitiveDatesYAML()[0] == 'X' {
		t.Error("callers can change the shipped file")
	}
}
