package questions

import (
	"slices"
	"testing"
)

func TestPrefilterWords(t *testing.T) {
	cases := []struct {
		patterns []string
		want     []string // nil: no prefilter
	}{
		{[]string{"trust us"}, []string{"trust us"}},
		{[]string{"we'?ll handle it"}, []string{"we'll handle it", "well handle it"}},
		{[]string{"(early )?termination fees?"}, []string{"early termination fee", "termination fee"}},
		{[]string{"hands[- ]?off"}, []string{"hands-off", "hands off", "handsoff"}},
		{[]string{"Runbooks?"}, []string{"runbook"}},
		{[]string{`\bwe\b`}, nil},        // starts with an assertion: no shortcut
		{[]string{".*stack"}, nil},       // starts with anything
		{[]string{"a", "trust us"}, nil}, // one word too short to filter by
	}
	for _, tc := range cases {
		got := prefilter(tc.patterns)
		if tc.want == nil {
			if got != nil {
				t.Errorf("%q: got %q, want no prefilter", tc.patterns, got)
			}
			continue
		}
		for _, w := range tc.want {
			if !slices.Contains(got, w) && !slices.ContainsFunc(got, func(p string) bool { return len(p) <= len(w) && w[:len(p)] == p }) {
				t.Errorf("%q: got %q, which lets %q through by no word", tc.patterns, got, w)
			}
		}
	}
}
