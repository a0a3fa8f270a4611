package report

import (
	"bytes"
	"fmt"
	"testing"
)

// BenchmarkComparisonPDF renders the comparison of 10, 30 and 200 candidates and
// reports the document's size.
func BenchmarkComparisonPDF(b *testing.B) {
	for _, n := range []int{10, 30, 200} {
		b.Run(fmt.Sprintf("%dCandidates", n), func(b *testing.B) {
			d := manyData(b, n, 2000)
			var size int
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var buf bytes.Buffer
				if err := ComparisonPDF(&buf, d); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(size)/1024, "KiB")
		})
	}
}
