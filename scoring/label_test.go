package scoring_test

import (
	"testing"

	"mspeval/scoring"
)

func TestDimensionLabelSaysRiskOnce(t *testing.T) {
	for _, tc := range []struct {
		name string
		risk bool
		want string
	}{
		{"Dependency risk", true, "Dependency risk"},
		{"Lock-in", true, "Lock-in (risk)"},
		{"Fit", false, "Fit"},
		{"RISK exposure", true, "RISK exposure"},
	} {
		if got := scoring.DimensionLabel(tc.name, tc.risk); got != tc.want {
			t.Errorf("DimensionLabel(%q, %v) = %q, want %q", tc.name, tc.risk, got, tc.want)
		}
	}
}
