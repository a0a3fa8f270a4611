// Package store keeps mspeval's data in SQLite (the embedded default) or PostgreSQL,
// through gorm. Row types with gorm tags live here and are converted to the domain
// types of package mspeval; nothing outside this package sees gorm.
//
// Every method that touches workspace data takes an mspeval.Caller and puts the
// caller's workspace into its WHERE clause, so an object of another workspace is
// simply not found.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"

	"mspeval"
	"mspeval/questions"
)

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Options tune a store; the zero value is usable.
type Options struct {
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// ReadConns is the size of SQLite's read pool (default 4).
	ReadConns int
	// MaxConns is the size of PostgreSQL's write pool (default 10); its reads
	// have a pool of their own, of ReadConns (default 10), so that reads never
	// queue behind writes.
	MaxConns int
	// OnQuery, when set, is told the SQL of every SELECT either pool runs: tests
	// count the reads a page or a route makes.
	OnQuery func(sql string)
	// SessionIdle ends a session unused for that long (default
	// DefaultSessionIdle); SessionMax ends any session that long after sign-in
	// (default DefaultSessionMax).
	SessionIdle, SessionMax time.Duration
}

// Store is the database. With SQLite it holds two pools: a single writer
// connection (SQLite takes one writer at a time, and one connection makes the
// queue explicit rather than a busy error) and a pool of readers. With PostgreSQL
// both point to the same pool.
type Store struct {
	dialect string
	// path is the SQLite file ("" on PostgreSQL).
	path string
	// group commits autosaves together on SQLite (groupcommit.go).
	group *committer
	// scoringCache keeps what comparisons read (scoringcache.go).
	scoringCache scoringCache
	w, r         *gorm.DB
	// lookup is a small read pool of its own for the questionnaire lookup
	// (questionnaires.go), and published caches what it read.
	lookup    *gorm.DB
	published publishedCache
	now       func() time.Time
	catalog   *questions.Catalog
	// sessionIdle and sessionMax: see Options.
	sessionIdle, sessionMax time.Duration
}

// Open connects to dsn: a postgres:// or postgresql:// URL, otherwise a SQLite file
// path (optionally prefixed with sqlite: or file:). It does not migrate.
func Open(ctx context.Context, dsn string, catalog *questions.Catalog, opts Options) (*Store, error) {
	s := &Store{now: opts.Now,
		sessionIdle: orDefault(opts.SessionIdle, DefaultSessionIdle), sessionMax: orDefault(opts.SessionMax, DefaultSessionMax)}
	// Answers, scores and reports find a workspace's own versions through the
	// same catalog as the built-ins.
	s.catalog = catalog.WithLookup(s.publishedVersion)
	if s.now == nil {
		s.now = time.Now
	}
	cfg := &gorm.Config{
		Logger:                 logger.Discard,
		TranslateError:         true,
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return s.clock() },
	}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s.dialect = Postgres
		s.w, err = gorm.Open(postgres.Open(dsn), cfg)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		sqlDB, _ := s.w.DB()
		sqlDB.SetMaxOpenConns(orDefault(opts.MaxConns, 10))
		sqlDB.SetMaxIdleConns(orDefault(opts.MaxConns, 10))
		sqlDB.SetConnMaxLifetime(30 * time.Minute)
		s.r, err = gorm.Open(postgres.Open(dsn), cfg)
		if err != nil {
			return nil, fmt.Errorf("open postgres for reading: %w", err)
		}
		rdb, _ := s.r.DB()
		rdb.SetMaxOpenConns(orDefault(opts.ReadConns, 10))
		rdb.SetMaxIdleConns(orDefault(opts.ReadConns, 10))
		rdb.SetConnMaxLifetime(30 * time.Minute)
	} else {
		s.dialect = SQLite
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "file:")
		if path == "" {
			return nil, errors.New("open sqlite: empty database path")
		}
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		s.path = path
		// Statements are prepared once per connection and kept (pgx does this
		// by itself on PostgreSQL).
		wcfg := *cfg
		wcfg.PrepareStmt = true
		s.w, err = gorm.Open(sqlite.Open(sqliteDSN(path, false)), &wcfg)
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		wdb, _ := s.w.DB()
		wdb.SetMaxOpenConns(1)
		wdb.SetMaxIdleConns(1)
		wdb.SetConnMaxLifetime(0)
		// The writer must exist first: it creates the file and switches it to WAL.
		if err := wdb.PingContext(ctx); err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		s.r, err = gorm.Open(sqlite.Open(sqliteDSN(path, true)), cfg)
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s for reading: %w", path, err)
		}
		rdb, _ := s.r.DB()
		rdb.SetMaxOpenConns(orDefault(opts.ReadConns, 4))
		rdb.SetMaxIdleConns(orDefault(opts.ReadConns, 4))
	}
	if err := s.openLookup(dsn, cfg); err != nil {
		s.Close()
		return nil, err
	}
	if opts.OnQuery != nil {
		for _, db := range []*gorm.DB{s.w, s.r} {
			tell := func(tx *gorm.DB) { opts.OnQuery(tx.Statement.SQL.String()) }
			// Row covers the reads that scan rows by hand (Raw(...).Rows()).
			if err := errors.Join(
				db.Callback().Query().After("gorm:query").Register("mspeval:on_query", tell),
				db.Callback().Row().After("gorm:row").Register("mspeval:on_row", tell),
			); err != nil {
				return nil, err
			}
		}
	}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if s.dialect == SQLite {
		s.startCommitter()
	}
	return s, nil
}

// sqliteDSN sets the pragmas on every connection of a pool: WAL so readers do not
// wait for the writer, a busy timeout instead of immediate SQLITE_BUSY, BEGIN
// IMMEDIATE so a write transaction takes its lock up front (no deadlock on upgrade),
// foreign keys, which SQLite leaves off by default, and synchronous=FULL: every
// commit reaches the disk (an fsync of the WAL) before it is acknowledged, so a
// power cut or an OS crash cannot take back a save the respondent was told was
// kept.
func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "on")
	q.Set("_synchronous", "FULL")
	if readOnly {
		q.Set("_query_only", "true")
		q.Set("_txlock", "deferred")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

func orDefault[T int | time.Duration](n, def T) T {
	if n > 0 {
		return n
	}
	return def
}

// Dialect returns SQLite or Postgres.
func (s *Store) Dialect() string { return s.dialect }

// Catalog returns the questionnaires the store validates answers against.
func (s *Store) Catalog() *questions.Catalog { return s.catalog }

// Ping checks that both pools answer.
func (s *Store) Ping(ctx context.Context) error {
	for _, g := range []*gorm.DB{s.w, s.r} {
		db, err := g.DB()
		if err != nil {
			return err
		}
		if err := db.PingContext(ctx); err != nil {
			return &mspeval.Error{Code: mspeval.EUNAVAILABLE, Message: "the database does not answer", Err: err}
		}
	}
	return nil
}

// Close closes both pools.
func (s *Store) Close() error {
	s.stopCommitter()
	var errs []error
	seen := map[*sql.DB]bool{}
	for _, g := range []*gorm.DB{s.w, s.r, s.lookup} {
		if g == nil {
			continue
		}
		if db, err := g.DB(); err == nil && !seen[db] {
			seen[db] = true
			errs = append(errs, db.Close())
		}
	}
	return errors.Join(errs...)
}

// clock returns the current time in UTC at microsecond precision, the finest
// PostgreSQL keeps, so that both databases give back what was written.
func (s *Store) clock() time.Time {
	return s.now().UTC().Truncate(time.Microsecond)
}

// write runs fn in a write transaction.
func (s *Store) write(ctx context.Context, fn func(tx *gorm.DB) error) error {
	err := s.w.WithContext(ctx).Transaction(fn)
	return translate(err)
}

// forUpdate locks the rows a query in a write transaction reads, on PostgreSQL,
// so that a check and the update it allows cannot interleave with another
// request's. SQLite needs no lock: its write transactions run one at a time.
func (s *Store) forUpdate(tx *gorm.DB) *gorm.DB {
	if s.dialect == Postgres {
		return tx.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return tx
}

// snapshot runs fn in one read transaction, so that every statement in it sees
// the same moment: read-only REPEATABLE READ on PostgreSQL (its default, READ
// COMMITTED, lets each statement see later commits), a read transaction on
// SQLite (which holds one WAL snapshot from its first read to its end).
func (s *Store) snapshot(ctx context.Context, fn func(tx *gorm.DB) error) error {
	var opts []*sql.TxOptions
	if s.dialect == Postgres {
		opts = append(opts, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	}
	return translate(s.read(ctx).Transaction(fn, opts...))
}

// snapshotValue is snapshot for a read that returns a value.
func snapshotValue[T any](s *Store, ctx context.Context, fn func(db *gorm.DB) (T, error)) (T, error) {
	var out T
	err := s.snapshot(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = fn(tx)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// read returns the read pool bound to ctx.
func (s *Store) read(ctx context.Context) *gorm.DB {
	return s.r.WithContext(ctx)
}

// translate turns database errors into domain errors; unknown ones become EINTERNAL.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var e *mspeval.Error
	switch {
	case errors.As(err, &e):
		return e
	case errors.Is(err, gorm.ErrRecordNotFound):
		return mspeval.NotFound("object")
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return &mspeval.Error{Code: mspeval.ECONFLICT, Message: "that already exists", Err: err}
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return &mspeval.Error{Code: mspeval.ECONFLICT, Message: "what this belongs to was deleted meanwhile", Err: err}
	case damaged(err):
		return &mspeval.Error{Code: mspeval.EUNAVAILABLE, Err: err, Reported: true,
			Message: "the database file is damaged; the operator must restore it from a backup"}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &mspeval.Error{Code: mspeval.EUNAVAILABLE, Message: "the request was cancelled or timed out", Err: err}
	}
	return mspeval.Internal(err)
}
