package store

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"mspeval"
)

// NewMember adds a person to the caller's workspace. An existing account is
// added as it is; a new one needs a first password, which the owner passes on.
type NewMember struct {
	Email    string
	Name     string
	Role     mspeval.Role
	Password string
}

// ListMembers lists the caller's workspace's members. Any member may read it.
func (s *Store) ListMembers(ctx context.Context, c mspeval.Caller) ([]mspeval.Member, error) {
	var rows []struct {
		UserID    string
		Email     string
		Name      string
		Role      string
		CreatedAt time.Time
	}
	err := s.read(ctx).Table("memberships").
		Select("users.id AS user_id, users.email, users.name, memberships.role, memberships.created_at").
		Joins("JOIN users ON users.id = memberships.user_id").
		Where("memberships.workspace_id = ?", c.WorkspaceID).Order("users.email").Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]mspeval.Member, len(rows))
	for i, r := range rows {
		out[i] = mspeval.Member{UserID: r.UserID, Email: r.Email, Name: r.Name, Role: mspeval.Role(r.Role), JoinedAt: r.CreatedAt.UTC()}
	}
	return out, nil
}

// AddMember adds a member to the caller's workspace; owners only.
func (s *Store) AddMember(ctx context.Context, c mspeval.Caller, in NewMember) (mspeval.Member, error) {
	email := mspeval.NormalizeEmail(in.Email)
	var fields []mspeval.FieldError
	if !validEmail(email) {
		fields = append(fields, mspeval.FieldError{Field: "email", Message: "is not an email address"})
	}
	if !in.Role.Valid() {
		fields = append(fields, mspeval.FieldError{Field: "role", Message: "must be owner, editor or viewer"})
	}
	fields = append(fields, checkText("name", in.Name, 0, 200)...)
	if len(fields) > 0 {
		return mspeval.Member{}, mspeval.Invalid("the member is not valid", fields...)
	}
	now := s.clock()
	// Hash outside the transaction: it takes tens of milliseconds, and SQLite has
	// one writer.
	hash := ""
	if n := utf8.RuneCountInString(in.Password); n >= MinPasswordLength && n <= 1024 {
		var err error
		if hash, err = HashPassword(in.Password); err != nil {
			return mspeval.Member{}, mspeval.Internal(err)
		}
	}
	var out mspeval.Member
	err := s.write(ctx, func(tx *gorm.DB) error {
		var u userRow
		err := tx.Where("email = ?", email).Take(&u).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			if hash == "" {
				return mspeval.Invalid("a new account needs a first password",
					mspeval.FieldError{Field: "password", Message: "must be 10 to 1024 characters long for a new account"})
			}
			u = userRow{ID: mspeval.NewID(now), Email: email, Name: strings.TrimSpace(in.Name), PasswordHash: hash, CreatedAt: now}
			if err := tx.Create(&u).Error; err != nil {
				return err
			}
		case err != nil:
			return err
		case in.Password != "":
			// Never let an owner of one workspace set the password of an account
			// that others already use.
			return mspeval.Invalid("this account exists; it keeps its own password",
				mspeval.FieldError{Field: "password", Message: "must be left out for an existing account"})
		}
		var n int64
		if err := tx.Model(&membershipRow{}).Where("workspace_id = ? AND user_id = ?", c.WorkspaceID, u.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return mspeval.Errorf(mspeval.ECONFLICT, "%s is already a member of this workspace", email)
		}
		if err := tx.Create(&membershipRow{WorkspaceID: c.WorkspaceID, UserID: u.ID, Role: string(in.Role), CreatedAt: now}).Error; err != nil {
			return err
		}
		out = mspeval.Member{UserID: u.ID, Email: u.Email, Name: u.Name, Role: in.Role, JoinedAt: now}
		return nil
	})
	return out, err
}

// SetMemberRole changes a member's role; owners only. The last owner stays an owner.
func (s *Store) SetMemberRole(ctx context.Context, c mspeval.Caller, userID string, role mspeval.Role) (mspeval.Member, error) {
	if !role.Valid() {
		return mspeval.Member{}, mspeval.Invalid("the role is not valid", mspeval.FieldError{Field: "role", Message: "must be owner, editor or viewer"})
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		m, err := s.membership(tx, c, userID)
		if err != nil {
			return err
		}
		if m.Role == string(mspeval.RoleOwner) && role != mspeval.RoleOwner {
			if err := lastOwnerGuard(tx, c.WorkspaceID); err != nil {
				return err
			}
		}
		return tx.Model(&membershipRow{}).Where("workspace_id = ? AND user_id = ?", c.WorkspaceID, userID).Update("role", string(role)).Error
	})
	if err != nil {
		return mspeval.Member{}, err
	}
	members, err := s.ListMembers(ctx, c)
	if err != nil {
		return mspeval.Member{}, err
	}
	for _, m := range members {
		if m.UserID == userID {
			return m, nil
		}
	}
	return mspeval.Member{}, mspeval.NotFound("member")
}

// RemoveMember takes a member out of the workspace and ends its sessions and
// tokens there; owners only. The last owner cannot be removed.
func (s *Store) RemoveMember(ctx context.Context, c mspeval.Caller, userID string) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		m, err := s.membership(tx, c, userID)
		if err != nil {
			return err
		}
		if m.Role == string(mspeval.RoleOwner) {
			if err := lastOwnerGuard(tx, c.WorkspaceID); err != nil {
				return err
			}
		}
		if err := tx.Where("workspace_id = ? AND user_id = ?", c.WorkspaceID, userID).Delete(&membershipRow{}).Error; err != nil {
			return err
		}
		if err := tx.Where("workspace_id = ? AND user_id = ?", c.WorkspaceID, userID).Delete(&sessionRow{}).Error; err != nil {
			return err
		}
		return tx.Model(&apiTokenRow{}).Where("workspace_id = ? AND user_id = ? AND revoked_at IS NULL", c.WorkspaceID, userID).
			Update("revoked_at", s.clock()).Error
	})
}

// membership reads a member of the caller's workspace after locking all of the
// workspace's memberships (on PostgreSQL), so that two owners demoting each other
// at once cannot both pass the last-owner check.
func (s *Store) membership(tx *gorm.DB, c mspeval.Caller, userID string) (membershipRow, error) {
	var all []membershipRow
	if err := s.forUpdate(tx).Where("workspace_id = ?", c.WorkspaceID).Find(&all).Error; err != nil {
		return membershipRow{}, err
	}
	var m membershipRow
	err := tx.Where("workspace_id = ? AND user_id = ?", c.WorkspaceID, userID).Take(&m).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return m, mspeval.NotFound("member")
	}
	return m, err
}

func lastOwnerGuard(tx *gorm.DB, workspaceID string) error {
	var owners int64
	if err := tx.Model(&membershipRow{}).Where("workspace_id = ? AND role = ?", workspaceID, string(mspeval.RoleOwner)).Count(&owners).Error; err != nil {
		return err
	}
	if owners <= 1 {
		return mspeval.Errorf(mspeval.ECONFLICT, "a workspace keeps at least one owner; make someone else owner first")
	}
	return nil
}

// ChangePassword changes the caller's own password after checking the current one,
// and ends the caller's other sessions.
func (s *Store) ChangePassword(ctx context.Context, c mspeval.Caller, current, next, keepSession string) error {
	if n := utf8.RuneCountInString(next); n < MinPasswordLength || n > 1024 {
		return mspeval.Invalid("the new password is not valid",
			mspeval.FieldError{Field: "new_password", Message: "must be 10 to 1024 characters long"})
	}
	var u userRow
	if err := s.read(ctx).Where("id = ?", c.UserID).Take(&u).Error; err != nil {
		return translate(err)
	}
	ok, err := CheckPassword(u.PasswordHash, current)
	if err != nil {
		return mspeval.Internal(err)
	}
	if !ok {
		return mspeval.Invalid("the current password is wrong",
			mspeval.FieldError{Field: "current_password", Message: "is wrong"})
	}
	hash, err := HashPassword(next)
	if err != nil {
		return mspeval.Internal(err)
	}
	return s.write(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&userRow{}).Where("id = ?", c.UserID).Update("password_hash", hash).Error; err != nil {
			return err
		}
		return tx.Where("user_id = ? AND token_hash <> ?", c.UserID, mspeval.HashSecret(keepSession)).Delete(&sessionRow{}).Error
	})
}
