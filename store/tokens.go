package store

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"mspeval"
)

// NewToken is an owner's request for an API token.
type NewToken struct {
	Name      string
	Role      mspeval.Role
	ExpiresAt *time.Time
}

// CreateToken creates an API token in the caller's workspace and returns its
// secret, which is not stored and cannot be shown again.
func (s *Store) CreateToken(ctx context.Context, c mspeval.Caller, in NewToken) (mspeval.APIToken, string, error) {
	now := s.clock()
	if in.Role == "" {
		in.Role = mspeval.RoleViewer
	}
	var fields []mspeval.FieldError
	fields = append(fields, checkText("name", in.Name, 1, 100)...)
	if !in.Role.Valid() {
		fields = append(fields, mspeval.FieldError{Field: "role", Message: "must be owner, editor or viewer"})
	}
	if in.ExpiresAt != nil && !in.ExpiresAt.After(now) {
		fields = append(fields, mspeval.FieldError{Field: "expires_at", Message: "must be in the future"})
	}
	if len(fields) > 0 {
		return mspeval.APIToken{}, "", mspeval.Invalid("the token is not valid", fields...)
	}
	secret := mspeval.NewSecret("msp_")
	row := apiTokenRow{
		ID: mspeval.NewID(now), WorkspaceID: c.WorkspaceID, UserID: c.UserID, Name: strings.TrimSpace(in.Name),
		Role: string(in.Role), TokenHash: mspeval.HashSecret(secret), Hint: secret[:8] + "…" + secret[len(secret)-4:],
		CreatedAt: now, ExpiresAt: in.ExpiresAt,
	}
	if row.ExpiresAt != nil {
		t := row.ExpiresAt.UTC().Truncate(time.Microsecond)
		row.ExpiresAt = &t
	}
	if err := s.write(ctx, func(tx *gorm.DB) error { return tx.Create(&row).Error }); err != nil {
		return mspeval.APIToken{}, "", err
	}
	return row.toDomain(), secret, nil
}

// ListTokens lists the workspace's live API tokens.
func (s *Store) ListTokens(ctx context.Context, c mspeval.Caller, p mspeval.Page) ([]mspeval.APIToken, string, error) {
	q, limit, err := paginate(s.read(ctx).Where("workspace_id = ? AND revoked_at IS NULL", c.WorkspaceID), "api_tokens", p, true)
	if err != nil {
		return nil, "", err
	}
	var rows []apiTokenRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, "", translate(err)
	}
	out, next := pageOf(rows, limit, func(r apiTokenRow) string { return r.ID }, func(r apiTokenRow) mspeval.APIToken { return r.toDomain() })
	return out, next, nil
}

// RevokeToken revokes a token of the caller's workspace; it stops working at once.
func (s *Store) RevokeToken(ctx context.Context, c mspeval.Caller, id string) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&apiTokenRow{}).Where("id = ? AND workspace_id = ? AND revoked_at IS NULL", id, c.WorkspaceID).
			Update("revoked_at", s.clock())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return mspeval.NotFound("API token")
		}
		return nil
	})
}
