package scoring

import (
	"fmt"
	"strings"
)

// FormatScore is how every surface writes a score (0-100, or 0-4 for an
// answer): one decimal, and "–" when there is none. The pages, the PDF and the
// spreadsheets all use it, so a number reads the same everywhere.
func FormatScore(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f", *v)
}

// FormatShare writes a share (0-1) as a whole percentage: "85 %".
func FormatShare(v float64) string { return fmt.Sprintf("%.0f %%", 100*v) }

// DimensionLabel is a dimension's name as every surface writes it: marked
// "(risk)" when a higher score is worse, unless the name says so already
// ("Dependency risk", not "Dependency risk (risk)").
func DimensionLabel(name string, higherIsWorse bool) string {
	if higherIsWorse && !strings.Contains(strings.ToLower(name), "risk") {
		return name + " (risk)"
	}
	return name
}
