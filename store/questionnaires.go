package store

import (
	"context"
	"encoding/json"
	"fmt"

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

// questionnaire returns a published version from the catalog.
func (s *Store) questionnaire(key string, version int) (*questions.Questionnaire, error) {
	q, ok := s.catalog.Get(key, version)
	if !ok {
		return nil, mspeval.Errorf(mspeval.EINTERNAL, "questionnaire %s version %d is not available", key, version)
	}
	return q, nil
}
