package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/store"
)

// SessionCookie is the name of the browser session cookie.
const SessionCookie = "mspeval_session"

const callerKey = "mspeval.caller"

// SetSessionCookie sets the browser session cookie, or clears it when secret is
// empty. It is HttpOnly and SameSite=Lax, and Secure over TLS or when secure is
// set. The API and the web UI share it.
func SetSessionCookie(w http.ResponseWriter, r *http.Request, secret string, secure bool) {
	ck := &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: secure || r.TLS != nil, MaxAge: int(store.SessionTTL / time.Second)}
	if secret == "" {
		ck.MaxAge = -1
	}
	http.SetCookie(w, ck)
}

// authenticate resolves the caller from a bearer token or the session cookie.
func (s *Server) authenticate(c *gin.Context) {
	var (
		caller mspeval.Caller
		err    error
	)
	if h := c.GetHeader("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			s.fail(c, mspeval.Errorf(mspeval.EUNAUTHORIZED, "the Authorization header must be: Bearer <token>"))
			return
		}
		caller, err = s.store.CallerFromToken(c.Request.Context(), strings.TrimSpace(token))
	} else if cookie, cerr := c.Cookie(SessionCookie); cerr == nil && cookie != "" {
		caller, err = s.store.CallerFromSession(c.Request.Context(), cookie)
	} else {
		err = mspeval.Errorf(mspeval.EUNAUTHORIZED, "sign in, or send an API token as: Authorization: Bearer <token>")
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Set(callerKey, caller)
	c.Next()
}

func callerOf(c *gin.Context) mspeval.Caller {
	v, _ := c.Get(callerKey)
	caller, _ := v.(mspeval.Caller)
	return caller
}

type signInRequest struct {
	Email       string `json:"email" validate:"required,max=254"`
	Password    string `json:"password" validate:"required,max=1024"`
	WorkspaceID string `json:"workspace_id" validate:"max=64"`
}

type meResponse struct {
	User        mspeval.User         `json:"user"`
	Workspace   mspeval.Workspace    `json:"workspace"`
	Role        mspeval.Role         `json:"role"`
	Via         string               `json:"via"`
	Memberships []mspeval.Membership `json:"memberships"`
}

func (s *Server) signIn(c *gin.Context) {
	var req signInRequest
	if !s.bind(c, &req) {
		return
	}
	secret, caller, err := s.store.SignIn(c.Request.Context(), req.Email, req.Password, req.WorkspaceID, c.ClientIP(), c.GetHeader("User-Agent"))
	if err != nil {
		s.fail(c, err)
		return
	}
	SetSessionCookie(c.Writer, c.Request, secret, s.cfg.SecureCookies)
	s.writeMe(c, caller, "session", http.StatusCreated)
}

func (s *Server) signOut(c *gin.Context) {
	if cookie, err := c.Cookie(SessionCookie); err == nil && cookie != "" {
		if err := s.store.SignOut(c.Request.Context(), cookie); err != nil {
			s.fail(c, err)
			return
		}
	}
	SetSessionCookie(c.Writer, c.Request, "", s.cfg.SecureCookies)
	c.Status(http.StatusNoContent)
}

func (s *Server) me(c *gin.Context) {
	caller := callerOf(c)
	via := "session"
	if caller.TokenID != "" {
		via = "token"
	}
	s.writeMe(c, caller, via, http.StatusOK)
}

func (s *Server) writeMe(c *gin.Context, caller mspeval.Caller, via string, status int) {
	user, memberships, err := s.store.Me(c.Request.Context(), caller)
	if err != nil {
		s.fail(c, err)
		return
	}
	ws, err := s.store.Workspace(c.Request.Context(), caller)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(status, meResponse{User: user, Workspace: ws, Role: caller.Role, Via: via, Memberships: memberships})
}

func (s *Server) healthz(c *gin.Context) {
	if err := s.store.Ping(c.Request.Context()); err != nil {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}
