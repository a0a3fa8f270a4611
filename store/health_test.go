package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
	"mspeval/store/storetest"
)

func TestReadyTakesAWriteAndKeepsNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		s := storetest.Open(t, dsn, nil)
		before, _ := s.MigrationStatus(context.Background())
		if err := s.Ready(context.Background()); err != nil {
			t.Fatalf("ready: %v", err)
		}
		after, _ := s.MigrationStatus(context.Background())
		if before != after {
			t.Errorf("readiness changed the schema state: %+v -> %+v", before, after)
		}
	})
}

// damage writes garbage over the b-tree page of a table in a closed SQLite file.
func damage(t *testing.T, path string, rootPage int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	junk := []byte(strings.Repeat("\xde\xad\xbe\xef", 1024))
	if _, err := f.WriteAt(junk, int64(rootPage-1)*4096); err != nil {
		t.Fatal(err)
	}
}

func TestADamagedFileIsRefusedAndReported(t *testing.T) {
	ctx := context.Background()
	path := storetest.DSN(t, store.SQLite)
	s := storetest.Open(t, path, nil)
	owner := storetest.Account(t, s, "owner@example.com", "Acme", mspeval.RoleOwner)
	ev, _ := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "E", QuestionnaireKey: "partner-selection"})
	for i := 0; i < 50; i++ {
		if _, err := s.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: fmt.Sprintf("MSP %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.QuickCheck(ctx); err != nil {
		t.Fatalf("a sound file: %v", err)
	}
	var root int
	storetest.QueryRow(t, path, "SELECT rootpage FROM sqlite_master WHERE name = 'candidates'", &root)
	s.Close() // the last connection checkpoints the WAL into the file
	damage(t, path, root)

	catalog, _ := questions.Builtin()
	s2, err := store.Open(ctx, path, catalog, store.Options{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer s2.Close()
	err = s2.QuickCheck(ctx)
	if err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("quick_check on a damaged file: %v", err)
	}
	// At run time, a read of the damaged table is 503 with a clear message,
	// marked as reported (logged once by the store).
	_, _, err = s2.ListCandidates(ctx, owner, ev.ID, mspeval.Page{})
	var e *mspeval.Error
	if mspeval.ErrorCode(err) != mspeval.EUNAVAILABLE || !strings.Contains(mspeval.ErrorMessage(err), "damaged") || mspeval.Unexpected(err) {
		t.Errorf("reading a damaged table: %v (%T %v)", err, err, e)
	}
}

func TestBackupIsAConsistentCopyWhileWriting(t *testing.T) {
	ctx := context.Background()
	path := storetest.DSN(t, store.SQLite)
	s := storetest.Open(t, path, nil)
	owner := storetest.Account(t, s, "owner@example.com", "Acme", mspeval.RoleOwner)
	ev, _ := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "E", QuestionnaireKey: "partner-selection"})
	stop := make(chan struct{})
	done := make(chan int)
	warm := make(chan struct{})
	go func() {
		n := 0
		for {
			if n == 20 {
				close(warm)
			}
			select {
			case <-stop:
				done <- n
				return
			default:
			}
			if _, err := s.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: fmt.Sprintf("MSP %d", n)}); err != nil {
				t.Error(err)
			}
			n++
		}
	}()
	<-warm
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	err := s.Backup(ctx, copyPath)
	close(stop)
	written := <-done
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, copyPath); err == nil {
		t.Error("a backup over an existing file was not refused")
	}
	catalog, _ := questions.Builtin()
	c, err := store.Open(ctx, copyPath, catalog, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.QuickCheck(ctx); err != nil {
		t.Fatalf("the copy: %v", err)
	}
	got, _, err := c.ListCandidates(ctx, owner, ev.ID, mspeval.Page{Limit: mspeval.MaxPageLimit})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 20 || len(got) > written {
		t.Errorf("the copy has %d candidates; at least the 20 written before it and at most the %d written in all", len(got), written)
	}
	t.Logf("backup taken while %d candidates were written; the copy holds %d", written, len(got))
}
