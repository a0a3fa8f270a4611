package report

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteSamplesForLooking writes the reports to a folder, to be looked at
// as procurement would: the demo, thirty candidates with a long answer, and
// nine candidates with long names.
func TestWriteSamplesForLooking(t *testing.T) {
	dir := os.Getenv("MSPEVAL_REPORT_SAMPLES")
	if dir == "" {
		t.Skip("set MSPEVAL_REPORT_SAMPLES to a folder to write sample reports there")
	}
	long := manyData(t, 9, 3000)
	for i := range long.Result.Candidates {
		long.Result.Candidates[i].Name = fmt.Sprintf("%d Northern Lights Managed Infrastructure, Security and Cloud Services Holding GmbH & Co. KG", i+1)
	}
	for name, d := range map[string]*Data{"demo": withExtras(demoData(t)), "many": withExtras(manyData(t, 30, 10000)), "long": withExtras(long)} {
		write := func(file string, render func(*os.File) error) {
			f, err := os.Create(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := render(f); err != nil {
				t.Fatal(err)
			}
		}
		write(name+".pdf", func(f *os.File) error { return ComparisonPDF(f, d) })
		write(name+"-first.pdf", func(f *os.File) error { return CandidatePDF(f, d, d.Result.Candidates[0].ID) })
		write(name+".xlsx", func(f *os.File) error { return XLSX(f, d) })
	}
}
