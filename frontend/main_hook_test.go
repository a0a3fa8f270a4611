package frontend_test

import (
	"fmt"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	if chromiumPath() == "" {
		fmt.Fprintln(os.Stderr, "note: the browser tests are skipped: no Chromium binary (apt-get install chromium; .ci/run does)")
	}
	os.Exit(m.Run())
}
