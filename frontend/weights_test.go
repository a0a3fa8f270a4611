package frontend

import (
	"slices"
	"testing"
)

// Whole shares always add up to 100, so the labels beside the sliders do too.
func TestWholeSharesAddUpTo100(t *testing.T) {
	for _, tc := range []struct {
		name   string
		shares []float64
		want   []int
	}{
		{"ExactSharesStay", []float64{40, 30, 30}, []int{40, 30, 30}},
		{"ThirdsGiveTheLeftoverPointToTheFirst", []float64{100.0 / 3, 100.0 / 3, 100.0 / 3}, []int{34, 33, 33}},
		{"TheLargestRemainderGetsThePoint", []float64{12.4, 12.7, 74.9}, []int{12, 13, 75}},
		{"OneDimensionTakesAll", []float64{0, 100, 0}, []int{0, 100, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := make([]weightInput, len(tc.shares))
			for i, s := range tc.shares {
				ws[i].Share = s
			}
			var got []int
			for _, w := range withWholeShares(ws) {
				got = append(got, w.Whole)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("whole shares of %v: got %v, want %v", tc.shares, got, tc.want)
			}
		})
	}
}
