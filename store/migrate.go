package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationsFS embed.FS

// MigrationState says where the database stands against the migrations this binary carries.
type MigrationState struct {
	Current int64 // the version the database is at (0: empty)
	Latest  int64 // the newest version this binary knows
}

// Pending reports whether migrations are waiting to be applied.
func (m MigrationState) Pending() bool { return m.Current < m.Latest }

// Newer reports whether the database was migrated by a newer binary.
func (m MigrationState) Newer() bool { return m.Current > m.Latest }

func (s *Store) migrator() (*goose.Provider, error) {
	sub, err := fs.Sub(migrationsFS, "migrations/"+s.dialect)
	if err != nil {
		return nil, err
	}
	db, err := s.w.DB()
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if s.dialect == Postgres {
		dialect = goose.DialectPostgres
		// Several instances may start at once; a session lock lets one migrate.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, db, sub, opts...)
}

// MigrationStatus reads the database's version without changing anything.
func (s *Store) MigrationStatus(ctx context.Context) (MigrationState, error) {
	p, err := s.migrator()
	if err != nil {
		return MigrationState{}, err
	}
	// goose creates its table when asked for the version; a status read must
	// leave a fresh database as it is.
	var current int64
	if s.w.WithContext(ctx).Migrator().HasTable("goose_db_version") {
		if current, err = p.GetDBVersion(ctx); err != nil {
			return MigrationState{}, fmt.Errorf("read schema version: %w", err)
		}
	}
	srcs := p.ListSources()
	var latest int64
	if len(srcs) > 0 {
		latest = srcs[len(srcs)-1].Version
	}
	return MigrationState{Current: current, Latest: latest}, nil
}

// Migrate applies pending migrations. It refuses a database that a newer binary
// has migrated: this binary would not know what its tables mean.
func (s *Store) Migrate(ctx context.Context) (MigrationState, error) {
	st, err := s.MigrationStatus(ctx)
	if err != nil {
		return st, err
	}
	if st.Newer() {
		return st, fmt.Errorf("the database is at schema version %d, newer than this binary's %d: run a newer mspeval", st.Current, st.Latest)
	}
	p, err := s.migrator()
	if err != nil {
		return st, err
	}
	if _, err := p.Up(ctx); err != nil {
		return st, fmt.Errorf("migrate: %w", err)
	}
	return s.MigrationStatus(ctx)
}
