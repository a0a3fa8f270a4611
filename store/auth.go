package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"mspeval"
)

// Sessions and sign-in limits. Failures are kept in the database so that every
// instance behind a load balancer counts the same attempts.
//
// A wrong password counts against its account *and* the client address it came
// from. The pair gets a few free tries, then a growing wait (5 s, 10 s, 20 s …
// up to the window), so a guesser at one address is slowed to about ten tries
// a quarter of an hour without locking out the account's owner elsewhere. An
// address gets 20 failures in the window, whatever the accounts; an account
// gets 50 from all addresses together, a ceiling that takes many addresses to
// reach.
const (
	DefaultSessionIdle       = 12 * time.Hour
	DefaultSessionMax        = 14 * 24 * time.Hour
	signinWindow             = 15 * time.Minute
	signinFreePerPair        = 3
	signinFirstDelay         = 5 * time.Second
	signinFailuresPerIP      = 20
	signinFailuresPerAccount = 50
	tokenUseResolution       = time.Minute
	// sessionRenewal: a session's last use is written at most this often (or a
	// quarter of the idle time, when shorter), not on every request.
	sessionRenewal = 5 * time.Minute
)

// NewAccount is what the command line needs to create a user in a workspace.
type NewAccount struct {
	Email     string
	Name      string
	Password  string
	Workspace string // a workspace name; created when no workspace has it
	Role      mspeval.Role
}

// CreateAccount creates a user and makes it a member of the named workspace.
func (s *Store) CreateAccount(ctx context.Context, a NewAccount) (mspeval.User, mspeval.Workspace, error) {
	email := mspeval.NormalizeEmail(a.Email)
	var fields []mspeval.FieldError
	if !validEmail(email) {
		fields = append(fields, mspeval.FieldError{Field: "email", Message: "is not an email address"})
	}
	if msg := PasswordProblem(a.Password, email); msg != "" {
		fields = append(fields, mspeval.FieldError{Field: "password", Message: msg})
	}
	if strings.TrimSpace(a.Workspace) == "" {
		fields = append(fields, mspeval.FieldError{Field: "workspace", Message: "is required"})
	}
	if !a.Role.Valid() {
		fields = append(fields, mspeval.FieldError{Field: "role", Message: "must be owner, editor or viewer"})
	}
	if len(fields) > 0 {
		return mspeval.User{}, mspeval.Workspace{}, mspeval.Invalid("the account is not valid", fields...)
	}
	hash, err := HashPassword(a.Password)
	if err != nil {
		return mspeval.User{}, mspeval.Workspace{}, mspeval.Internal(err)
	}
	now := s.clock()
	user := userRow{ID: mspeval.NewID(now), Email: email, Name: strings.TrimSpace(a.Name), PasswordHash: hash, CreatedAt: now}
	var ws workspaceRow
	err = s.write(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&userRow{}).Where("email = ?", email).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return mspeval.Errorf(mspeval.ECONFLICT, "a user with the email %s already exists", email)
		}
		found, err := findWorkspaceByName(tx, a.Workspace)
		if err != nil {
			return err
		}
		if found != nil {
			ws = *found
		} else {
			ws = workspaceRow{ID: mspeval.NewID(now), Name: strings.TrimSpace(a.Workspace), CreatedAt: now}
			if err := tx.Create(&ws).Error; err != nil {
				return err
			}
		}
		if err := tx.Create(&user).Error; err != nil {
			return err
		}
		return tx.Create(&membershipRow{WorkspaceID: ws.ID, UserID: user.ID, Role: string(a.Role), CreatedAt: now}).Error
	})
	if err != nil {
		return mspeval.User{}, mspeval.Workspace{}, err
	}
	return user.toDomain(), ws.toDomain(), nil
}

func findWorkspaceByName(tx *gorm.DB, name string) (*workspaceRow, error) {
	var rows []workspaceRow
	if err := tx.Where("name = ?", strings.TrimSpace(name)).Limit(2).Find(&rows).Error; err != nil {
		return nil, err
	}
	switch len(rows) {
	case 0:
		return nil, nil
	case 1:
		return &rows[0], nil
	}
	return nil, mspeval.Errorf(mspeval.ECONFLICT, "several workspaces are named %q", name)
}

func validEmail(email string) bool {
	at := strings.LastIndexByte(email, '@')
	return at > 0 && at < len(email)-1 && len(email) <= 254 && utf8.ValidString(email) &&
		!strings.ContainsAny(email, " \t\r\n<>\x00")
}

// SignIn checks a password and opens a session in a workspace (the user's first
// when workspaceID is empty). It returns the session's secret, shown only once.
func (s *Store) SignIn(ctx context.Context, email, password, workspaceID, clientIP, userAgent string) (string, mspeval.Caller, error) {
	email = mspeval.NormalizeEmail(cleanText(email))
	userAgent = truncate(cleanText(userAgent), 400)
	if workspaceID != "" && !mspeval.ValidID(workspaceID) {
		return "", mspeval.Caller{}, mspeval.Invalid("no such workspace",
			mspeval.FieldError{Field: "workspace_id", Message: "you are not a member of this workspace"})
	}
	now := s.clock()
	// Count past failures and record this attempt as one before the slow
	// password check: parallel guesses then count against the limit too. A
	// success deletes the record again.
	attempt, err := s.startAttempt(ctx, email, clientIP)
	if err != nil {
		return "", mspeval.Caller{}, err
	}

	db := s.read(ctx)
	var u userRow
	err = db.Where("email = ?", email).Take(&u).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return "", mspeval.Caller{}, translate(err)
	}
	hash := u.PasswordHash
	if hash == "" {
		hash = dummyHash()
	}
	ok, err := CheckPassword(hash, password)
	if err != nil {
		return "", mspeval.Caller{}, mspeval.Internal(err)
	}
	if !ok || u.ID == "" {
		return "", mspeval.Caller{}, mspeval.Errorf(mspeval.EUNAUTHORIZED, "the email or the password is wrong")
	}

	var m membershipRow
	q := db.Where("user_id = ?", u.ID)
	if workspaceID != "" {
		q = q.Where("workspace_id = ?", workspaceID)
	}
	if err := s.joinCreatedWorkspaces(ctx, u); err != nil {
		return "", mspeval.Caller{}, err
	}
	if err := q.Order("created_at, workspace_id").Take(&m).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			if workspaceID != "" {
				return "", mspeval.Caller{}, mspeval.Invalid("you are not a member of that workspace",
					mspeval.FieldError{Field: "workspace_id", Message: "you are not a member of this workspace"})
			}
			return "", mspeval.Caller{}, mspeval.Errorf(mspeval.EFORBIDDEN, "your account belongs to no workspace")
		}
		return "", mspeval.Caller{}, translate(err)
	}
	secret := mspeval.NewSecret("mss_")
	err = s.write(ctx, func(tx *gorm.DB) error {
		if err := clearAttempts(tx, attempt); err != nil {
			return err
		}
		// Sessions past their expiry or idle time are of no use; sweep this user's.
		if err := tx.Where("user_id = ? AND (expires_at <= ? OR last_seen_at <= ?)", u.ID, now, now.Add(-s.sessionIdle)).
			Delete(&sessionRow{}).Error; err != nil {
			return err
		}
		return tx.Create(&sessionRow{
			TokenHash: mspeval.HashSecret(secret), UserID: u.ID, WorkspaceID: m.WorkspaceID,
			CreatedAt: now, ExpiresAt: now.Add(s.sessionMax), LastSeenAt: &now, ClientIP: clientIP, UserAgent: userAgent,
		}).Error
	})
	if err != nil {
		return "", mspeval.Caller{}, err
	}
	return secret, mspeval.Caller{UserID: u.ID, Email: u.Email, Name: u.Name, WorkspaceID: m.WorkspaceID, Role: mspeval.Role(m.Role)}, nil
}

// SignOut ends a session. Ending an unknown session is not an error.
func (s *Store) SignOut(ctx context.Context, secret string) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		return tx.Where("token_hash = ?", mspeval.HashSecret(secret)).Delete(&sessionRow{}).Error
	})
}

type callerRow struct {
	UserID      string
	Email       string
	Name        string
	WorkspaceID string
	Role        string
	TimeZone    string
	CreatedAt   time.Time
	LastSeenAt  *time.Time
}

// CallerFromSession resolves a session cookie. The role is read from the
// membership on every request, so removing a member takes effect at once. A
// session ends after the idle time without use, and at the latest the maximum
// lifetime after sign-in; its use is written at most every few minutes.
func (s *Store) CallerFromSession(ctx context.Context, secret string) (mspeval.Caller, error) {
	now := s.clock()
	hash := mspeval.HashSecret(secret)
	var r callerRow
	err := s.read(ctx).Table("sessions").
		Select("users.id AS user_id, users.email, users.name, memberships.workspace_id, memberships.role, "+
			"workspaces.time_zone, sessions.created_at, sessions.last_seen_at").
		Joins("JOIN users ON users.id = sessions.user_id").
		Joins("JOIN memberships ON memberships.user_id = sessions.user_id AND memberships.workspace_id = sessions.workspace_id").
		Joins("JOIN workspaces ON workspaces.id = sessions.workspace_id").
		Where("sessions.token_hash = ? AND sessions.expires_at > ?", hash, now).
		Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return mspeval.Caller{}, mspeval.Errorf(mspeval.EUNAUTHORIZED, "your session has ended; sign in again")
	}
	if err != nil {
		return mspeval.Caller{}, translate(err)
	}
	seen := r.CreatedAt
	if r.LastSeenAt != nil {
		seen = *r.LastSeenAt
	}
	if !now.Before(seen.Add(s.sessionIdle)) || !now.Before(r.CreatedAt.Add(s.sessionMax)) {
		return mspeval.Caller{}, mspeval.Errorf(mspeval.EUNAUTHORIZED, "your session has ended; sign in again")
	}
	if now.Sub(seen) >= min(sessionRenewal, s.sessionIdle/4) {
		if err := s.write(ctx, func(tx *gorm.DB) error {
			return tx.Model(&sessionRow{}).Where("token_hash = ?", hash).Update("last_seen_at", now).Error
		}); err != nil {
			return mspeval.Caller{}, err
		}
	}
	return mspeval.Caller{UserID: r.UserID, Email: r.Email, Name: r.Name, WorkspaceID: r.WorkspaceID, Role: mspeval.Role(r.Role),
		TimeZone: r.TimeZone}, nil
}

// SessionMax is the longest a session lives, for the cookie's lifetime.
func (s *Store) SessionMax() time.Duration { return s.sessionMax }

// CallerFromToken resolves an API token. A token acts with the lesser of its own
// role and its user's current role in the workspace.
func (s *Store) CallerFromToken(ctx context.Context, secret string) (mspeval.Caller, error) {
	now := s.clock()
	var r struct {
		UserID      string
		Email       string
		Name        string
		WorkspaceID string
		Role        string
		TokenID     string
		TokenRole   string
		LastUsedAt  *time.Time
	}
	err := s.read(ctx).Table("api_tokens").
		Select("users.id AS user_id, users.email, users.name, memberships.workspace_id, memberships.role, "+
			"api_tokens.id AS token_id, api_tokens.role AS token_role, api_tokens.last_used_at").
		Joins("JOIN users ON users.id = api_tokens.user_id").
		Joins("JOIN memberships ON memberships.user_id = api_tokens.user_id AND memberships.workspace_id = api_tokens.workspace_id").
		Where("api_tokens.token_hash = ? AND api_tokens.revoked_at IS NULL", mspeval.HashSecret(secret)).
		Where("(api_tokens.expires_at IS NULL OR api_tokens.expires_at > ?)", now).
		Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return mspeval.Caller{}, mspeval.Errorf(mspeval.EUNAUTHORIZED, "the API token is unknown, expired or revoked")
	}
	if err != nil {
		return mspeval.Caller{}, translate(err)
	}
	// Record use, but at most once a minute: a write on every read would queue
	// every API call behind SQLite's single writer.
	if r.LastUsedAt == nil || now.Sub(*r.LastUsedAt) >= tokenUseResolution {
		if err := s.write(ctx, func(tx *gorm.DB) error {
			return tx.Model(&apiTokenRow{}).Where("id = ?", r.TokenID).Update("last_used_at", now).Error
		}); err != nil {
			return mspeval.Caller{}, err
		}
	}
	return mspeval.Caller{
		UserID: r.UserID, Email: r.Email, Name: r.Name, WorkspaceID: r.WorkspaceID, TokenID: r.TokenID,
		Role: mspeval.Lesser(mspeval.Role(r.Role), mspeval.Role(r.TokenRole)),
	}, nil
}

// Me returns the caller's user and all its memberships.
func (s *Store) Me(ctx context.Context, c mspeval.Caller) (mspeval.User, []mspeval.Membership, error) {
	db := s.read(ctx)
	var u userRow
	if err := db.Where("id = ?", c.UserID).Take(&u).Error; err != nil {
		return mspeval.User{}, nil, translate(err)
	}
	var ms []mspeval.Membership
	err := db.Table("memberships").
		Select("memberships.workspace_id, workspaces.name AS workspace_name, memberships.role").
		Joins("JOIN workspaces ON workspaces.id = memberships.workspace_id").
		Where("memberships.user_id = ?", c.UserID).Order("workspaces.name, workspaces.id").Scan(&ms).Error
	if err != nil {
		return mspeval.User{}, nil, translate(err)
	}
	return u.toDomain(), ms, nil
}

// Workspace returns the caller's workspace.
func (s *Store) Workspace(ctx context.Context, c mspeval.Caller) (mspeval.Workspace, error) {
	var w workspaceRow
	if err := s.read(ctx).Where("id = ?", c.WorkspaceID).Take(&w).Error; err != nil {
		return mspeval.Workspace{}, translate(err)
	}
	return w.toDomain(), nil
}

// cleanText makes client-supplied text safe to store: valid UTF-8, no NUL.
func cleanText(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// UserCount says how many accounts exist; the sign-in page explains how to create
// the first one when there is none.
func (s *Store) UserCount(ctx context.Context) (int64, error) {
	var n int64
	err := s.read(ctx).Model(&userRow{}).Count(&n).Error
	return n, translate(err)
}

// startAttempt refuses a password check that comes too soon after failures
// for the same account and address, too many from the address, or too many
// for the account (see the constants above), and otherwise records the attempt
// as a failure, which clearAttempts deletes when the password was right.
func (s *Store) startAttempt(ctx context.Context, email, clientIP string) (signinFailureRow, error) {
	now := s.clock()
	var attempt signinFailureRow
	err := s.write(ctx, func(tx *gorm.DB) error {
		if s.dialect == Postgres {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(hashtext(?))", "signin:"+email).Error; err != nil {
				return err
			}
		}
		since := now.Add(-signinWindow)
		var pair []signinFailureRow
		if err := tx.Where("email = ? AND client_ip = ? AND at > ?", email, clientIP, since).Order("at DESC").Find(&pair).Error; err != nil {
			return err
		}
		if n := len(pair); n >= signinFreePerPair {
			wait := signinWindow
			if shift := n - signinFreePerPair; shift < 8 {
				wait = min(signinWindow, signinFirstDelay<<shift)
			}
			if until := pair[0].At.Add(wait); now.Before(until) {
				return tooManyAttempts(until.Sub(now))
			}
		}
		for _, scope := range []struct {
			column, value string
			limit         int
		}{{"client_ip", clientIP, signinFailuresPerIP}, {"email", email, signinFailuresPerAccount}} {
			var oldest []signinFailureRow
			if err := tx.Where(scope.column+" = ? AND at > ?", scope.value, since).Order("at").
				Limit(1).Find(&oldest).Error; err != nil {
				return err
			}
			var n int64
			if err := tx.Model(&signinFailureRow{}).Where(scope.column+" = ? AND at > ?", scope.value, since).Count(&n).Error; err != nil {
				return err
			}
			if n >= int64(scope.limit) && len(oldest) == 1 {
				return tooManyAttempts(oldest[0].At.Add(signinWindow).Sub(now))
			}
		}
		// Attempts older than the window count for nothing: sweep them as we go,
		// so the table stays as small as the traffic of a quarter of an hour.
		if err := tx.Where("at <= ?", since).Delete(&signinFailureRow{}).Error; err != nil {
			return err
		}
		attempt = signinFailureRow{Email: email, ClientIP: clientIP, At: now}
		return tx.Create(&attempt).Error
	})
	return attempt, err
}

// clearAttempts forgets the failures of a pair after its password was right:
// the owner signing in again does not inherit a wait, and a guesser at another
// address keeps theirs.
func clearAttempts(tx *gorm.DB, attempt signinFailureRow) error {
	return tx.Where("(email = ? AND client_ip = ?) OR id = ?", attempt.Email, attempt.ClientIP, attempt.ID).
		Delete(&signinFailureRow{}).Error
}

func tooManyAttempts(wait time.Duration) error {
	secs := int((wait + time.Second - 1) / time.Second)
	return &mspeval.Error{
		Code:       mspeval.ERATELIMITED,
		Message:    "too many wrong passwords; wait " + waitText(secs) + " and try again",
		RetryAfter: max(secs, 1),
	}
}

func waitText(secs int) string {
	if secs < 90 {
		return fmt.Sprintf("%d seconds", max(secs, 1))
	}
	return fmt.Sprintf("%d minutes", (secs+59)/60)
}
