package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"mspeval"
	"mspeval/questions"
)

// SyncQuestionnaires records the catalog's questionnaire versions in the database.
// A version already recorded must have the same checksum: a published version
// never changes, so an edited file has to be published as a new version.
func (s *Store) SyncQuestionnaires(ctx context.Context) error {
	now := s.clock()
	return s.write(ctx, func(tx *gorm.DB) error {
		for _, q := range s.catalog.All() {
			def, err := json.Marshal(q)
			if err != nil {
				return err
			}
			// Several instances may start together: the first insert wins and the
			// others compare against it.
			row := questionnaireVersionRow{Key: q.Key, Version: q.Version, Title: q.Title,
				Checksum: q.Checksum, Definition: string(def), PublishedAt: now}
			if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
				return err
			}
			var stored questionnaireVersionRow
			if err := tx.Where("key = ? AND version = ?", q.Key, q.Version).Take(&stored).Error; err != nil {
				return err
			}
			if stored.Checksum != q.Checksum {
				return fmt.Errorf("questionnaire %s version %d differs from the version published on %s: "+
					"a published version never changes, publish the edit as version %d",
					q.Key, q.Version, stored.PublishedAt.UTC().Format("2006-01-02"), q.Version+1)
			}
		}
		return nil
	})
}

// questionnaire returns a published version by key and version, as an
// evaluation or a candidate row names it: a built-in from the catalog, or a
// workspace's own version, which the catalog's lookup reads from the database
// (publishedVersion). The row was already found in the caller's workspace, so
// the version is theirs.
func (s *Store) questionnaire(key string, version int) (*questions.Questionnaire, error) {
	q, ok := s.catalog.Get(key, version)
	if !ok {
		return nil, mspeval.Errorf(mspeval.EINTERNAL, "questionnaire %s version %d is not available", key, version)
	}
	return q, nil
}

// Questionnaire returns a version the caller's workspace may use: a built-in,
// or one of the workspace's own published versions. Version 0 is the latest.
// Another workspace's versions are not found, as if they did not exist.
func (s *Store) Questionnaire(ctx context.Context, c mspeval.Caller, key string, version int) (*questions.Questionnaire, error) {
	if s.catalog.Has(key) {
		q, ok := s.catalog.Latest(key)
		if version != 0 {
			q, ok = s.catalog.Get(key, version)
		}
		if !ok {
			return nil, mspeval.NotFound("questionnaire version")
		}
		return q, nil
	}
	if ws, ok := questions.KeyWorkspace(key); !ok || ws != c.WorkspaceID {
		return nil, mspeval.NotFound("questionnaire")
	}
	db := s.read(ctx)
	if version == 0 {
		latest, err := s.latestVersion(db, c, key)
		if err != nil {
			return nil, err
		}
		if latest == 0 {
			return nil, mspeval.NotFound("questionnaire")
		}
		version = latest
	}
	if q, ok := s.published.get(key, version); ok {
		return q, nil
	}
	return s.loadPublished(db, c.WorkspaceID, key, version)
}

// latestVersion returns the highest published version of a workspace's key,
// 0 when none is published.
func (s *Store) latestVersion(db *gorm.DB, c mspeval.Caller, key string) (int, error) {
	var latest sql.NullInt64
	err := db.Model(&workspaceVersionRow{}).Select("MAX(version)").
		Where("key = ? AND workspace_id = ?", key, c.WorkspaceID).Row().Scan(&latest)
	if err != nil {
		return 0, translate(err)
	}
	return int(latest.Int64), nil
}

// VersionInfo is one published version of a workspace's questionnaire, as a
// list shows it.
type VersionInfo struct {
	Key         string
	Version     int
	Title       string
	PublishedAt time.Time
	// BasedOn is the version it was cloned from, when it was.
	BasedOn *questions.VersionRef
}

// WorkspaceVersions lists the published versions of the caller's workspace's
// own questionnaires, by key then version. The built-ins are the catalog's.
func (s *Store) WorkspaceVersions(ctx context.Context, c mspeval.Caller) ([]VersionInfo, error) {
	var rows []workspaceVersionRow
	err := s.read(ctx).Select("key", "version", "title", "published_at", "based_on_key", "based_on_version").
		Where("workspace_id = ?", c.WorkspaceID).Order("key, version").Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]VersionInfo, len(rows))
	for i, r := range rows {
		out[i] = VersionInfo{Key: r.Key, Version: r.Version, Title: r.Title, PublishedAt: r.PublishedAt.UTC(),
			BasedOn: refOf(r.BasedOnKey, r.BasedOnVersion)}
	}
	return out, nil
}

// workspaceVersionRow is a row of questionnaire_versions as a workspace's
// version is written: its definition is YAML in the built-in files' format,
// and its checksum the SHA-256 of that text (a built-in's row holds its
// parsed JSON, which nothing reads back: the files are the source).
type workspaceVersionRow struct {
	Key            string `gorm:"primaryKey"`
	Version        int    `gorm:"primaryKey"`
	WorkspaceID    string
	Title          string
	Checksum       string
	Definition     string
	PublishedAt    time.Time
	BasedOnKey     *string
	BasedOnVersion *int
}

func (workspaceVersionRow) TableName() string { return "questionnaire_versions" }

func refOf(key *string, version *int) *questions.VersionRef {
	if key == nil || version == nil {
		return nil
	}
	return &questions.VersionRef{Key: *key, Version: *version}
}

// publishedVersion is the catalog's lookup (questions.Catalog.WithLookup): it
// finds a workspace's published version by key and version, from the cache or
// the database. It has no context of its own to use (the catalog's Get has
// none), so it reads with a deadline, through a pool of its own: its callers
// often hold a connection of the other pools in a transaction, and waiting for
// a second one of the same pool could wait for ever.
func (s *Store) publishedVersion(key string, version int) (*questions.Questionnaire, bool) {
	ws, ok := questions.KeyWorkspace(key)
	if !ok {
		return nil, false
	}
	if q, ok := s.published.get(key, version); ok {
		return q, true
	}
	ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
	defer cancel()
	q, err := s.loadPublished(s.lookup.WithContext(ctx), ws, key, version)
	return q, err == nil
}

// lookupTimeout bounds a lookup's read.
const lookupTimeout = 10 * time.Second

// loadPublished reads, checks and caches one published version of a
// workspace. The stored text must still hash to the checksum recorded when it
// was published: a version that was changed in the database is refused, as a
// changed built-in file is at start-up.
func (s *Store) loadPublished(db *gorm.DB, workspaceID, key string, version int) (*questions.Questionnaire, error) {
	var row workspaceVersionRow
	err := db.Where("key = ? AND version = ? AND workspace_id = ?", key, version, workspaceID).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, mspeval.NotFound("questionnaire version")
	}
	if err != nil {
		return nil, translate(err)
	}
	q, err := questions.Parse(fmt.Sprintf("%s version %d", key, version), []byte(row.Definition))
	if err != nil {
		return nil, mspeval.Internal(fmt.Errorf("published questionnaire %s version %d no longer loads: %w", key, version, err))
	}
	if q.Checksum != row.Checksum || q.Key != key || q.Version != version {
		return nil, mspeval.Internal(fmt.Errorf("published questionnaire %s version %d does not match its checksum: it was changed after publication", key, version))
	}
	s.published.put(q)
	return q, nil
}

// publishedCache keeps the workspaces' published versions the store has read,
// parsed, so that each is parsed once (and its phrase rules compiled once)
// however often answers, scores and reports ask for it.
//
// Entries are found by key and version, and each keeps the checksum it was
// verified against. A published version never changes: rows of
// questionnaire_versions are inserted once, under a primary key of key and
// version, and never updated, and a workspace's key holds the workspace's ID,
// which is never reused; so an entry cannot go stale, and looking the
// checksum up in the database on every hit (to key the cache by it) would
// only cost a query. The cache is bounded: past cacheSize versions, an
// arbitrary one is dropped, to be parsed again when it is next needed.
type publishedCache struct {
	mu sync.RWMutex
	m  map[versionKey]*questions.Questionnaire
}

type versionKey struct {
	key     string
	version int
}

const cacheSize = 256

func (c *publishedCache) get(key string, version int) (*questions.Questionnaire, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	q, ok := c.m[versionKey{key, version}]
	return q, ok
}

func (c *publishedCache) put(q *questions.Questionnaire) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[versionKey]*questions.Questionnaire{}
	}
	k := versionKey{q.Key, q.Version}
	if old, ok := c.m[k]; ok && old.Checksum == q.Checksum {
		return // keep the first: its compiled rules may be warm already
	}
	if len(c.m) >= cacheSize {
		for drop := range c.m {
			delete(c.m, drop)
			break
		}
	}
	c.m[k] = q
}

// openLookup opens the pool publishedVersion reads through: two read-only
// connections beside the store's others.
func (s *Store) openLookup(dsn string, cfg *gorm.Config) error {
	var err error
	if s.dialect == Postgres {
		s.lookup, err = gorm.Open(postgres.Open(dsn), cfg)
	} else {
		s.lookup, err = gorm.Open(sqlite.Open(sqliteDSN(s.path, true)), cfg)
	}
	if err != nil {
		return fmt.Errorf("open the questionnaire lookup pool: %w", err)
	}
	db, err := s.lookup.DB()
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(2)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(30 * time.Minute)
	return nil
}
