package report

import (
	"os"
	"testing"
)

func TestWriteSamplesForLooking(t *testing.T) {
	dir := os.Getenv("MSPEVAL_REPORT_SAMPLES")
	if dir == "" {
		t.Skip("set MSPEVAL_REPORT_SAMPLES to a folder to write sample reports there")
	}
	for name, d := range map[string]*Data{"demo": demoData(t), "many": manyData(t, 30, 10000)} {
		f, err := os.Create(dir + "/" + name + ".pdf")
		if err != nil {
			t.Fatal(err)
		}
		if err := ComparisonPDF(f, d); err != nil {
			t.Fatal(err)
		}
		f.Close()
		f, _ = os.Create(dir + "/" + name + "-first.pdf")
		if err := CandidatePDF(f, d, d.Result.Candidates[0].ID); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
}
