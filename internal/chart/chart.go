package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"time"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// ErrNoData says there is nothing to draw: no snapshot with a follower count or an
// engagement rate in the 36 months up to now.
var ErrNoData = errors.New("there are no metrics from the last 36 months to chart yet")

// Default picture size: sharp when Slack shows it full size, with type a little larger than
// a screen's 96 dpi so it stays legible in the smaller preview.
const (
	DefaultWidth  = 1200
	DefaultHeight = 800
	DefaultDPI    = 120
)

// Options sizes the picture. Zero fields take the defaults.
type Options struct {
	// Width and Height are the image size in pixels.
	Width, Height int
	// DPI is how many pixels an inch of type spans: raising it enlarges text, lines and
	// markers within the same image size. Zero picks DefaultDPI, or less for a picture too
	// small to hold the layout at that resolution.
	DPI int
}

// Bounds on Options: beyond them the picture is either unreadable or needlessly large.
const (
	minPixels = 400
	maxPixels = 4096
	minDPI    = 48
	maxDPI    = 600
	// minPoints is the smallest side, in typographic points, that leaves the two panels
	// room beside their titles, legend and labels.
	minPoints = 300
	// roomyPoints is the shorter side, in points, that the default resolution keeps when it
	// has to come down for a small picture.
	roomyPoints = 360
)

// resolve fills in the defaults and says which option is out of bounds.
func (o Options) resolve() (Options, error) {
	if o.Width == 0 {
		o.Width = DefaultWidth
	}
	if o.Height == 0 {
		o.Height = DefaultHeight
	}
	if o.DPI == 0 {
		o.DPI = max(minDPI, min(DefaultDPI, min(o.Width, o.Height)*72/roomyPoints))
	}
	for _, side := range []struct {
		name string
		px   int
	}{{"width", o.Width}, {"height", o.Height}} {
		if side.px < minPixels || side.px > maxPixels {
			return o, fmt.Errorf("chart: %s %d px is outside %d–%d px", side.name, side.px, minPixels, maxPixels)
		}
	}
	if o.DPI < minDPI || o.DPI > maxDPI {
		return o, fmt.Errorf("chart: %d dpi is outside %d–%d dpi", o.DPI, minDPI, maxDPI)
	}
	if w, h := o.points(); min(w, h) < minPoints {
		return o, fmt.Errorf("chart: %d×%d px at %d dpi leaves too little room for the text; lower the dpi or enlarge the picture",
			o.Width, o.Height, o.DPI)
	}
	return o, nil
}

// points is the picture's size in typographic points at its DPI.
func (o Options) points() (w, h vg.Length) {
	return vg.Length(o.Width) * vg.Inch / vg.Length(o.DPI), vg.Length(o.Height) * vg.Inch / vg.Length(o.DPI)
}

// TrendPNG draws name's last 36 months up to now as a PNG: each platform's monthly
// engagement rate per follower in the upper panel and its followers in the lower one, in
// one colour per platform, with gaps where a month has no figure. The figures are those of
// engagement.Analyze, so they match the profile card. name is the influencer as people
// know them; the heading adds what the chart shows. With no figure in the window it
// returns ErrNoData.
func TrendPNG(name string, snaps []rapport.Snapshot, now time.Time, opts Options) ([]byte, error) {
	pic, err := drawPicture(name, snaps, now, opts)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, pic.img); err != nil {
		return nil, fmt.Errorf("chart: encoding the picture: %w", err)
	}
	return buf.Bytes(), nil
}

// picture is a drawn chart before encoding, with the pixel rectangles where the two
// panels' data landed.
type picture struct {
	img           image.Image
	er, followers image.Rectangle
}

func drawPicture(name string, snaps []rapport.Snapshot, now time.Time, opts Options) (pic picture, err error) {
	opts, err = opts.resolve()
	if err != nil {
		return pic, err
	}
	tr := buildTrend(snaps, now)
	if len(tr.lines) == 0 {
		return pic, ErrNoData
	}
	// gonum/plot reports some impossible layouts by panicking; a chart is never worth a
	// crashed bot.
	defer func() {
		if r := recover(); r != nil {
			pic, err = picture{}, fmt.Errorf("chart: drawing failed: %v", r)
		}
	}()
	img := image.NewRGBA(image.Rect(0, 0, opts.Width, opts.Height))
	cv := vgimg.NewWith(vgimg.UseImage(img), vgimg.UseDPI(opts.DPI))
	areas, err := drawTrend(draw.New(cv), tr, name)
	if err != nil {
		return pic, err
	}
	// vg measures in points from the bottom left; images count pixels from the top left.
	toPixels := func(r vg.Rectangle) image.Rectangle {
		scale := float64(opts.DPI) / float64(vg.Inch)
		px := func(l vg.Length) int { return int(math.Round(float64(l) * scale)) }
		return image.Rect(px(r.Min.X), opts.Height-px(r.Max.Y), px(r.Max.X), opts.Height-px(r.Min.Y))
	}
	return picture{img: cv.Image(), er: toPixels(areas[0]), followers: toPixels(areas[1])}, nil
}
