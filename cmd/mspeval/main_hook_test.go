package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"mspeval/store/storetest"
)

// crashChildEnv makes the test binary run "mspeval serve" with the arguments
// in it (tab-separated) instead of the tests: the kill -9 test starts the
// service as a process of its own, to kill it.
const crashChildEnv = "MSPEVAL_TEST_SERVE_ARGS"

func TestMain(m *testing.M) {
	gin.SetMode(gin.ReleaseMode)
	if args := os.Getenv(crashChildEnv); args != "" {
		err := run(context.Background(), append([]string{"serve"}, strings.Split(args, "\t")...), os.Getenv, os.Stdin, os.Stdout, os.Stderr)
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
	storetest.Main(m)
}
