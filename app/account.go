package app

import (
	"context"
	"net/http"
	"strings"
	"time"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
)

// SessionCookie is the name of the browser session cookie. The API and the
// web UI share it: signing in on either works for both.
const SessionCookie = "mspeval_session"

// SecureCookies reports whether the session cookie must carry the Secure flag
// whatever the connection: when forced, or when the service's public address is
// https (TLS may end at a proxy, but the cookie must never travel in clear).
func SecureCookies(baseURL string, forced bool) bool {
	return forced || strings.HasPrefix(baseURL, "https://")
}

// HSTS tells a browser to use https for a year, subdomains included.
const HSTS = "max-age=31536000; includeSubDomains"

// OverHTTPS reports whether a request reached the service over https: its own
// TLS, or a base URL that says a proxy ends TLS in front of it. Such responses
// carry HSTS; over plain http it would be ignored.
func OverHTTPS(r *http.Request, baseURL string) bool {
	return r.TLS != nil || strings.HasPrefix(baseURL, "https://")
}

// NewSessionCookie is the session cookie for secret, or the one that clears it
// when secret is empty: HttpOnly, SameSite=Lax, Secure over TLS or when secure
// is set, and kept by the browser for maxAge (the session's longest life; the
// server ends it sooner when it sits idle).
func NewSessionCookie(secret string, secure bool, maxAge time.Duration) *http.Cookie {
	ck := &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: secure, MaxAge: int(maxAge / time.Second)}
	if secret == "" {
		ck.MaxAge = -1
	}
	return ck
}

// SessionCookie is NewSessionCookie with the store's maximum session lifetime.
func (s *Service) SessionCookie(secret string, secure bool) *http.Cookie {
	return NewSessionCookie(secret, secure, s.store.SessionMax())
}

// SignIn checks a password and opens a session; the secret goes in the cookie.
// A wrong password is EUNAUTHORIZED, too many attempts ERATELIMITED; anything
// else (a database outage) is reported as what it is, never as a wrong password.
func (s *Service) SignIn(ctx context.Context, email, password, workspaceID, clientIP, userAgent string) (string, mspeval.Caller, error) {
	return s.store.SignIn(ctx, email, password, workspaceID, clientIP, userAgent)
}

// SignOut ends a session.
func (s *Service) SignOut(ctx context.Context, secret string) error {
	return s.store.SignOut(ctx, secret)
}

// CallerFromSession resolves a session cookie. An unknown or expired session is
// EUNAUTHORIZED; an outage is not.
func (s *Service) CallerFromSession(ctx context.Context, secret string) (mspeval.Caller, error) {
	return s.store.CallerFromSession(ctx, secret)
}

// CallerFromToken resolves an API token.
func (s *Service) CallerFromToken(ctx context.Context, secret string) (mspeval.Caller, error) {
	return s.store.CallerFromToken(ctx, secret)
}

// Me returns the caller's account and memberships.
func (s *Service) Me(ctx context.Context, c mspeval.Caller) (mspeval.User, []mspeval.Membership, error) {
	return s.store.Me(ctx, c)
}

// Workspace returns the caller's workspace.
func (s *Service) Workspace(ctx context.Context, c mspeval.Caller) (mspeval.Workspace, error) {
	return s.store.Workspace(ctx, c)
}

// SetWorkspace changes the caller's workspace's date style or time zone.
func (s *Service) SetWorkspace(ctx context.Context, c mspeval.Caller, in store.WorkspaceInput) (mspeval.Workspace, error) {
	return allowed(c, mspeval.ManageWorkspace, func() (mspeval.Workspace, error) { return s.store.SetWorkspace(ctx, c, in) })
}

// UserCount says how many accounts exist, for the first-run hint.
func (s *Service) UserCount(ctx context.Context) (int64, error) { return s.store.UserCount(ctx) }

// CreateAccount creates a user with a workspace, for the command line.
func (s *Service) CreateAccount(ctx context.Context, a store.NewAccount) (mspeval.User, mspeval.Workspace, error) {
	return s.store.CreateAccount(ctx, a)
}

// ChangePassword changes the caller's own password, signs out their other
// sessions (keepSession is the one to keep) and revokes the API tokens they
// created, and says how many of each. Wrong current passwords are limited like
// sign-ins from clientIP. Only a person who signed in may: an API token cannot
// change its user's password.
func (s *Service) ChangePassword(ctx context.Context, c mspeval.Caller, current, next, keepSession, clientIP string) (store.PasswordChanged, error) {
	if err := signedIn(c, "change its user's password"); err != nil {
		return store.PasswordChanged{}, err
	}
	if err := c.May(mspeval.ChangeOwnPassword); err != nil {
		return store.PasswordChanged{}, err
	}
	return s.store.ChangePassword(ctx, c, current, next, keepSession, clientIP)
}

// signedIn refuses a caller that is an API token: a token acts in one
// workspace for scripts, not for its person's account.
func signedIn(c mspeval.Caller, what string) error {
	if c.TokenID != "" {
		return mspeval.Errorf(mspeval.EFORBIDDEN, "an API token cannot %s; sign in", what)
	}
	return nil
}

// MyInvitations lists the workspace invitations waiting for the caller's address.
func (s *Service) MyInvitations(ctx context.Context, c mspeval.Caller) ([]store.MemberInvitation, error) {
	return s.store.MyInvitations(ctx, c)
}

// AcceptInvitation joins the workspace that invited the caller; only a person
// who signed in may.
func (s *Service) AcceptInvitation(ctx context.Context, c mspeval.Caller, id string) (mspeval.Membership, error) {
	if err := signedIn(c, "join a workspace"); err != nil {
		return mspeval.Membership{}, err
	}
	return s.store.AcceptInvitation(ctx, c, id)
}

// DeclineInvitation turns an invitation down; only a person who signed in may.
func (s *Service) DeclineInvitation(ctx context.Context, c mspeval.Caller, id string) error {
	if err := signedIn(c, "answer an invitation"); err != nil {
		return err
	}
	return s.store.DeclineInvitation(ctx, c, id)
}

// RespondentForm opens a link: the questionnaire as the respondent sees it, and
// the draft. Nothing about scores, ratings or other candidates is in it.
func (s *Service) RespondentForm(ctx context.Context, secret string) (mspeval.RespondentForm, error) {
	return s.store.RespondentForm(ctx, secret)
}

// RespondentSave saves part of a draft through a link.
func (s *Service) RespondentSave(ctx context.Context, secret string, in map[string]*questions.Answer) (mspeval.RespondentDraft, error) {
	return s.store.RespondentSave(ctx, secret, in)
}

// RespondentQuestionnaire returns the questionnaire a working link answers,
// without recording an opening.
func (s *Service) RespondentQuestionnaire(ctx context.Context, secret string) (*questions.Questionnaire, error) {
	return s.store.RespondentQuestionnaire(ctx, secret)
}

// RespondentSubmit submits a response through a link; it is then locked.
func (s *Service) RespondentSubmit(ctx context.Context, secret string) (mspeval.RespondentDraft, error) {
	return s.store.RespondentSubmit(ctx, secret)
}

// Notifications are the emails a member asked for.
type Notifications struct {
	// Submissions: an email when a candidate of an evaluation the member
	// created submits.
	Submissions bool `json:"submissions"`
}

// MyNotifications returns the caller's choice.
func (s *Service) MyNotifications(ctx context.Context, c mspeval.Caller) (Notifications, error) {
	on, err := s.store.NotifySubmissions(ctx, c)
	return Notifications{Submissions: on}, err
}

// SetMyNotifications records the caller's choice.
func (s *Service) SetMyNotifications(ctx context.Context, c mspeval.Caller, n Notifications) error {
	if err := c.May(mspeval.ReadWorkspace); err != nil {
		return err
	}
	return s.store.SetNotifySubmissions(ctx, c, n.Submissions)
}
