package chart

import (
	"image/color"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// okabeIto is the Okabe–Ito palette, told apart by readers with any common colour-vision
// deficiency. Yellow comes last: it is the hardest to see on white.
var okabeIto = []color.RGBA{
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0x00, 0x00, 0x00, 0xFF}, // black
	{0xF0, 0xE4, 0x42, 0xFF}, // yellow
}

// platformColour is each known platform's own slot in okabeIto, close to its brand where the
// palette allows, so a platform keeps its colour from one influencer's chart to the next.
var platformColour = map[rapport.Platform]int{
	rapport.Facebook:  0,
	rapport.YouTube:   1,
	rapport.TikTok:    2,
	rapport.Instagram: 3,
	rapport.Twitch:    4,
	rapport.LinkedIn:  5,
	rapport.X:         6,
	rapport.Snapchat:  7,
}

// glyphs are the marker shapes, one per palette slot in turn, so lines stay apart in
// greyscale too.
var glyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, diamondGlyph{}}

// look is how one platform's lines and markers are drawn.
type look struct {
	colour color.RGBA
	glyph  draw.GlyphDrawer
	// dashed marks a second use of a colour, when a chart has more platforms than the
	// palette has colours.
	dashed bool
}

// assignLooks gives each platform, in order, its own colour when it has one and it is still
// free, otherwise the first free colour; past eight platforms colours repeat with dashed
// lines.
func assignLooks(ps []rapport.Platform) []look {
	out := make([]look, len(ps))
	used := make([]bool, len(okabeIto))
	slot := make([]int, len(ps))
	for i, p := range ps {
		slot[i] = -1
		if k, ok := platformColour[p]; ok && !used[k] {
			slot[i], used[k] = k, true
		}
	}
	for i := range ps {
		if slot[i] >= 0 {
			continue
		}
		for k := range used {
			if !used[k] {
				slot[i], used[k] = k, true
				break
			}
		}
	}
	reuse := 0
	for i := range ps {
		dashed := false
		if slot[i] < 0 {
			slot[i], dashed = reuse%len(okabeIto), true
			reuse++
		}
		out[i] = look{colour: okabeIto[slot[i]], glyph: glyphs[slot[i]%len(glyphs)], dashed: dashed}
	}
	return out
}

// diamondGlyph is a filled square standing on a corner.
type diamondGlyph struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (diamondGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius * 1.25
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Line(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X - r, Y: pt.Y})
	p.Close()
	c.Fill(p)
}
