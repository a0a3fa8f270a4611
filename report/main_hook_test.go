package report

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

func TestMain(m *testing.M) {
	for _, tool := range []string{"pdftotext", "qpdf"} {
		if _, err := exec.LookPath(tool); err != nil {
			fmt.Fprintf(os.Stderr, "note: the PDF checks that need %s are skipped (apt-get install poppler-utils qpdf; .ci/run does)\n", tool)
		}
	}
	os.Exit(m.Run())
}
