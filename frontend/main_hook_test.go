package frontend_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/gin-gonic/gin"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.ReleaseMode)
	if chromiumPath() == "" {
		fmt.Fprintln(os.Stderr, "note: the browser tests are skipped: no Chromium binary (apt-get install chromium; .ci/run does)")
	}
	os.Exit(m.Run())
}
