package store

import (
	"encoding/base64"

	"gorm.io/gorm"

	"mspeval"
)

// paginate applies keyset pagination on the id column. IDs sort by creation time
// (see mspeval.NewID), so a cursor is the last ID of the previous page, wrapped so
// clients treat it as opaque.
func paginate(q *gorm.DB, table string, p mspeval.Page, newestFirst bool) (*gorm.DB, int, error) {
	limit := p.Limit
	if limit <= 0 {
		limit = mspeval.DefaultPageLimit
	}
	if limit > mspeval.MaxPageLimit {
		limit = mspeval.MaxPageLimit
	}
	if p.Cursor != "" {
		raw, err := base64.RawURLEncoding.DecodeString(p.Cursor)
		if err != nil || !mspeval.ValidID(string(raw)) {
			return nil, 0, mspeval.Invalid("the cursor is not one this server gave out",
				mspeval.FieldError{Field: "cursor", Message: "is not a valid cursor"})
		}
		if newestFirst {
			q = q.Where(table+".id < ?", string(raw))
		} else {
			q = q.Where(table+".id > ?", string(raw))
		}
	}
	order := table + ".id"
	if newestFirst {
		order += " DESC"
	}
	return q.Order(order).Limit(limit + 1), limit, nil
}

// nextCursor returns the cursor after the last of n fetched rows, or "" when the
// extra row that paginate asked for did not come back.
func nextCursor(n, limit int, lastID func(i int) string) string {
	if n <= limit {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(lastID(limit - 1)))
}
