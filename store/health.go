package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"

	"mspeval"
)

// QuickCheck runs SQLite's PRAGMA quick_check and reports a damaged file with
// what SQLite found. PostgreSQL checks its own pages; nothing is done there.
func (s *Store) QuickCheck(ctx context.Context) error {
	if s.dialect != SQLite {
		return nil
	}
	var problems []string
	if err := s.w.WithContext(ctx).Raw("PRAGMA quick_check").Scan(&problems).Error; err != nil {
		return fmt.Errorf("the database file is damaged or unreadable (%v): restore it from a backup (README, Operations)", err)
	}
	if len(problems) == 1 && problems[0] == "ok" {
		return nil
	}
	if len(problems) > 3 {
		problems = append(problems[:3], "…")
	}
	return fmt.Errorf("the database file is damaged (quick_check: %s): restore it from a backup (README, Operations)", strings.Join(problems, "; "))
}

// errRollback ends Ready's write transaction without keeping anything.
var errRollback = errors.New("rollback")

// Ready checks that the database answers and takes a write: a write
// transaction that updates a row to itself and rolls back. A full disk, a
// read-only file or a standby server fails it.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return err
	}
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("UPDATE goose_db_version SET is_applied = is_applied WHERE id = (SELECT MAX(id) FROM goose_db_version)").Error; err != nil {
			return err
		}
		return errRollback
	})
	if errors.Is(err, errRollback) {
		return nil
	}
	return &mspeval.Error{Code: mspeval.EUNAVAILABLE, Message: "the database does not take writes", Err: err}
}

// Backup writes a consistent copy of a SQLite database to path, while the
// service runs: VACUUM INTO reads one snapshot of the file on a connection of
// its own, so writers carry on. The file must not exist yet. PostgreSQL is
// backed up with its own tools (pg_dump).
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect != SQLite {
		return errors.New("backup copies SQLite databases; back PostgreSQL up with pg_dump (see the README)")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s exists already: choose a new file name", path)
	}
	db, err := sql.Open("sqlite3", "file:"+s.path+"?_busy_timeout=10000")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// damagedOnce logs a damaged database once per process, not once per request.
var damagedOnce sync.Once

// damaged reports whether err says the SQLite file is corrupt, and logs it once.
func damaged(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) || (se.Code != sqlite3.ErrCorrupt && se.Code != sqlite3.ErrNotADB) {
		return false
	}
	damagedOnce.Do(func() {
		slog.Error("the database file is damaged: restore it from a backup (README, Operations)", "err", err)
	})
	return true
}

// Pools returns the database pools by name ("write", "read"), for metrics.
func (s *Store) Pools() map[string]*sql.DB {
	out := map[string]*sql.DB{}
	if db, err := s.w.DB(); err == nil {
		out["write"] = db
	}
	if db, err := s.r.DB(); err == nil {
		out["read"] = db
	}
	return out
}

// OutboxDepth counts the messages waiting to be sent, for metrics.
func (s *Store) OutboxDepth(ctx context.Context) (int, error) {
	var n int64
	err := s.read(ctx).Table("outbox").Where("state IN ?", []string{"queued", "sending"}).Count(&n).Error
	return int(n), translate(err)
}
