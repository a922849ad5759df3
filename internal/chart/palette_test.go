package chart

import (
	"image/color"
	"slices"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestAssignLooks(t *testing.T) {
	var (
		blue      = okabeIto[0]
		vermilion = okabeIto[1]
		green     = okabeIto[2]
		purple    = okabeIto[3]
		black     = okabeIto[6]
	)
	tests := []struct {
		name   string
		in     []rapport.Platform
		want   []color.RGBA
		dashed []bool
	}{
		{"each known platform has its own colour", []rapport.Platform{rapport.YouTube, rapport.TikTok, rapport.Instagram, rapport.X},
			[]color.RGBA{vermilion, green, purple, black}, nil},
		{"the colour does not depend on the order", []rapport.Platform{rapport.X, rapport.Instagram},
			[]color.RGBA{black, purple}, nil},
		{"other platforms take the first free colour", []rapport.Platform{rapport.Pinterest, rapport.Facebook, rapport.Threads},
			[]color.RGBA{vermilion, blue, green}, nil},
		{"past eight platforms colours repeat, dashed", []rapport.Platform{
			rapport.Facebook, rapport.YouTube, rapport.TikTok, rapport.Instagram, rapport.Twitch,
			rapport.LinkedIn, rapport.X, rapport.Snapchat, rapport.Pinterest, rapport.Threads,
		}, append(slices.Clone(okabeIto), blue, vermilion),
			[]bool{false, false, false, false, false, false, false, false, true, true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			looks := assignLooks(tc.in)
			for i, lk := range looks {
				if lk.colour != tc.want[i] {
					t.Errorf("%s: colour %v, want %v", tc.in[i], lk.colour, tc.want[i])
				}
				if want := tc.dashed != nil && tc.dashed[i]; lk.dashed != want {
					t.Errorf("%s: dashed %v, want %v", tc.in[i], lk.dashed, want)
				}
				if lk.glyph == nil {
					t.Errorf("%s: no marker", tc.in[i])
				}
			}
		})
	}
}

func TestLegendRows(t *testing.T) {
	tests := []struct {
		name   string
		widths []vg.Length
		width  vg.Length
		want   [][]int
	}{
		{"one row", []vg.Length{50, 50, 50}, 200, [][]int{{0, 1, 2}}},
		{"gaps count", []vg.Length{50, 50, 50}, 189, [][]int{{0, 1}, {2}}},
		{"exactly full", []vg.Length{50, 50, 50}, 190, [][]int{{0, 1, 2}}},
		{"an entry wider than a row stands alone", []vg.Length{30, 300, 30}, 100, [][]int{{0}, {1}, {2}}},
		{"nothing", nil, 100, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := legendRows(tc.widths, 20, tc.width)
			if !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Errorf("legendRows = %v, want %v", got, tc.want)
			}
		})
	}
}
