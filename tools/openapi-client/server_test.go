package openapiclient_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The demo account that `mspeval serve --demo` creates (package demo).
const (
	demoEmail    = "demo@example.com"
	demoPassword = "demo-password-2027"
)

// service is the real mspeval, started once for every test of this package.
var service struct {
	baseURL string
	// respondentToken is the demo's open respondent link, as the service
	// printed it.
	respondentToken string
}

// TestMain builds the mspeval binary from this repository and runs
// `mspeval serve --demo` on a free loopback port with a fresh SQLite file, as a
// person following the README would, for the tests to call.
func TestMain(m *testing.M) {
	code, err := runWithService(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "openapi-client:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func runWithService(m *testing.M) (int, error) {
	root, err := repoRoot()
	if err != nil {
		return 0, err
	}
	tmp, err := os.MkdirTemp("", "mspeval-openapi-client-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)

	bin := filepath.Join(tmp, "mspeval")
	build := exec.Command("go", "build", "-o", bin, "./cmd/mspeval")
	build.Dir = root
	// The first build compiles SQLite (cgo) for minutes and prints nothing.
	fmt.Fprintln(os.Stderr, "openapi-client: building mspeval from", root)
	if out, err := build.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("go build ./cmd/mspeval: %v\n%s", err, out)
	}

	stdout, err := os.Create(filepath.Join(tmp, "stdout"))
	if err != nil {
		return 0, err
	}
	defer stdout.Close()
	stderr, err := os.Create(filepath.Join(tmp, "stderr"))
	if err != nil {
		return 0, err
	}
	defer stderr.Close()
	srv := exec.Command(bin, "serve", "--demo", "--addr", "127.0.0.1:0", "--log-level", "info",
		"--db", filepath.Join(tmp, "mspeval.db"))
	srv.Dir = tmp
	srv.Env = withoutServiceSettings(os.Environ())
	srv.Stdout, srv.Stderr = stdout, stderr
	if err := srv.Start(); err != nil {
		return 0, err
	}
	var waitErr error
	exited := make(chan struct{})
	go func() { waitErr = srv.Wait(); close(exited) }()
	defer stop(srv, exited)

	addr, err := waitServing(stderr.Name(), exited, &waitErr, 2*time.Minute)
	if err != nil {
		return 0, err
	}
	service.baseURL = "http://" + addr
	printed, err := os.ReadFile(stdout.Name())
	if err != nil {
		return 0, err
	}
	// "(the same token on the API: curl http://…/api/v1/respond/TOKEN)"
	match := regexp.MustCompile(`/api/v1/respond/([^\s)]+)\)`).FindSubmatch(printed)
	if match == nil {
		return 0, fmt.Errorf("serve --demo printed no respondent link:\n%s", printed)
	}
	service.respondentToken = string(match[1])
	return m.Run(), nil
}

// repoRoot is the mspeval checkout this module sits in, two folders up.
func repoRoot() (string, error) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return "", err
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || !bytes.HasPrefix(mod, []byte("module mspeval\n")) {
		return "", fmt.Errorf("%s is not the mspeval checkout (run the tests from tools/openapi-client)", root)
	}
	return root, nil
}

// withoutServiceSettings drops MSPEVAL_* variables: a developer's own
// database, mail server or address must not reach the service under test.
func withoutServiceSettings(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "MSPEVAL_") {
			out = append(out, kv)
		}
	}
	return out
}

// waitServing reads the service's JSON log until it says where it listens.
// exited closes when the process ends, with its error in waitErr.
func waitServing(logFile string, exited <-chan struct{}, waitErr *error, limit time.Duration) (string, error) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		log, err := os.ReadFile(logFile)
		if err != nil {
			return "", err
		}
		for _, line := range bytes.Split(log, []byte("\n")) {
			var entry struct {
				Msg  string `json:"msg"`
				Addr string `json:"addr"`
			}
			if json.Unmarshal(line, &entry) == nil && entry.Msg == "mspeval is serving" && entry.Addr != "" {
				return entry.Addr, nil
			}
		}
		select {
		case <-exited:
			return "", fmt.Errorf("mspeval serve stopped before serving (%v):\n%s", *waitErr, log)
		case <-time.After(100 * time.Millisecond):
		}
	}
	log, _ := os.ReadFile(logFile)
	return "", fmt.Errorf("mspeval serve did not start within %s:\n%s", limit, log)
}

// stop asks the service to shut down as Ctrl-C would, and kills it if it
// has not within 20 seconds.
func stop(srv *exec.Cmd, exited <-chan struct{}) {
	if err := srv.Process.Signal(os.Interrupt); err != nil && !errors.Is(err, os.ErrProcessDone) {
		_ = srv.Process.Kill()
	}
	select {
	case <-exited:
	case <-time.After(20 * time.Second):
		_ = srv.Process.Kill()
		<-exited
	}
}
