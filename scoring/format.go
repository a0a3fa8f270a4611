package scoring

import "fmt"

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
