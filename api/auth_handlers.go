package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
)

// SessionCookie is the name of the browser session cookie, shared with the UI.
const SessionCookie = app.SessionCookie

const callerKey = "mspeval.caller"

func (s *Server) setSession(c *gin.Context, secret string) {
	http.SetCookie(c.Writer, s.app.SessionCookie(secret, s.cfg.SecureCookies || c.Request.TLS != nil))
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
		caller, err = s.app.CallerFromToken(c.Request.Context(), strings.TrimSpace(token))
	} else if cookie, cerr := c.Cookie(SessionCookie); cerr == nil && cookie != "" {
		caller, err = s.app.CallerFromSession(c.Request.Context(), cookie)
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
	secret, caller, err := s.app.SignIn(c.Request.Context(), req.Email, req.Password, req.WorkspaceID, c.ClientIP(), c.GetHeader("User-Agent"))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setSession(c, secret)
	s.writeMe(c, caller, "session", http.StatusCreated)
}

func (s *Server) signOut(c *gin.Context) {
	if cookie, err := c.Cookie(SessionCookie); err == nil && cookie != "" {
		if err := s.app.SignOut(c.Request.Context(), cookie); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.setSession(c, "")
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
	user, memberships, err := s.app.Me(c.Request.Context(), caller)
	if err != nil {
		s.fail(c, err)
		return
	}
	ws, err := s.app.Workspace(c.Request.Context(), caller)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(status, meResponse{User: user, Workspace: ws, Role: caller.Role, Via: via, Memberships: memberships})
}

// healthz is the liveness probe: the process serves requests. It checks
// nothing else, so that an orchestrator does not restart a healthy process
// for a database outage; /readyz (package server) checks the database.
func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}
