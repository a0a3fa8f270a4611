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

// pageOf turns the rows that paginate fetched (one more than limit, when there
// are more) into one page of domain values and the cursor after it, "" on the
// last page.
func pageOf[R any, T any](rows []R, limit int, id func(R) string, conv func(R) T) ([]T, string) {
	next := ""
	if len(rows) > limit {
		rows = rows[:limit]
		next = base64.RawURLEncoding.EncodeToString([]byte(id(rows[limit-1])))
	}
	out := make([]T, len(rows))
	for i, r := range rows {
		out[i] = conv(r)
	}
	return out, next
}
