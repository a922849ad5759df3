package chart

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// The chart's words.
const (
	headingSuffix      = "engagement and followers, last 36 months"
	erAxisLabel        = "ER / followers (%)"
	followersAxisLabel = "Followers"
	noERNote           = "No engagement rate in these months: likes or comments were not reported"
)

// footnote explains the rate and the gaps in one line.
var footnote = "ER = " + engagement.PerFollower.Explain() + "; gaps = no data"

// Colours of everything that is not data.
var (
	inkColour   = color.RGBA{0x20, 0x24, 0x2a, 0xFF}
	mutedColour = color.RGBA{0x5f, 0x66, 0x6d, 0xFF}
	axisColour  = color.RGBA{0xa8, 0xad, 0xb3, 0xFF}
	gridColour  = color.RGBA{0xe4, 0xe7, 0xeb, 0xFF}
)

// Type and line sizes, in points.
const (
	margin       = vg.Length(14)
	titleSize    = vg.Length(16)
	subtitleSize = vg.Length(10.5)
	legendSize   = vg.Length(11)
	labelSize    = vg.Length(11)
	tickSize     = vg.Length(9.5)
	footnoteSize = vg.Length(9)
	lineWidth    = vg.Length(1.6)
	markerRadius = vg.Length(2.6)
	legendSwatch = vg.Length(22)
	legendGap    = vg.Length(18)
	panelGap     = vg.Length(12)
)

func sansFont(weight xfont.Weight, style xfont.Style) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Weight: weight, Style: style}
}

func textStyle(f font.Font, size vg.Length, c color.Color) text.Style {
	return text.Style{Color: c, Font: font.From(f, size), Handler: plot.DefaultTextHandler}
}

var (
	regular = sansFont(xfont.WeightNormal, xfont.StyleNormal)
	bold    = sansFont(xfont.WeightBold, xfont.StyleNormal)
	italic  = sansFont(xfont.WeightNormal, xfont.StyleItalic)
)

// drawTrend lays the figure out on c, top to bottom: heading, date range, legend, the two
// panels sharing the time axis, footnote. It returns where the panels' data went, upper
// panel first.
func drawTrend(c draw.Canvas, tr trend, name string) ([2]vg.Rectangle, error) {
	var areas [2]vg.Rectangle
	looks := assignLooks(platformsOf(tr.lines))
	c = draw.Crop(c, margin, -margin, margin, -margin)
	left, width := c.Min.X, c.Max.X-c.Min.X
	top := c.Max.Y

	heading := textStyle(bold, titleSize, inkColour)
	heading.YAlign = draw.YTop
	top = drawLine(c, heading, left, top, fitText(heading, headingText(name), width)) - 3

	sub := textStyle(regular, subtitleSize, mutedColour)
	sub.YAlign = draw.YTop
	last := tr.first.AddDate(0, tr.months-1, 0)
	top = drawLine(c, sub, left, top, fmt.Sprintf("Monthly, %s – %s", tr.first.Format(monthLabel), last.Format(monthLabel))) - 10

	top = drawLegend(c, tr.lines, looks, left, top, width) - 6

	note := textStyle(italic, footnoteSize, mutedColour)
	note.YAlign = draw.YBottom
	c.FillText(note, vg.Point{X: left, Y: c.Min.Y}, fitText(note, footnote, width))
	bottom := c.Min.Y + note.Height(footnote) + 8

	area := c
	area.Min.Y, area.Max.Y = bottom, top
	// The axis titles stand in one column at the left edge, so they line up however wide
	// each panel's tick labels are; plot.Align then lines the panels' data areas up.
	yTitle := textStyle(regular, labelSize, inkColour)
	yTitle.Rotation = math.Pi / 2
	yTitle.XAlign, yTitle.YAlign = draw.XCenter, draw.YTop
	area.Min.X += yTitle.Height(erAxisLabel) + 6

	tick := textStyle(regular, tickSize, inkColour)
	var widest vg.Length
	for i := range tr.months {
		widest = max(widest, tick.Width(tr.first.AddDate(0, i, 0).Format(monthLabel)))
	}
	// The data area is most of the width; the axis titles and tick labels take the rest.
	every := monthLabelEvery(width*0.85, widest, tr.months)
	months := monthTicks(tr.first, tr.months, every)
	// Each panel gets about half the area; a tick label needs some room around it.
	panelHeight := (area.Max.Y - area.Min.Y - panelGap) / 2
	labels := max(2, min(6, int(panelHeight/(tick.Height("0")*3.2))))
	labelGap := float64(tick.Height("0") * 2.2 / panelHeight)

	er, err := erPanel(tr, looks, unlabelled(months), labels)
	if err != nil {
		return areas, err
	}
	fol, folTitle, err := followersPanel(tr, looks, months, labels, labelGap)
	if err != nil {
		return areas, err
	}
	plots := []*plot.Plot{er, fol}
	titles := []string{erAxisLabel, folTitle}
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadY: panelGap}
	for i, row := range plot.Align([][]*plot.Plot{{er}, {fol}}, tiles, area) {
		plots[i].Draw(row[0])
		data := plots[i].DataCanvas(row[0])
		mid := (data.Min.Y + data.Max.Y) / 2
		c.FillText(yTitle, vg.Point{X: left, Y: mid}, fitText(yTitle, titles[i], data.Max.Y-data.Min.Y))
		areas[i] = data.Rectangle
	}
	return areas, nil
}

// headingText names the influencer and what the chart shows.
func headingText(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return "Engagement and followers, last 36 months"
	}
	return name + " — " + headingSuffix
}

// drawLine writes one line of text whose top is at y and returns the y below it.
func drawLine(c draw.Canvas, sty text.Style, x, y vg.Length, s string) vg.Length {
	c.FillText(sty, vg.Point{X: x, Y: y}, s)
	return y - sty.Height(s)
}

// fitText shortens s with an ellipsis until it fits in width.
func fitText(sty text.Style, s string, width vg.Length) string {
	if sty.Width(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && sty.Width(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

func platformsOf(lines []platformLine) []rapport.Platform {
	out := make([]rapport.Platform, len(lines))
	for i, l := range lines {
		out[i] = l.platform
	}
	return out
}

// legendName is the platform's name, saying so when the chart has only its followers.
func legendName(l platformLine) string {
	if !l.hasER() {
		return l.platform.Title() + " (followers only)"
	}
	return l.platform.Title()
}

// drawLegend writes one entry per platform, a line with its marker and its name, in rows
// that wrap at width, and returns the y below the last row.
func drawLegend(c draw.Canvas, lines []platformLine, looks []look, left, top, width vg.Length) vg.Length {
	sty := textStyle(regular, legendSize, inkColour)
	sty.YAlign = draw.YCenter
	pad := sty.Width(" ")
	names := make([]string, len(lines))
	widths := make([]vg.Length, len(lines))
	for i, l := range lines {
		names[i] = legendName(l)
		widths[i] = legendSwatch + pad + sty.Width(names[i])
	}
	rowHeight := sty.Height("Mg") * 1.35
	y := top - rowHeight/2
	for _, row := range legendRows(widths, legendGap, width) {
		x := left
		for _, i := range row {
			lk := looks[i]
			c.StrokeLine2(lineStyle(lk), x, y, x+legendSwatch, y)
			c.DrawGlyphNoClip(glyphStyle(lk), vg.Point{X: x + legendSwatch/2, Y: y})
			c.FillText(sty, vg.Point{X: x + legendSwatch + pad, Y: y}, names[i])
			x += widths[i] + legendGap
		}
		y -= rowHeight
	}
	return y + rowHeight/2
}

// legendRows packs entries of the given widths, in order, into rows no wider than width
// with gap between neighbours. An entry wider than a row gets a row of its own.
func legendRows(widths []vg.Length, gap, width vg.Length) [][]int {
	var rows [][]int
	var row []int
	var used vg.Length
	for i, w := range widths {
		if len(row) > 0 && used+gap+w > width {
			rows = append(rows, row)
			row, used = nil, 0
		}
		if len(row) > 0 {
			used += gap
		}
		row = append(row, i)
		used += w
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

func lineStyle(lk look) draw.LineStyle {
	sty := draw.LineStyle{Color: lk.colour, Width: lineWidth}
	if lk.dashed {
		sty.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	return sty
}

func glyphStyle(lk look) draw.GlyphStyle {
	return draw.GlyphStyle{Color: lk.colour, Radius: markerRadius, Shape: lk.glyph}
}

// newPanel is a plot with the chart's type, colours and grid over the window's months.
func newPanel(tr trend, months []plot.Tick) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Padding = 0
		ax.LineStyle = draw.LineStyle{Color: axisColour, Width: vg.Points(0.8)}
		ax.Tick.LineStyle = draw.LineStyle{Color: axisColour, Width: vg.Points(0.8)}
		ax.Tick.Label = textStyle(regular, tickSize, inkColour)
	}
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
	p.X.Tick.Length = vg.Points(5)
	p.Y.Tick.Length = 0
	p.X.Min, p.X.Max = -0.5, float64(tr.months)-0.5
	p.X.Tick.Marker = plot.ConstantTicks(months)
	grid := plotter.NewGrid()
	grid.Vertical = draw.LineStyle{Color: gridColour, Width: vg.Points(0.8)}
	grid.Horizontal = grid.Vertical
	p.Add(grid)
	return p
}

// erPanel is the upper panel: rates in percent on a linear axis from zero, with about as
// many tick labels as labels says.
func erPanel(tr trend, looks []look, months []plot.Tick, labels int) (*plot.Plot, error) {
	p := newPanel(tr, months)
	// The dates are on the lower panel; here the ticks only carry the grid.
	p.X.Tick.Label.Font.Size = 0.5
	get := func(l platformLine) []plotter.XYs { return l.er }
	_, hi, ok := valueRange(tr.lines, get)
	s := niceLinear(0, hi, labels-1, 0)
	ticks := s.ticks(percentTickLabel)
	if !ok {
		// A scale with nothing on it would only invite a misreading.
		ticks = unlabelled(ticks)
		sty := textStyle(italic, labelSize, mutedColour)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
		p.Add(panelNote{text: noERNote, style: sty})
	}
	if err := addLines(p, tr.lines, looks, get); err != nil {
		return nil, err
	}
	p.Y.Min, p.Y.Max = s.min, s.max
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	return p, nil
}

// followersPanel is the lower panel: follower counts, on a logarithmic axis when the
// accounts differ too much in size for one linear axis to show them all. A linear axis gets
// about as many tick labels as labels says; a logarithmic one keeps its labels at least
// labelGap of its length apart. It returns the axis title, which says when the scale is logarithmic.
func followersPanel(tr trend, looks []look, months []plot.Tick, labels int, labelGap float64) (*plot.Plot, string, error) {
	p := newPanel(tr, months)
	get := func(l platformLine) []plotter.XYs { return l.followers }
	if err := addLines(p, tr.lines, looks, get); err != nil {
		return nil, "", err
	}
	lo, hi, _ := valueRange(tr.lines, get)
	title := followersAxisLabel
	if useLogScale(lo, hi) {
		s := niceLog(lo, hi, labelGap)
		p.Y.Scale = plot.LogScale{}
		p.Y.Min, p.Y.Max = s.min, s.max
		p.Y.Tick.Marker = plot.ConstantTicks(s.ticks)
		title += " (log scale)"
	} else {
		s := niceLinear(lo, hi, labels-1, 1)
		p.Y.Min, p.Y.Max = s.min, s.max
		p.Y.Tick.Marker = plot.ConstantTicks(s.ticks(followersTickLabel))
	}
	return p, title, nil
}

// addLines draws each platform's segments and markers, the first platform last so the
// largest audience sits on top.
func addLines(p *plot.Plot, lines []platformLine, looks []look, get func(platformLine) []plotter.XYs) error {
	for i, l := range slices.Backward(lines) {
		segs := get(l)
		var all plotter.XYs
		for _, seg := range segs {
			all = append(all, seg...)
			if len(seg) < 2 {
				continue
			}
			ln, err := plotter.NewLine(seg)
			if err != nil {
				return fmt.Errorf("chart: %s: %w", l.platform.Title(), err)
			}
			ln.LineStyle = lineStyle(looks[i])
			p.Add(ln)
		}
		if len(all) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(all)
		if err != nil {
			return fmt.Errorf("chart: %s: %w", l.platform.Title(), err)
		}
		sc.GlyphStyle = glyphStyle(looks[i])
		p.Add(sc)
	}
	return nil
}

// panelNote writes a sentence in the middle of a panel that has nothing to plot.
type panelNote struct {
	text  string
	style text.Style
}

// Plot implements plot.Plotter.
func (n panelNote) Plot(c draw.Canvas, _ *plot.Plot) {
	c.FillText(n.style, c.Center(), n.text)
}
