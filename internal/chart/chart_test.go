package chart

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

var update = flag.Bool("update", false, "rewrite testdata/trend.png")

// decode reads a PNG and checks its size.
func decode(t *testing.T, b []byte, w, h int) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if got := img.Bounds().Size(); got != image.Pt(w, h) {
		t.Fatalf("picture is %v px, want %dx%d", got, w, h)
	}
	return img
}

// pixels gives direct access to img's bytes.
func pixels(img image.Image) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok {
		return m
	}
	m := image.NewRGBA(img.Bounds())
	draw.Draw(m, m.Bounds(), img, img.Bounds().Min, draw.Src)
	return m
}

// hasColours reports whether img holds at least n distinct colours; a blank picture has one.
func hasColours(img image.Image, n int) bool {
	m := pixels(img)
	seen := map[[4]uint8]bool{}
	for i := 0; i+4 <= len(m.Pix); i += 4 {
		seen[[4]uint8(m.Pix[i:i+4])] = true
		if len(seen) >= n {
			return true
		}
	}
	return false
}

// countColour counts the pixels of exactly colour c inside r.
func countColour(img image.Image, c color.RGBA, r image.Rectangle) int {
	m := pixels(img)
	want := [4]uint8{c.R, c.G, c.B, c.A}
	n := 0
	r = r.Intersect(m.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := m.PixOffset(x, y)
			if [4]uint8(m.Pix[i:i+4]) == want {
				n++
			}
		}
	}
	return n
}

// monthColumn is the strip of a panel's data area around month position i.
func monthColumn(area image.Rectangle, i, months int) image.Rectangle {
	x := area.Min.X + int((float64(i)+0.5)/float64(months)*float64(area.Dx()))
	return image.Rect(x-2, area.Min.Y, x+3, area.Max.Y)
}

// The Okabe–Ito colours the fixture's platforms keep on every chart.
var (
	instagramPurple = color.RGBA{0xCC, 0x79, 0xA7, 0xFF}
	tiktokGreen     = color.RGBA{0x00, 0x9E, 0x73, 0xFF}
	youtubeRed      = color.RGBA{0xD5, 0x5E, 0x00, 0xFF}
	xBlack          = color.RGBA{0x00, 0x00, 0x00, 0xFF}
)

func TestTrendPNGDrawsEverySeries(t *testing.T) {
	snaps := avaMoreau()
	for _, tc := range []struct {
		opts Options
		w, h int
	}{
		{Options{}, 1200, 800},
		{Options{Width: 800, Height: 600}, 800, 600},
		{Options{Width: 1600, Height: 1000, DPI: 200}, 1600, 1000},
	} {
		t.Run(fmt.Sprintf("%dx%d", tc.w, tc.h), func(t *testing.T) {
			b, err := TrendPNG("Ava Moreau", snaps, fixtureNow, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			img := decode(t, b, tc.w, tc.h)
			if !hasColours(img, 200) {
				t.Error("fewer than 200 distinct colours: the picture is close to blank")
			}
			pic, err := drawPicture("Ava Moreau", snaps, fixtureNow, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if !pic.er.In(img.Bounds()) || !pic.followers.In(img.Bounds()) || pic.er.Max.Y > pic.followers.Min.Y {
				t.Fatalf("panels at %v and %v: want the rate panel above the followers panel", pic.er, pic.followers)
			}
			for _, s := range []struct {
				platform rapport.Platform
				colour   color.RGBA
				hasER    bool
			}{
				{rapport.Instagram, instagramPurple, true},
				{rapport.TikTok, tiktokGreen, true},
				{rapport.YouTube, youtubeRed, true},
				{rapport.X, xBlack, false}, // like counts unknown: followers only
			} {
				er, fol := countColour(img, s.colour, pic.er), countColour(img, s.colour, pic.followers)
				if fol < 50 {
					t.Errorf("%s: %d pixels of its colour in the followers panel, want its line", s.platform, fol)
				}
				if s.hasER && er < 50 {
					t.Errorf("%s: %d pixels of its colour in the rate panel, want its line", s.platform, er)
				}
				if !s.hasER && er > 0 {
					t.Errorf("%s: %d pixels of its colour in the rate panel, want none", s.platform, er)
				}
			}
			// Instagram hid its likes from June to August 2024 (positions 16–18): the rate
			// line breaks there while the follower line runs on.
			col := 17
			if n := countColour(img, instagramPurple, monthColumn(pic.er, col, 36)); n > 0 {
				t.Errorf("the Instagram rate line bridges the months of hidden likes (%d pixels)", n)
			}
			if n := countColour(img, instagramPurple, monthColumn(pic.followers, col, 36)); n == 0 {
				t.Error("the Instagram follower line stops where only the likes were hidden")
			}
		})
	}
}

func TestTrendPNGTextComesFromTheEmbeddedFonts(t *testing.T) {
	// gonum/plot draws with its compiled-in Liberation fonts; text on the picture proves
	// they loaded without any system font.
	pic, err := drawPicture("Ava Moreau", avaMoreau(), fixtureNow, Options{})
	if err != nil {
		t.Fatal(err)
	}
	heading := image.Rect(0, 0, pic.img.Bounds().Dx(), pic.er.Min.Y)
	if n := countColour(pic.img, inkColour, heading); n < 300 {
		t.Errorf("%d pixels of ink above the panels: heading and legend missing", n)
	}
}

func TestTrendPNGEdgeCases(t *testing.T) {
	end := func(y int, m time.Month) time.Time { return monthEnd(y, m) }
	months := func(p rapport.Platform, n int, fn func(i int) (followers, likes, comments float64)) []rapport.Snapshot {
		var out []rapport.Snapshot
		for i := range n {
			f, l, c := fn(i)
			out = append(out, snapshot(p, end(2025, time.Month(i+1)), f, l, c, -1))
		}
		return out
	}
	tests := []struct {
		name  string
		snaps []rapport.Snapshot
	}{
		{"one platform, one month", []rapport.Snapshot{snapshot(rapport.TikTok, end(2025, time.June), 5000, 400, 20, 10)}},
		{"followers known, no engagement", months(rapport.X, 12, func(i int) (float64, float64, float64) {
			return 9000 + float64(i), -1, -1
		})},
		{"Instagram likes hidden every month", months(rapport.Instagram, 12, func(i int) (float64, float64, float64) {
			return 20000, 0, 150
		})},
		{"engagement of exactly zero", months(rapport.Facebook, 12, func(i int) (float64, float64, float64) {
			return 1000, 0, 0
		})},
		{"a zero follower count keeps the axis linear", append(
			months(rapport.Threads, 6, func(i int) (float64, float64, float64) { return float64(i * 40), 3, 1 }),
			months(rapport.YouTube, 6, func(i int) (float64, float64, float64) { return 2e6, 3e4, 1e3 })...)},
		{"huge numbers", months(rapport.YouTube, 12, func(i int) (float64, float64, float64) {
			return 3e9 + 1e8*float64(i), 4e7, 1e6
		})},
		{"tiny numbers", months(rapport.Snapchat, 12, func(i int) (float64, float64, float64) {
			return float64(3 + i%3), float64(i % 2), 0
		})},
		{"tiny rates", months(rapport.Pinterest, 12, func(i int) (float64, float64, float64) {
			return 8e8, 1 + float64(i%4), 0
		})},
		{"a platform Rapport does not know", months(rapport.Platform("mastodon"), 12, func(i int) (float64, float64, float64) {
			return 700, 35, 6
		})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := TrendPNG("Test Creator", tc.snaps, fixtureNow, Options{Width: 720, Height: 480})
			if err != nil {
				t.Fatal(err)
			}
			if !hasColours(decode(t, b, 720, 480), 100) {
				t.Error("fewer than 100 distinct colours: the picture is close to blank")
			}
		})
	}
}

func TestTrendPNGWithoutData(t *testing.T) {
	old := snapshot(rapport.Instagram, monthEnd(2022, time.December), 1000, 50, 5, -1)
	future := snapshot(rapport.Instagram, monthEnd(2026, time.January), 1000, 50, 5, -1)
	blank := snapshot(rapport.Instagram, monthEnd(2025, time.March), -1, -1, -1, -1)
	for name, snaps := range map[string][]rapport.Snapshot{
		"no snapshots":                         nil,
		"only before the 36 months":            {old},
		"only periods that have not ended":     {future},
		"only snapshots with every cell blank": {blank},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := TrendPNG("Ava Moreau", snaps, fixtureNow, Options{})
			if !errors.Is(err, ErrNoData) || b != nil {
				t.Errorf("TrendPNG = %d bytes, %v; want ErrNoData", len(b), err)
			}
		})
	}
}

func TestOptions(t *testing.T) {
	tests := []struct {
		name    string
		in      Options
		want    Options
		wantErr bool
	}{
		{"defaults", Options{}, Options{Width: 1200, Height: 800, DPI: 120}, false},
		{"a small picture lowers the default resolution", Options{Width: 640, Height: 420}, Options{Width: 640, Height: 420, DPI: 84}, false},
		{"a chosen resolution stays", Options{Width: 2400, Height: 1600, DPI: 240}, Options{Width: 2400, Height: 1600, DPI: 240}, false},
		{"too narrow", Options{Width: 200}, Options{}, true},
		{"too tall", Options{Height: 5000}, Options{}, true},
		{"negative", Options{Width: -1}, Options{}, true},
		{"resolution out of range", Options{DPI: 1000}, Options{}, true},
		{"too small for the resolution", Options{Width: 500, Height: 400, DPI: 200}, Options{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.in.resolve()
			if tc.wantErr {
				if err == nil {
					t.Errorf("resolve(%+v) = %+v, want an error", tc.in, got)
				}
				if _, err := TrendPNG("Ava Moreau", avaMoreau(), fixtureNow, tc.in); err == nil {
					t.Error("TrendPNG accepted the options")
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("resolve(%+v) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestTrendPNGConcurrently(t *testing.T) {
	snaps := avaMoreau()
	for i := range 4 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			if _, err := TrendPNG("Ava Moreau", snaps, fixtureNow, Options{Width: 600 + 100*i, Height: 500}); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestWriteGolden writes the fixture's chart for a person to look at. Tests never compare
// its pixels: fonts and anti-aliasing may shift a pixel between library versions.
func TestWriteGolden(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite testdata/trend.png")
	}
	b, err := TrendPNG("Ava Moreau", avaMoreau(), fixtureNow, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", "trend.png"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote testdata/trend.png, %d KB", len(b)/1024)
}
