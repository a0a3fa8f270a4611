package scoring

import (
	"math"
	"testing"
)

// A what-if weight is a plain decimal number from 0 to 1000. Anything that
// parses to something else, or that only strconv would call a number (NaN,
// Inf, hexadecimal), is a problem naming the parameter, and the saved weight
// stays.
func TestWhatIfRefusesWeightsThatAreNotPlainNumbers(t *testing.T) {
	q := partnerSelection(t)
	saved := map[string]float64{"fit": 40, "flexibility": 30, "dependency_risk": 30}
	for _, v := range []string{"NaN", "nan", "+NaN", "Inf", "+Inf", "-Inf", "infinity", "-1", "-0.5", "1000.01", "1e308", "1e400",
		"0x10", "0x1p3", "1_0", "", " 5", "5 ", "5,5", "1e2x"} {
		t.Run(v, func(t *testing.T) {
			weights, changed, problems := WhatIf(q, saved, map[string]string{"fit": v})
			if changed || len(problems) != 1 || problems[0].Key != "fit" {
				t.Fatalf("fit=%q: got changed=%v problems=%+v, want one problem naming fit", v, changed, problems)
			}
			if w := weights["fit"]; w != 40 || math.IsNaN(w) {
				t.Errorf("fit=%q: weight got %v, want the saved 40", v, w)
			}
		})
	}
	for v, want := range map[string]float64{"0": 0, "10": 10, "12.5": 12.5, "1000": 1000, "1e2": 100, ".5": 0.5, "+7": 7} {
		weights, changed, problems := WhatIf(q, saved, map[string]string{"fit": v})
		if !changed || len(problems) != 0 || weights["fit"] != want {
			t.Errorf("fit=%q: got %v changed=%v problems=%+v, want %v", v, weights["fit"], changed, problems, want)
		}
	}
}
