package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"mspeval/store/storetest"
)

// TestKill9LosesNoAcknowledgedSave runs the service as a process of its own
// on a SQLite file, has several respondents save their answers one after
// another, kills the process with SIGKILL mid-way, and checks on the file that
// every save the service acknowledged is there and the file is sound.
func TestKill9LosesNoAcknowledgedSave(t *testing.T) {
	if testing.Short() {
		t.Skip("kill -9 test skipped in -short mode: it starts the service as a separate process")
	}
	ctx := context.Background()
	dir := t.TempDir()
	dsn := filepath.Join(dir, "crash.db")
	const respondents, total = 6, 1000

	// The fixture: respondents with a link each, written before the service starts.
	f := newLinkFixture(t, dsn, respondents)
	key, owner := f.TextKeys[0], f.Owner
	type respondent struct {
		candidate, secret string
		acked             atomic.Int64 // the highest save number acknowledged
	}
	rs := make([]*respondent, respondents)
	for i := range rs {
		rs[i] = &respondent{candidate: f.Candidates[i], secret: f.Secrets[i]}
	}

	addr := freeAddr(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+strings.Join([]string{"--db", dsn, "--addr", addr, "--log-level", "error"}, "\t"))
	base, _ := startService(t, cmd, addr)

	var sent atomic.Int64
	killAt := int64(total / 2)
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 5 * time.Second}
	for _, r := range rs {
		wg.Add(1)
		go func(r *respondent) {
			defer wg.Done()
			for n := int64(1); sent.Add(1) <= total; n++ {
				text := fmt.Sprintf("save %d of %s", n, r.candidate)
				body, _ := json.Marshal(map[string]any{"answers": map[string]any{key: map[string]string{"text": text}}})
				req, _ := http.NewRequest("PUT", base+"/api/v1/respond/"+r.secret+"/answers", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				res, err := client.Do(req)
				if err != nil {
					return // the service is gone
				}
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					t.Errorf("save %d: status %d", n, res.StatusCode)
					return
				}
				r.acked.Store(n)
			}
		}(r)
	}
	for sent.Load() < killAt {
		time.Sleep(time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	wg.Wait()

	var integrity string
	storetest.QueryRow(t, dsn, "PRAGMA integrity_check", &integrity)
	if integrity != "ok" {
		t.Fatalf("integrity_check after kill -9: %s", integrity)
	}
	s := storetest.Open(t, dsn, nil)
	acked := 0
	for _, r := range rs {
		want := r.acked.Load()
		acked += int(want)
		set, err := s.GetAnswers(ctx, owner, r.candidate)
		if err != nil {
			t.Fatal(err)
		}
		if want == 0 {
			continue
		}
		a, ok := set.Answers[key]
		var got int64
		if ok && a.Text != nil {
			fmt.Sscanf(*a.Text, "save %d of", &got)
		}
		// The save in flight at the kill may have been kept without its
		// acknowledgement; an acknowledged one must never be missing.
		if got < want || got > want+1 {
			t.Errorf("%s: acknowledged save %d, the file holds save %d", r.candidate, want, got)
		}
	}
	if acked < int(killAt)/2 {
		t.Errorf("only %d saves were acknowledged before the kill", acked)
	}
	t.Logf("%d saves acknowledged before kill -9; all present, integrity_check ok", acked)
}
