package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"testing"
	"time"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
	"mspeval/store/storetest"
)

// linkFixture writes an evaluation with n candidates, a respondent link each,
// into a new SQLite file at dsn, before any service opens it. It returns the
// candidates, the links' secrets and the owner, and the questionnaire's text
// questions.
type linkFixture struct {
	Owner      mspeval.Caller
	Candidates []string
	Secrets    []string
	TextKeys   []string
}

func newLinkFixture(tb testing.TB, dsn string, n int) linkFixture {
	tb.Helper()
	ctx := context.Background()
	s := storetest.Open(tb, dsn, nil)
	defer s.Close()
	var f linkFixture
	f.Owner = storetest.Account(tb, s, "owner@example.com", "Acme", mspeval.RoleOwner)
	ev, err := s.CreateEvaluation(ctx, f.Owner, store.EvaluationInput{Name: "E", QuestionnaireKey: "partner-selection"})
	if err != nil {
		tb.Fatal(err)
	}
	q, _ := s.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
	for _, qq := range q.Questions() {
		if qq.Type == questions.TypeText {
			f.TextKeys = append(f.TextKeys, qq.Key)
		}
	}
	for i := 0; i < n; i++ {
		c, err := s.CreateCandidate(ctx, f.Owner, ev.ID, store.CandidateInput{Name: fmt.Sprintf("MSP %03d", i)})
		if err != nil {
			tb.Fatal(err)
		}
		_, secret, err := s.CreateInvitation(ctx, f.Owner, c.ID, nil)
		if err != nil {
			tb.Fatal(err)
		}
		f.Candidates, f.Secrets = append(f.Candidates, c.ID), append(f.Secrets, secret)
	}
	return f
}

// freeAddr is a local address nothing listens on now.
func freeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startService starts cmd, a service that will listen on addr, and waits
// until it is ready. It returns the service's base URL and what it writes to
// standard error; the process is killed when the test ends, if it still runs.
func startService(tb testing.TB, cmd *exec.Cmd, addr string) (string, *bytes.Buffer) {
	tb.Helper()
	logs := &bytes.Buffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	base := "http://" + addr
	for i := 0; ; i++ {
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return base, logs
			}
		}
		if i > 400 {
			tb.Fatalf("the service did not start: %s", logs.String())
		}
		time.Sleep(25 * time.Millisecond)
	}
}
