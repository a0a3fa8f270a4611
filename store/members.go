package store

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"mspeval"
)

// NewMember is an owner's request to add a person to the workspace. It always
// becomes a pending invitation, whether or not the address has an account, so
// that the answer never tells the owner which. Password, when given, is the
// first password of a new account; an existing account keeps its own.
type NewMember struct {
	Email    string
	Name     string
	Role     mspeval.Role
	Password string
}

// MemberInvitation is a pending offer of a workspace's membership to an email
// address. The person accepts or declines it after signing in.
type MemberInvitation struct {
	ID            string       `json:"id"`
	WorkspaceID   string       `json:"workspace_id"`
	WorkspaceName string       `json:"workspace_name"`
	Email         string       `json:"email"`
	Name          string       `json:"name"`
	Role          mspeval.Role `json:"role"`
	InvitedBy     string       `json:"invited_by"`
	// Status is always "pending": an answered invitation is deleted.
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
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

// MemberInvitationTTL is how long an invitation to join a workspace waits to be
// accepted; after it, the owner invites again.
const MemberInvitationTTL = 30 * 24 * time.Hour

// AddMember invites a person to the caller's workspace; owners only. The
// answer is the same whether or not the address has an account: a pending
// invitation. Without an account and with a password, the account is created
// (with no workspace) and joins at its first sign-in; an existing account
// joins when its owner accepts; an address with neither waits until an account
// with that address exists.
func (s *Store) AddMember(ctx context.Context, c mspeval.Caller, in NewMember) (MemberInvitation, error) {
	email := mspeval.NormalizeEmail(in.Email)
	var fields []mspeval.FieldError
	if !validEmail(email) {
		fields = append(fields, mspeval.FieldError{Field: "email", Message: "is not an email address"})
	}
	if !in.Role.Valid() {
		fields = append(fields, mspeval.FieldError{Field: "role", Message: "must be owner, editor or viewer"})
	}
	fields = append(fields, checkText("name", in.Name, 0, 200)...)
	if in.Password != "" {
		if msg := PasswordProblem(in.Password, email); msg != "" {
			fields = append(fields, mspeval.FieldError{Field: "password", Message: msg})
		}
	}
	if len(fields) > 0 {
		return MemberInvitation{}, mspeval.Invalid("the member is not valid", fields...)
	}
	now := s.clock()
	// Hash outside the transaction (it takes tens of milliseconds, and SQLite
	// has one writer), and whether or not it will be used, so that the time
	// taken does not tell whether the account exists.
	hash := ""
	if in.Password != "" {
		var err error
		if hash, err = HashPassword(in.Password); err != nil {
			return MemberInvitation{}, mspeval.Internal(err)
		}
	}
	row := memberInvitationRow{ID: mspeval.NewID(now), WorkspaceID: c.WorkspaceID, Email: email,
		Name: strings.TrimSpace(in.Name), Role: string(in.Role), InvitedBy: &c.UserID, CreatedAt: now}
	var workspaceName string
	err := s.write(ctx, func(tx *gorm.DB) error {
		var users []userRow
		if err := tx.Where("email = ?", email).Limit(1).Find(&users).Error; err != nil {
			return err
		}
		if len(users) == 1 {
			// The owner sees the members list, so saying so reveals nothing.
			var n int64
			if err := tx.Model(&membershipRow{}).Where("workspace_id = ? AND user_id = ?", c.WorkspaceID, users[0].ID).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return mspeval.Errorf(mspeval.ECONFLICT, "%s is already a member of this workspace", email)
			}
		}
		// An expired invitation makes room for a new one.
		if err := tx.Where("workspace_id = ? AND email = ? AND created_at <= ?", c.WorkspaceID, email, now.Add(-MemberInvitationTTL)).
			Delete(&memberInvitationRow{}).Error; err != nil {
			return err
		}
		var pending int64
		if err := tx.Model(&memberInvitationRow{}).Where("workspace_id = ? AND email = ?", c.WorkspaceID, email).Count(&pending).Error; err != nil {
			return err
		}
		if pending > 0 {
			return mspeval.Errorf(mspeval.ECONFLICT, "an invitation to %s is already pending; withdraw it first to change it", email)
		}
		var ws workspaceRow
		if err := tx.Where("id = ?", c.WorkspaceID).Take(&ws).Error; err != nil {
			return err
		}
		workspaceName = ws.Name
		if len(users) == 0 && hash != "" {
			u := userRow{ID: mspeval.NewID(now), Email: email, Name: row.Name, PasswordHash: hash, CreatedAt: now}
			if err := tx.Create(&u).Error; err != nil {
				return err
			}
			row.CreatedAccount = true
		}
		return tx.Create(&row).Error
	})
	if err != nil {
		return MemberInvitation{}, err
	}
	out := row.toDomain()
	out.WorkspaceName, out.InvitedBy = workspaceName, c.Name
	if out.InvitedBy == "" {
		out.InvitedBy = c.Email
	}
	return out, nil
}

func (r memberInvitationRow) toDomain() MemberInvitation {
	return MemberInvitation{ID: r.ID, WorkspaceID: r.WorkspaceID, Email: r.Email, Name: r.Name, Role: mspeval.Role(r.Role),
		Status: "pending", CreatedAt: r.CreatedAt.UTC()}
}

// invitations reads invitations with their workspace's name and who sent them.
func (s *Store) invitations(ctx context.Context, where string, args ...any) ([]MemberInvitation, error) {
	var rows []struct {
		ID, WorkspaceID, Email, Name, Role string
		CreatedAt                          time.Time
		WorkspaceName                      string
		InviterName                        string
		InviterEmail                       string
	}
	err := s.read(ctx).Table("member_invitations").
		Select("member_invitations.id, member_invitations.workspace_id, member_invitations.email, member_invitations.name, "+
			"member_invitations.role, member_invitations.created_at, workspaces.name AS workspace_name, "+
			"COALESCE(users.name, '') AS inviter_name, COALESCE(users.email, '') AS inviter_email").
		Joins("JOIN workspaces ON workspaces.id = member_invitations.workspace_id").
		Joins("LEFT JOIN users ON users.id = member_invitations.invited_by").
		Where(where, args...).Where("member_invitations.created_at > ?", s.clock().Add(-MemberInvitationTTL)).
		Order("member_invitations.created_at, member_invitations.id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]MemberInvitation, len(rows))
	for i, r := range rows {
		out[i] = memberInvitationRow{ID: r.ID, WorkspaceID: r.WorkspaceID, Email: r.Email, Name: r.Name, Role: r.Role, CreatedAt: r.CreatedAt}.toDomain()
		out[i].WorkspaceName, out[i].InvitedBy = r.WorkspaceName, r.InviterName
		if out[i].InvitedBy == "" {
			out[i].InvitedBy = r.InviterEmail
		}
	}
	return out, nil
}

// ListMemberInvitations lists the caller's workspace's pending invitations.
func (s *Store) ListMemberInvitations(ctx context.Context, c mspeval.Caller) ([]MemberInvitation, error) {
	return s.invitations(ctx, "member_invitations.workspace_id = ?", c.WorkspaceID)
}

// WithdrawMemberInvitation deletes a pending invitation of the caller's workspace.
func (s *Store) WithdrawMemberInvitation(ctx context.Context, c mspeval.Caller, id string) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Where("id = ? AND workspace_id = ?", id, c.WorkspaceID).Delete(&memberInvitationRow{})
		if res.Error == nil && res.RowsAffected == 0 {
			return mspeval.NotFound("invitation")
		}
		return res.Error
	})
}

// MyInvitations lists the invitations waiting for the caller's email address.
func (s *Store) MyInvitations(ctx context.Context, c mspeval.Caller) ([]MemberInvitation, error) {
	return s.invitations(ctx, "member_invitations.email = ?", mspeval.NormalizeEmail(c.Email))
}

// AcceptInvitation makes the caller a member of the inviting workspace, with
// the role the invitation offers. An invitation to another address is not found.
func (s *Store) AcceptInvitation(ctx context.Context, c mspeval.Caller, id string) (mspeval.Membership, error) {
	var out mspeval.Membership
	err := s.write(ctx, func(tx *gorm.DB) error {
		var inv memberInvitationRow
		err := tx.Where("id = ? AND email = ? AND created_at > ?", id, mspeval.NormalizeEmail(c.Email), s.clock().Add(-MemberInvitationTTL)).Take(&inv).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return mspeval.NotFound("invitation")
		}
		if err != nil {
			return err
		}
		if err := joinWorkspace(tx, inv, c.UserID, s.clock()); err != nil {
			return err
		}
		var ws workspaceRow
		if err := tx.Where("id = ?", inv.WorkspaceID).Take(&ws).Error; err != nil {
			return err
		}
		out = mspeval.Membership{WorkspaceID: ws.ID, WorkspaceName: ws.Name, Role: mspeval.Role(inv.Role)}
		return nil
	})
	return out, err
}

// DeclineInvitation deletes an invitation to the caller's address.
func (s *Store) DeclineInvitation(ctx context.Context, c mspeval.Caller, id string) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Where("id = ? AND email = ?", id, mspeval.NormalizeEmail(c.Email)).Delete(&memberInvitationRow{})
		if res.Error == nil && res.RowsAffected == 0 {
			return mspeval.NotFound("invitation")
		}
		return res.Error
	})
}

// joinWorkspace turns an invitation into a membership (none when the user is
// already a member) and deletes it.
func joinWorkspace(tx *gorm.DB, inv memberInvitationRow, userID string, now time.Time) error {
	var n int64
	if err := tx.Model(&membershipRow{}).Where("workspace_id = ? AND user_id = ?", inv.WorkspaceID, userID).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		if err := tx.Create(&membershipRow{WorkspaceID: inv.WorkspaceID, UserID: userID, Role: inv.Role, CreatedAt: now}).Error; err != nil {
			return err
		}
	}
	return tx.Where("id = ?", inv.ID).Delete(&memberInvitationRow{}).Error
}

// joinCreatedWorkspaces accepts, at a sign-in, the invitations that created
// the account: its first password came with them, so signing in with it is
// the person's answer. An account that belongs to no workspace at all (it left
// or was removed from every one) has nothing else to sign in to, so its
// pending invitations are accepted the same way: signing in after being
// invited is then its answer. Expired invitations are not.
func (s *Store) joinCreatedWorkspaces(ctx context.Context, u userRow) error {
	pending := func(tx *gorm.DB) (*gorm.DB, error) {
		var members int64
		if err := tx.Model(&membershipRow{}).Where("user_id = ?", u.ID).Count(&members).Error; err != nil {
			return nil, err
		}
		q := tx.Model(&memberInvitationRow{}).Where("email = ? AND created_at > ?", u.Email, s.clock().Add(-MemberInvitationTTL))
		if members > 0 {
			q = q.Where("created_account")
		}
		return q, nil
	}
	q, err := pending(s.read(ctx))
	var n int64
	if err == nil {
		err = q.Count(&n).Error
	}
	if err != nil || n == 0 {
		return translate(err)
	}
	return s.write(ctx, func(tx *gorm.DB) error {
		q, err := pending(tx)
		if err != nil {
			return err
		}
		var invs []memberInvitationRow
		if err := q.Find(&invs).Error; err != nil {
			return err
		}
		for _, inv := range invs {
			if err := joinWorkspace(tx, inv, u.ID, s.clock()); err != nil {
				return err
			}
		}
		return nil
	})
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

// PasswordChanged says what a password change ended besides the old password.
type PasswordChanged struct {
	OtherSessionsEnded int `json:"other_sessions_ended"`
	TokensRevoked      int `json:"tokens_revoked"`
}

// ChangePassword changes the caller's own password after checking the current
// one, ends the caller's other sessions and revokes every API token the caller
// created, in every workspace: whoever learnt the old password may have made
// one. Wrong current passwords count against the account and address like
// failed sign-ins.
func (s *Store) ChangePassword(ctx context.Context, c mspeval.Caller, current, next, keepSession, clientIP string) (PasswordChanged, error) {
	if msg := PasswordProblem(next, c.Email); msg != "" {
		return PasswordChanged{}, mspeval.Invalid("the new password is not valid", mspeval.FieldError{Field: "new_password", Message: msg})
	}
	attempt, err := s.startAttempt(ctx, mspeval.NormalizeEmail(c.Email), clientIP)
	if err != nil {
		return PasswordChanged{}, err
	}
	var u userRow
	if err := s.read(ctx).Where("id = ?", c.UserID).Take(&u).Error; err != nil {
		return PasswordChanged{}, translate(err)
	}
	ok, err := CheckPassword(u.PasswordHash, current)
	if err != nil {
		return PasswordChanged{}, mspeval.Internal(err)
	}
	if !ok {
		return PasswordChanged{}, mspeval.Invalid("the current password is wrong",
			mspeval.FieldError{Field: "current_password", Message: "is wrong"})
	}
	hash, err := HashPassword(next)
	if err != nil {
		return PasswordChanged{}, mspeval.Internal(err)
	}
	var out PasswordChanged
	err = s.write(ctx, func(tx *gorm.DB) error {
		if err := clearAttempts(tx, attempt); err != nil {
			return err
		}
		if err := tx.Model(&userRow{}).Where("id = ?", c.UserID).Update("password_hash", hash).Error; err != nil {
			return err
		}
		res := tx.Where("user_id = ? AND token_hash <> ?", c.UserID, mspeval.HashSecret(keepSession)).Delete(&sessionRow{})
		if res.Error != nil {
			return res.Error
		}
		out.OtherSessionsEnded = int(res.RowsAffected)
		res = tx.Model(&apiTokenRow{}).Where("user_id = ? AND revoked_at IS NULL", c.UserID).Update("revoked_at", s.clock())
		out.TokensRevoked = int(res.RowsAffected)
		return res.Error
	})
	return out, err
}
