// Package storetest opens fresh, migrated databases for tests: a SQLite file in a
// temporary folder, and, when MSPEVAL_TEST_POSTGRES names a server, a PostgreSQL
// schema of its own that is dropped when the test ends.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the driver behind gorm's postgres dialect
	_ "github.com/mattn/go-sqlite3"    // the driver behind gorm's sqlite dialect

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
)

// PostgresEnv names the variable that holds the test server's URL, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const PostgresEnv = "MSPEVAL_TEST_POSTGRES"

// Dialects returns the dialects the tests run on: always SQLite, and PostgreSQL
// when PostgresEnv is set.
func Dialects() []string {
	if os.Getenv(PostgresEnv) != "" {
		return []string{store.SQLite, store.Postgres}
	}
	return []string{store.SQLite}
}

// Each runs fn as a subtest on every dialect, each with a fresh database. When
// PostgreSQL is not configured it says so once per test, so a skipped half is
// never silent.
func Each(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	if os.Getenv(PostgresEnv) == "" {
		t.Logf("PostgreSQL half skipped: set %s (as .ci/run does) to run it", PostgresEnv)
	}
	for _, d := range Dialects() {
		t.Run(d, func(t *testing.T) { fn(t, DSN(t, d)) })
	}
}

// DSN returns the address of a fresh, empty database of the dialect.
func DSN(t testing.TB, dialect string) string {
	t.Helper()
	if dialect == store.SQLite {
		return filepath.Join(t.TempDir(), "mspeval.db")
	}
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("PostgreSQL test skipped: set %s to a server URL to run it", PostgresEnv)
	}
	schema := "t_" + strings.ToLower(mspeval.NewID(time.Now()))
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open returns a migrated store on dsn with the built-in questionnaires, closed
// when the test ends.
func Open(t testing.TB, dsn string, now func() time.Time) *store.Store {
	t.Helper()
	return OpenWith(t, dsn, store.Options{Now: now})
}

// OpenWith is Open with the store's options, e.g. to count its queries.
func OpenWith(t testing.TB, dsn string, opts store.Options) *store.Store {
	t.Helper()
	catalog, err := questions.Builtin()
	if err != nil {
		t.Fatalf("built-in questionnaires: %v", err)
	}
	s, err := store.Open(context.Background(), dsn, catalog, opts)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if err := s.SyncQuestionnaires(context.Background()); err != nil {
		t.Fatalf("sync questionnaires: %v", err)
	}
	return s
}

// Account creates a user with a role in a workspace and returns its caller.
func Account(t testing.TB, s *store.Store, email, workspace string, role mspeval.Role) mspeval.Caller {
	t.Helper()
	u, ws, err := s.CreateAccount(context.Background(), store.NewAccount{
		Email: email, Name: strings.Split(email, "@")[0], Password: Password, Workspace: workspace, Role: role,
	})
	if err != nil {
		t.Fatalf("create account %s: %v", email, err)
	}
	return mspeval.Caller{UserID: u.ID, Email: u.Email, Name: u.Name, WorkspaceID: ws.ID, Role: role}
}

// Password is every test account's password.
const Password = "correct horse battery"

// Exec runs one SQL statement on dsn over a connection of its own, for tests
// that must put a database into a state the store never makes.
func Exec(t testing.TB, dsn, statement string) {
	t.Helper()
	db := rawDB(t, dsn)
	defer db.Close()
	if _, err := db.Exec(statement); err != nil {
		t.Fatalf("exec %q: %v", statement, err)
	}
}

// rawDB opens dsn with database/sql, beside the store's pools.
func rawDB(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	driver := "pgx"
	if !strings.HasPrefix(dsn, "postgres") {
		driver, dsn = "sqlite3", "file:"+dsn
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", driver, err)
	}
	return db
}

// CompleteAnswers answers every required question of q, each with its first
// option (or the scale's top, or a sentence), enough to submit.
func CompleteAnswers(q *questions.Questionnaire) map[string]*questions.Answer {
	text := func(s string) *string { return &s }
	out := map[string]*questions.Answer{}
	for _, qq := range q.Questions() {
		if !qq.Required {
			continue
		}
		a := &questions.Answer{}
		switch qq.Type {
		case questions.TypeText:
			a.Text = text("Your team keeps the runbooks; we add to them.")
		case questions.TypeSingleChoice, questions.TypeYesNo:
			a.Choice = text(qq.Options[0].Key)
		case questions.TypeMultipleChoice:
			a.Choices = []string{qq.Options[0].Key}
		case questions.TypeScale:
			top := qq.Scale.Max
			a.Scale = &top
		}
		if qq.Text != nil {
			a.Text = text("We document in your wiki, and name an owner and a backup owner.")
		}
		out[qq.Key] = a
	}
	return out
}

// Main runs a package's tests and says first which of them cannot run on this
// machine, so that a skipped half shows in the output of a plain "go test".
func Main(m *testing.M) {
	if os.Getenv(PostgresEnv) == "" {
		fmt.Fprintf(os.Stderr, "note: the PostgreSQL tests are skipped: set %s to a server URL to run them "+
			"(e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable; .ci/run does)\n", PostgresEnv)
	}
	os.Exit(m.Run())
}

// OutboxPayload returns the payload of the newest outbox message of a topic,
// read over a connection of its own.
func OutboxPayload(t testing.TB, dsn, topic string) []byte {
	t.Helper()
	db := rawDB(t, dsn)
	defer db.Close()
	var payload string
	q := "SELECT payload FROM outbox WHERE topic = $1 ORDER BY created_at DESC, id DESC LIMIT 1"
	if err := db.QueryRow(q, topic).Scan(&payload); err != nil {
		t.Fatalf("outbox payload of %s: %v", topic, err)
	}
	return []byte(payload)
}

// QueryRow runs one query on dsn over a connection of its own and scans its
// row into dest.
func QueryRow(t testing.TB, dsn, query string, dest ...any) {
	t.Helper()
	db := rawDB(t, dsn)
	defer db.Close()
	if err := db.QueryRow(query).Scan(dest...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
