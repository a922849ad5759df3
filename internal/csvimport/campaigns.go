package csvimport

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/wording"
)

// CampaignRow is one row of a campaigns file: a campaign and one influencer's part in it.
// Every row of a campaign carries the same Campaign, merged from all of its rows.
type CampaignRow struct {
	Campaign      rapport.Campaign
	Participation rapport.Participation
}

// maxNotes bounds a participation's notes: room for a verdict and what to do next time. A
// longer write-up belongs in a document the note can link to.
const maxNotes = 1000

// maxYearsAhead bounds how far ahead a campaign may be planned; further is a typo in the year.
const maxYearsAhead = 10

var campaignFormat = format{
	name: "campaigns",
	columns: []column{
		{"campaign", []string{"campaign_name", "name", "campaign_title"}},
		{"brand", []string{"brand_name", "client", "client_name", "advertiser"}},
		{"handle", handleAliases},
		{"start", []string{"start_date", "starts", "starts_on", "start_day", "begin", "begins", "from",
			"campaign_start"}},
		{"end", []string{"end_date", "ends", "ends_on", "end_day", "finish", "until", "to", "campaign_end"}},
		{"launch_at", []string{"launch", "launch_time", "launch_date", "launch_datetime", "launches_at",
			"go_live", "go_live_at", "live_at"}},
		{"timezone", []string{"time_zone", "tz", "zone", "launch_timezone", "launch_time_zone", "launch_tz"}},
		{"markets", []string{"market", "country", "countries", "country_code", "country_codes"}},
		{"channel", []string{"slack_channel", "channel_id", "slack_channel_id"}},
		{"keywords", []string{"keyword", "watch_words", "watchwords", "brand_keywords", "news_keywords", "search_terms"}},
		{"sensitive_topics", []string{"sensitive_topic", "sensitivities", "topics_to_avoid", "avoid_topics", "risk_topics"}},
		{"spend", []string{"cost", "costs", "fee", "fees", "total_spend", "total_cost", "amount_spent",
			"creator_fee", "influencer_fee", "paid"}},
		// Not impressions: reach counts people, impressions count views, and CPE and the
		// card compare reach across campaigns.
		{"reach", []string{"total_reach", "unique_reach", "people_reached", "accounts_reached"}},
		{"engagements", []string{"engagement", "total_engagements", "total_engagement", "interactions",
			"total_interactions"}},
		{"clicks", []string{"click", "link_clicks", "total_clicks", "url_clicks"}},
		{"conversions", []string{"conversion", "total_conversions", "orders", "purchases"}},
		{"rating", []string{"score", "stars", "rating_1_5", "rating_out_of_5"}},
		// "comments" is a count in a metrics file; in a campaigns file it is what the team wrote.
		{"notes", []string{"note", "comments", "comment", "remarks", "feedback"}},
	},
	required: []string{"campaign", "handle"},
}

// ParseCampaigns reads a campaigns file (DESIGN.md §3), past and planned, one row per
// campaign and influencer:
//
//	campaign,brand,handle,start,end,launch_at,timezone,markets,channel,keywords,sensitive_topics,spend,reach,engagements,clicks,conversions,rating,notes
//
// campaign and handle are required. Rows whose names give the same rapport.CampaignID are
// one campaign; its columns (brand to sensitive_topics) need only be written once, and
// where several rows write one they must agree, or the later row is an error naming the
// line that set it. start and end are days (ParseDate); launch_at is a date and time read
// in timezone (ParseLaunchAt, rapport.ParseTimeZone); keywords and sensitive_topics are lists
// (ParseTerms), blank when the file says nothing about them; spend is an amount in any one
// currency (ParseSpend); the other results are counts (ParseCount) and rating is 1–5
// (ParseRating). Blank results are unknown, never zero. Participation.Handle is the
// normalised handle, the influencer's ID; a repeated campaign and handle keeps the file's
// last row.
//
// now bounds the dates (ten years ahead at most) and finds the campaigns that have not
// started, whose results are probably misplaced and are reported as a warning.
//
// The error is non-nil only when the file as a whole cannot be read (see ErrHeader); bad
// rows are in Result.Errors and the good ones in Result.Rows.
func ParseCampaigns(r io.Reader, now time.Time) (Result[CampaignRow], error) {
	cr, err := newCampaignReader(r, now, 0)
	if err != nil {
		return Result[CampaignRow]{}, err
	}
	res, err := collect(cr.Reader)
	if err != nil {
		return Result[CampaignRow]{}, err
	}
	for i := range res.Rows {
		res.Rows[i].Campaign = cr.rows.campaigns[res.Rows[i].Campaign.ID].whole()
	}
	return res, nil
}

// CampaignReader reads a campaigns file row by row, as ParseCampaigns reads it whole, for
// files of any size; it holds each campaign, never the rows. A row's Campaign is the
// campaign as the rows up to it describe it: a later row may fill in a blank column. Once
// Next has returned io.EOF, Campaigns gives each campaign whole.
type CampaignReader struct {
	*Reader[CampaignRow]
	rows *campaignParse
}

// NewCampaignReader reads the header of a campaigns file: its error is one of
// ParseCampaigns's.
func NewCampaignReader(r io.Reader, now time.Time) (*CampaignReader, error) {
	return newCampaignReader(r, now, TrackedKeys)
}

func newCampaignReader(r io.Reader, now time.Time, limit int) (*CampaignReader, error) {
	p := &campaignParse{
		campaigns: make(map[string]*campaignSoFar),
		zones:     make(map[string]zoneResult),
		now:       now,
		latest:    now.AddDate(maxYearsAhead, 0, 0),
	}
	rd, err := newReader[CampaignRow](r, campaignFormat, p, limit)
	if err != nil {
		return nil, err
	}
	return &CampaignReader{Reader: rd, rows: p}, nil
}

// Campaigns returns the campaigns of the good rows read so far by ID, each merged from all
// of its rows.
func (cr *CampaignReader) Campaigns() map[string]rapport.Campaign {
	out := make(map[string]rapport.Campaign, len(cr.rows.campaigns))
	for id, k := range cr.rows.campaigns {
		out[id] = k.whole()
	}
	return out
}

// campaignParse reads the rows of one campaigns file.
type campaignParse struct {
	campaigns map[string]*campaignSoFar
	zones     map[string]zoneResult
	now       time.Time
	latest    time.Time
	// currencies are the distinct currency marks dropped from spend, on currencyLines.
	currencies    []string
	currencyLines lineSample
}

// campaignSoFar is a campaign as the good rows so far describe it, with the line that
// first gave each campaign-level column and the zone its launch is planned in.
type campaignSoFar struct {
	c     rapport.Campaign
	loc   *time.Location
	setBy map[string]int
	// results are the campaign's lines that give results, which are misplaced if the
	// campaign turns out not to have started.
	results lineSample
}

// whole is the campaign, sharing nothing with the one still being merged.
func (k *campaignSoFar) whole() rapport.Campaign {
	c := k.c
	c.Markets = slices.Clone(c.Markets)
	c.Keywords = slices.Clone(c.Keywords)
	c.SensitiveTopics = slices.Clone(c.SensitiveTopics)
	return c
}

type zoneResult struct {
	loc *time.Location
	err error
}

// zone parses a timezone cell once per distinct spelling: loading a zone reads tzdata.
func (p *campaignParse) zone(s string) (*time.Location, error) {
	if z, ok := p.zones[s]; ok {
		return z.loc, z.err
	}
	loc, err := rapport.ParseTimeZone(s)
	p.zones[s] = zoneResult{loc, err}
	return loc, err
}

// campaignRead is one row as read, before it is checked against its campaign's other rows.
type campaignRead struct {
	CampaignRow
	// loc is the zone the launch was read in: the row's own or its campaign's.
	loc      *time.Location
	currency string
	warnings []string
	// datesOK: start and end were blank or valid, so their order can be checked.
	datesOK bool
}

func (p *campaignParse) read(r row, w *warnings, key []byte) (CampaignRow, []byte, []RowError) {
	rd, rc := p.readCells(r)
	known := p.campaigns[rd.Campaign.ID]
	if known != nil {
		known.conflicts(rc, rd.Campaign, rd.loc)
	}
	if rd.datesOK {
		checkDateOrder(rc, rd.Campaign, known)
	}
	if !rc.ok() {
		return CampaignRow{}, key, rc.errs
	}
	if known == nil {
		known = &campaignSoFar{
			c:     rapport.Campaign{ID: rd.Campaign.ID, Name: rd.Campaign.Name},
			setBy: make(map[string]int),
		}
		p.campaigns[rd.Campaign.ID] = known
	}
	known.merge(rd.Campaign, rd.loc, r.line)
	for _, msg := range rd.warnings {
		w.add("line %d: %s", r.line, msg)
	}
	if rd.currency != "" {
		p.currencyLines.add(r.line)
		if !slices.Contains(p.currencies, rd.currency) {
			p.currencies = append(p.currencies, rd.currency)
		}
	}
	pt := rd.Participation
	if pt.Reach.Known || pt.Engagements.Known || pt.Clicks.Known || pt.Conversions.Known || pt.Rating.Known {
		known.results.add(r.line)
	}
	out := CampaignRow{Campaign: known.whole(), Participation: pt}
	key = append(append(append(key, pt.CampaignID...), '|'), pt.Handle...)
	return out, key, nil
}

func (p *campaignParse) label(r CampaignRow) string {
	return fmt.Sprintf("%s in %s", r.Participation.Handle, p.campaigns[r.Campaign.ID].c.Name)
}

// readCells parses one row's cells, each on its own.
func (p *campaignParse) readCells(r row) (campaignRead, *rowCheck) {
	rc := &rowCheck{r: r}
	var rd campaignRead
	c, pt := &rd.Campaign, &rd.Participation

	c.Name = strings.Join(strings.Fields(r.value("campaign")), " ")
	c.ID = rapport.CampaignID(c.Name)
	pt.CampaignID = c.ID
	switch {
	case c.Name == "":
		rc.fail("campaign", errors.New("is empty; name the campaign (rows with the same name are one campaign)"))
	case c.ID == "":
		rc.fail("campaign", fmt.Errorf("%q has no letters or digits to know the campaign by", c.Name))
	}
	handle := r.value("handle")
	if err := rapport.ValidateHandle(handle); err != nil {
		rc.fail("handle", err)
	}
	pt.Handle = rapport.NormalizeHandle(handle)
	c.Brand = strings.Join(strings.Fields(r.value("brand")), " ")

	p.readSchedule(r, rc, &rd)

	var err error
	if c.Markets, err = rapport.ParseMarkets(r.value("markets")); err != nil {
		rc.fail("markets", err)
	}
	if c.Channel, err = ParseChannelID(r.value("channel")); err != nil {
		rc.fail("channel", err)
	}
	if c.Keywords, err = ParseTerms(r.value("keywords")); err != nil {
		rc.fail("keywords", err)
	}
	if c.SensitiveTopics, err = ParseTerms(r.value("sensitive_topics")); err != nil {
		rc.fail("sensitive_topics", err)
	}
	if pt.Spend, rd.currency, err = ParseSpend(r.value("spend")); err != nil {
		rc.fail("spend", err)
	}
	for _, col := range []struct {
		name string
		q    *rapport.Quantity
	}{
		{"reach", &pt.Reach}, {"engagements", &pt.Engagements}, {"clicks", &pt.Clicks}, {"conversions", &pt.Conversions},
	} {
		raw := r.value(col.name)
		q, err := ParseCount(raw)
		if err == nil {
			err = wholeCount(q, raw, col.name)
		}
		if err != nil {
			rc.fail(col.name, err)
			continue
		}
		*col.q = q
	}
	if pt.Rating, err = ParseRating(r.value("rating")); err != nil {
		rc.fail("rating", err)
	}
	pt.Notes = r.value("notes")
	if n := utf8.RuneCountInString(pt.Notes); n > maxNotes {
		rc.fail("notes", fmt.Errorf("is %d characters long; keep notes to %d and link to a document for more", n, maxNotes))
	}
	return rd, rc
}

// readSchedule reads start, end, launch_at and timezone. A wall-clock launch is read in the
// row's timezone or, when that is blank, in the one an earlier row of the campaign gave.
func (p *campaignParse) readSchedule(r row, rc *rowCheck, rd *campaignRead) {
	c := &rd.Campaign
	rd.datesOK = true
	for _, d := range []struct {
		name string
		day  *time.Time
	}{{"start", &c.Start}, {"end", &c.End}} {
		raw := r.value(d.name)
		if raw == "" {
			continue
		}
		v, err := ParseDate(raw)
		if err == nil && v.After(p.latest) {
			err = tooFarAhead(raw)
		}
		if err != nil {
			rc.fail(d.name, err)
			rd.datesOK = false
			continue
		}
		*d.day = v
	}

	loc, err := p.zone(r.value("timezone"))
	if err != nil {
		rc.fail("timezone", err)
		return // a launch time cannot be read without its zone; one error says it
	}
	if loc != nil {
		c.TimeZone = loc.String()
	} else if known := p.campaigns[c.ID]; known != nil {
		loc = known.loc
	}
	rd.loc = loc
	raw := r.value("launch_at")
	at, warning, err := ParseLaunchAt(raw, loc)
	switch {
	case errors.Is(err, ErrNoTimeZone):
		rc.fail("timezone", fmt.Errorf("is empty, but launch_at %q is a local time; add a timezone such as %s", raw, zoneExample))
	case err != nil:
		rc.fail("launch_at", err)
	case at.After(p.latest):
		rc.fail("launch_at", tooFarAhead(raw))
	default:
		c.LaunchAt = at
		if warning != "" {
			rd.warnings = append(rd.warnings, r.column("launch_at")+" "+warning)
		}
	}
}

func tooFarAhead(raw string) error {
	return fmt.Errorf("%q is more than %d years ahead; check the year", raw, maxYearsAhead)
}

// checkDateOrder wants end on or after start, taking a blank one from the campaign's
// earlier rows.
func checkDateOrder(rc *rowCheck, c rapport.Campaign, known *campaignSoFar) {
	start, end := c.Start, c.End
	startFrom, endFrom := "", ""
	if known != nil {
		if start.IsZero() && !known.c.Start.IsZero() {
			start, startFrom = known.c.Start, fmt.Sprintf(" on line %d", known.setBy["start"])
		}
		if end.IsZero() && !known.c.End.IsZero() {
			end, endFrom = known.c.End, fmt.Sprintf(" on line %d", known.setBy["end"])
		}
	}
	if start.IsZero() || end.IsZero() || !end.Before(start) || startFrom != "" && endFrom != "" {
		return
	}
	if endFrom == "" {
		rc.fail("end", fmt.Errorf("%s is before the start, %s%s", end.Format(time.DateOnly), start.Format(time.DateOnly), startFrom))
		return
	}
	rc.fail("start", fmt.Errorf("%s is after the end, %s%s", start.Format(time.DateOnly), end.Format(time.DateOnly), endFrom))
}

// campaignField is a campaign-level column: every row of a campaign that fills it must agree.
type campaignField struct {
	name string
	set  func(c rapport.Campaign) bool
	same func(a, b rapport.Campaign) bool
	show func(c rapport.Campaign, loc *time.Location) string
	take func(dst *rapport.Campaign, src rapport.Campaign)
}

var campaignFields = []campaignField{
	{
		name: "brand",
		set:  func(c rapport.Campaign) bool { return c.Brand != "" },
		same: func(a, b rapport.Campaign) bool { return strings.EqualFold(a.Brand, b.Brand) },
		show: func(c rapport.Campaign, _ *time.Location) string { return fmt.Sprintf("%q", c.Brand) },
		take: func(dst *rapport.Campaign, src rapport.Campaign) { dst.Brand = src.Brand },
	},
	{
		name: "start",
		set:  func(c rapport.Campaign) bool { return !c.Start.IsZero() },
		same: func(a, b rapport.Campaign) bool { return a.Start.Equal(b.Start) },
		show: func(c rapport.Campaign, _ *time.Location) string { return c.Start.Format(time.DateOnly) },
		take: func(dst *rapport.Campaign, src rapport.Campaign) { dst.Start = src.Start },
	},
	{
		name: "end",
		set:  func(c rapport.Campaign) bool { return !c.End.IsZero() },
		same: func(a, b rapport.Campaign) bool { return a.End.Equal(b.End) },
		show: func(c rapport.Campaign, _ *time.Location) string { return c.End.Format(time.DateOnly) },
		take: func(dst *rapport.Campaign, src rapport.Campaign) { dst.End = src.End },
	},
	{
		name: "launch_at",
		set:  func(c rapport.Campaign) bool { return !c.LaunchAt.IsZero() },
		same: func(a, b rapport.Campaign) bool { return a.LaunchAt.Equal(b.LaunchAt) },
		show: func(c rapport.Campaign, loc *time.Location) string {
			if loc == nil {
				return c.LaunchAt.Format("2006-01-02 15:04 MST")
			}
			return c.LaunchAt.In(loc).Format("2006-01-02 15:04") + " " + loc.String()
		},
		take: func(dst *rapport.Campaign, src rapport.Campaign) { dst.LaunchAt = src.LaunchAt },
	},
	{
		name: "timezone",
		set:  func(c rapport.Campaign) bool { return c.TimeZone != "" },
		same: func(a, b rapport.Campaign) bool { return a.TimeZone == b.TimeZone },
		show: func(c rapport.Campaign, _ *time.Location) string { return c.TimeZone },
		take: func(dst *rapport.Campaign, src rapport.Campaign) { dst.TimeZone = src.TimeZone },
	},
	{
		name: "markets",
		set:  func(c rapport.Campaign) bool { return len(c.Markets) > 0 },
		same: func(a, b rapport.Campaign) bool {
			return len(a.Markets) == len(b.Markets) && !slices.ContainsFunc(a.Markets, func(m string) bool {
				return !slices.Contains(b.Markets, m)
			})
		},
		show: func(c rapport.Campaign, _ *time.Location) string { return strings.Join(c.Markets, ";") },
		take: func(dst *rapport.Campaign, src rapport.Campaign) { dst.Markets = slices.Clone(src.Markets) },
	},
	{
		name: "channel",
		set:  func(c rapport.Campaign) bool { return c.Channel != "" },
		same: func(a, b rapport.Campaign) bool { return a.Channel == b.Channel },
		show: func(c rapport.Campaign, _ *time.Location) string { return c.Channel },
		take: func(dst *rapport.Campaign, src rapport.Campaign) { dst.Channel = src.Channel },
	},
	termsField("keywords", func(c *rapport.Campaign) *[]string { return &c.Keywords }),
	termsField("sensitive_topics", func(c *rapport.Campaign) *[]string { return &c.SensitiveTopics }),
}

// termsField is a campaign-level list of terms. Rows agree when they give the same terms
// in any order and case.
func termsField(name string, terms func(c *rapport.Campaign) *[]string) campaignField {
	return campaignField{
		name: name,
		set:  func(c rapport.Campaign) bool { return len(*terms(&c)) > 0 },
		same: func(a, b rapport.Campaign) bool {
			ta, tb := *terms(&a), *terms(&b)
			return len(ta) == len(tb) && !slices.ContainsFunc(ta, func(t string) bool { return !containsFold(tb, t) })
		},
		show: func(c rapport.Campaign, _ *time.Location) string {
			return fmt.Sprintf("%q", strings.Join(*terms(&c), "; "))
		},
		take: func(dst *rapport.Campaign, src rapport.Campaign) { *terms(dst) = slices.Clone(*terms(&src)) },
	}
}

// conflicts reports each campaign-level cell of c that disagrees with the campaign so far.
func (k *campaignSoFar) conflicts(rc *rowCheck, c rapport.Campaign, loc *time.Location) {
	for _, f := range campaignFields {
		if !f.set(c) || !f.set(k.c) || f.same(c, k.c) {
			continue
		}
		line := k.setBy[f.name]
		rc.errs = append(rc.errs, RowError{Line: rc.r.line, Column: rc.r.column(f.name), Reason: fmt.Sprintf(
			"is %s here but %s on line %d; every row of campaign %q must agree, so match line %d or leave the cell blank",
			f.show(c, loc), f.show(k.c, k.loc), line, k.c.Name, line)})
	}
}

// merge fills the campaign's blank columns from a good row.
func (k *campaignSoFar) merge(c rapport.Campaign, loc *time.Location, line int) {
	for _, f := range campaignFields {
		if f.set(c) && !f.set(k.c) {
			f.take(&k.c, c)
			k.setBy[f.name] = line
		}
	}
	if k.loc == nil && c.TimeZone != "" {
		k.loc = loc
	}
}

// finish warns about results given for campaigns that have not started, and about
// currencies dropped from spend.
func (p *campaignParse) finish() []string {
	var w warnings
	var early lineSample
	for _, k := range p.campaigns {
		if k.results.n > 0 && k.c.Upcoming(p.now) {
			early.merge(k.results)
		}
	}
	if n := early.n; n > 0 {
		w.add("%s %s give%s results for a campaign that has not started yet; check the dates (the results were imported as written)",
			wording.ForCount(n, "line", "lines"), early, wording.ForCount(n, "s", ""))
	}
	if len(p.currencies) > 0 {
		mixed := ""
		if len(p.currencies) > 1 {
			mixed = "; the file mixes currencies, so costs and CPE will compare unlike amounts"
		}
		w.add("spend on %s %s was written with %s, which was dropped: amounts are imported as written, not converted%s",
			wording.ForCount(p.currencyLines.n, "line", "lines"), p.currencyLines, strings.Join(p.currencies, ", "), mixed)
	}
	return w
}
