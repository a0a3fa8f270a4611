package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mspeval"
	"mspeval/demo"
	"mspeval/store/storetest"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestServeWithDemoBootsOnAnyPort(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "demo.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg, err := loadConfig(newFlagSet(), []string{"--db", dsn, "--addr", "127.0.0.1:0"}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	app, err := NewApp(ctx, cfg, newLogger(io.Discard, "error"))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	res, err := demo.Load(ctx, app.Store, time.Now())
	if err != nil {
		t.Fatalf("demo: %v", err)
	}
	if !res.Created || res.DraftLink == "" {
		t.Errorf("demo result: got %+v, want a new workspace and a draft link", res)
	}
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	base := "http://" + app.Addr()

	resp, err := http.Post(base+"/api/v1/session", "application/json",
		strings.NewReader(fmt.Sprintf(`{"email":%q,"password":%q}`, demo.Email, demo.Password)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("demo sign-in: got %d, want 201", resp.StatusCode)
	}
	req, _ := http.NewRequest("GET", base+"/api/v1/evaluations/"+res.EvaluationID+"/candidates", nil)
	for _, c := range resp.Cookies() {
		req.AddCookie(c)
	}
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Items []struct {
			Name     string
			Response struct{ Status string }
		}
	}
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	submitted := 0
	for _, c := range list.Items {
		if c.Response.Status == "submitted" {
			submitted++
		}
	}
	if len(list.Items) != 3 || submitted != 2 {
		t.Errorf("demo candidates: got %d with %d submitted, want 3 with 2 submitted", len(list.Items), submitted)
	}
	resp, err = http.Get(base + "/api/v1/respond/" + res.DraftLink)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the demo's draft link: got %d, want 200", resp.StatusCode)
	}

	// Loading the demo again changes nothing but makes a fresh link.
	again, err := demo.Load(ctx, app.Store, time.Now())
	if err != nil || again.Created || again.DraftLink == res.DraftLink {
		t.Errorf("second demo load: got %+v, %v", again, err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("shutdown: %v", err)
	}
}

func TestServeRefusesPendingMigrationsWhenToldNotToMigrate(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "empty.db")
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"serve", "--db", dsn, "--addr", "127.0.0.1:0", "--migrate=false"}, env(nil), nil, io.Discard, &stderr)
	if err == nil || !strings.Contains(err.Error(), "mspeval migrate") {
		t.Fatalf("serve on an unmigrated database with --migrate=false: got %v, want a refusal naming \"mspeval migrate\"", err)
	}
	var tables int
	storetest.QueryRow(t, dsn, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", &tables)
	if tables != 0 {
		t.Errorf("the refusal left %d tables in the fresh database", tables)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "--db", dsn}, env(nil), nil, &out, io.Discard); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	var latest int
	if _, err := fmt.Sscanf(out.String(), "schema migrated from version 0 to %d", &latest); err != nil || latest < 1 {
		t.Fatalf("migrate said %q", out.String())
	}
	out.Reset()
	run(context.Background(), []string{"migrate", "--status", "--db", dsn}, env(nil), nil, &out, io.Discard)
	if !strings.Contains(out.String(), fmt.Sprintf("schema version %d; this binary knows %d", latest, latest)) {
		t.Errorf("migrate --status said %q", out.String())
	}
}

func TestServeRefusesANewerDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		s := storetest.Open(t, dsn, nil)
		// A newer binary would have recorded a higher version.
		s.Close()
		storetest.Exec(t, dsn, "INSERT INTO goose_db_version (version_id, is_applied) VALUES (999, true)")
		_, err := openStore(context.Background(), Config{DB: dsn}, true)
		if err == nil || !strings.Contains(err.Error(), "newer than this binary") {
			t.Errorf("got %v, want a refusal of the newer database", err)
		}
	})
}

func TestUserCreateReadsPasswordFromStdin(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "users.db")
	var out bytes.Buffer
	err := run(context.Background(), []string{"user", "create", "--db", dsn, "--email", "Dana@Example.com", "--workspace", "Acme IT", "--role", "owner"},
		env(nil), strings.NewReader("a long enough password\n"), &out, io.Discard)
	if err != nil {
		t.Fatalf("user create: %v", err)
	}
	if !strings.Contains(out.String(), "dana@example.com") || !strings.Contains(out.String(), `"Acme IT"`) {
		t.Errorf("user create said %q", out.String())
	}
	s := storetest.Open(t, dsn, nil)
	if _, _, err := s.SignIn(context.Background(), "dana@example.com", "a long enough password", "", "127.0.0.1", "test"); err != nil {
		t.Errorf("the new account cannot sign in: %v", err)
	}
	err = run(context.Background(), []string{"user", "create", "--db", dsn, "--email", "x@example.com", "--workspace", "Acme IT"},
		env(nil), strings.NewReader("short\n"), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--password") {
		t.Errorf("a short password: got %v, want an error naming --password", err)
	}
}

func TestConfigFromEnvironmentAndFlagsMasksSecrets(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"config", "--addr", ":9090"},
		env(map[string]string{"MSPEVAL_DB": "postgres://app:hunter2@db:5432/mspeval", "MSPEVAL_ADDR": ":7070", "MSPEVAL_TRUSTED_PROXIES": "10.0.0.0/8"}),
		nil, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{":9090", "xxxxx", "10.0.0.0/8", "http://localhost:9090"} {
		if !strings.Contains(got, want) {
			t.Errorf("config output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "hunter2") {
		t.Errorf("config output shows the database password:\n%s", got)
	}
	if err := run(context.Background(), []string{"config"}, env(map[string]string{"MSPEVAL_TRUSTED_PROXIES": "not-an-ip"}), nil, io.Discard, io.Discard); err == nil {
		t.Error("a malformed proxy address was accepted")
	}
}

func newFlagSet() *flag.FlagSet { return flag.NewFlagSet("test", flag.ContinueOnError) }

func TestExportWritesEachFormat(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "export.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"demo", "--db", dsn}, env(nil), nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	s := storetest.Open(t, dsn, nil)
	_, c, err := s.SignIn(context.Background(), demo.Email, demo.Password, "", "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	evs, _, err := s.ListEvaluations(context.Background(), c, mspeval.Page{})
	if err != nil || len(evs) != 1 {
		t.Fatalf("evaluations: %v %v", evs, err)
	}
	s.Close()
	for format, magic := range map[string]string{"pdf": "%PDF-", "csv": "rank,candidate", "summary-csv": "rank,candidate", "xlsx": "PK"} {
		file := filepath.Join(t.TempDir(), "out."+format)
		if err := run(context.Background(), []string{"export", "--db", dsn, "--evaluation", evs[0].ID, "--format", format, "-o", file}, env(nil), nil, io.Discard, io.Discard); err != nil {
			t.Fatalf("export %s: %v", format, err)
		}
		b, err := os.ReadFile(file)
		if err != nil || !bytes.HasPrefix(b, []byte(magic)) {
			t.Errorf("export %s: file starts %.10q, want %q (%v)", format, b, magic, err)
		}
	}
	err = run(context.Background(), []string{"export", "--db", dsn, "--evaluation", "nope", "--format", "pdf", "-o", "x"}, env(nil), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("an unknown evaluation: got %v", err)
	}
}

func TestBackupCopiesTheDatabaseAndServeRefusesADamagedOne(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "live.db")
	if err := run(context.Background(), []string{"migrate", "--db", dsn}, env(nil), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "copy.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"backup", "--db", dsn, copyPath}, env(nil), nil, &out, io.Discard); err != nil {
		t.Fatalf("backup: %v", err)
	}
	out.Reset()
	run(context.Background(), []string{"migrate", "--status", "--db", copyPath}, env(nil), nil, &out, io.Discard)
	if !strings.Contains(out.String(), "schema version") || strings.Contains(out.String(), "version 0;") {
		t.Errorf("the copy's status: %q", out.String())
	}
	if err := run(context.Background(), []string{"backup", "--db", dsn, copyPath}, env(nil), nil, io.Discard, io.Discard); err == nil {
		t.Error("a backup over an existing file was not refused")
	}
	// Garbage over the second page (a table's b-tree): serve refuses to start.
	f, err := os.OpenFile(copyPath, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte(strings.Repeat("\xde\xad", 2048)), 4096)
	f.Close()
	err = run(context.Background(), []string{"serve", "--db", copyPath, "--addr", "127.0.0.1:0"}, env(nil), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("serve on a damaged file: got %v, want a refusal saying it is damaged", err)
	}
}
