// Package api is mspeval's REST API under /api/v1: gin handlers, the middleware
// that authenticates callers and protects against cross-site requests, the
// mapping from domain errors to problem+json, and the OpenAPI document.
//
// Handlers are thin: bind, call one store method, respond. Everything that decides
// who may see what is in the store, keyed by the caller's workspace.
package api

import (
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-playground/validator/v10"

	"mspeval"
	"mspeval/scoring"
	"mspeval/store"
)

// Config is what the API needs from the service's configuration.
type Config struct {
	// BaseURL is the public address of the service; invitation links start with it.
	BaseURL string
	// TrustedProxies are the addresses (or CIDR ranges) of reverse proxies whose
	// X-Forwarded-For header is believed. Empty: no proxy is trusted, and the
	// client address is the connection's.
	TrustedProxies []string
	// SecureCookies forces the Secure flag on the session cookie (set it when TLS
	// ends at a proxy); over direct TLS the flag is set anyway.
	SecureCookies bool
}

// Server is the API's HTTP handler.
type Server struct {
	store    *store.Store
	cfg      Config
	log      *slog.Logger
	validate *validator.Validate
	engine   *gin.Engine
	now      func() time.Time
	// signals remembers phrase-rule matches between comparisons.
	signals *scoring.SignalCache
}

// New builds the API.
func New(s *store.Store, cfg Config, log *slog.Logger) (*Server, error) {
	gin.SetMode(gin.ReleaseMode)
	srv := &Server{store: s, cfg: cfg, log: log, validate: newValidator(), now: time.Now,
		signals: scoring.NewSignalCache(0)}
	srv.cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	// A service whose public address is https is reached over TLS, even when
	// TLS ends at a proxy: its cookie must never travel in clear.
	srv.cfg.SecureCookies = cfg.SecureCookies || strings.HasPrefix(srv.cfg.BaseURL, "https://")
	e := gin.New()
	e.HandleMethodNotAllowed = true
	// Handlers pass c.Request.Context() to the store, never the gin.Context:
	// gin reuses a Context after the handler returns, while database/sql may
	// still be watching the context it was given.
	// gin trusts every proxy unless told otherwise; trust only the configured ones.
	if err := e.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, err
	}
	e.Use(srv.recoverer, srv.accessLog, securityHeaders, limitBody)
	e.NoRoute(NotFound)
	e.NoMethod(func(c *gin.Context) {
		writeProblem(c.Writer, Problem{Type: "urn:mspeval:problem:method_not_allowed", Title: "Method Not Allowed",
			Status: 405, Code: "method_not_allowed", Detail: c.Request.Method + " is not allowed here"})
	})
	srv.engine = e
	srv.routes(e)
	return srv, nil
}

// NotFound answers an unknown API route with a problem.
func NotFound(c *gin.Context) {
	writeProblem(c.Writer, Problem{Type: "urn:mspeval:problem:not_found", Title: "Not Found", Status: 404,
		Code: "not_found", Detail: "no such endpoint: " + c.Request.Method + " " + strings.ToValidUTF8(c.Request.URL.Path, "?")})
}

// Handler returns the API wrapped in cross-origin protection: a browser's unsafe
// request (POST, PUT, PATCH, DELETE) from another origin is refused, which is what
// makes cookie authentication safe from cross-site request forgery. Requests
// without browser headers (curl, scripts with tokens) pass.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, Problem{Type: "urn:mspeval:problem:forbidden", Title: "Forbidden", Status: 403, Code: "forbidden",
			Detail: "cross-origin request refused: send it from a page of this site"})
	}))
	return cop.Handler(s.engine)
}

// Signals is the server's cache of phrase-rule matches, for the web UI to share:
// a text matched for one is matched for both.
func (s *Server) Signals() *scoring.SignalCache { return s.signals }

// Engine exposes the gin engine so that the web UI can add its routes to it.
func (s *Server) Engine() *gin.Engine { return s.engine }

func (s *Server) recoverer(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic", "method", c.Request.Method, "route", c.FullPath(), "panic", v)
			writeProblem(c.Writer, Problem{Type: "urn:mspeval:problem:internal", Title: "Internal Server Error",
				Status: 500, Code: "internal", Detail: "internal error"})
			c.Abort()
		}
	}()
	c.Next()
}

// accessLog logs one line per request by route pattern, never the raw path: a
// respondent's path holds the link's secret.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "(no route)"
	}
	s.log.Debug("request", "method", c.Request.Method, "route", route, "status", c.Writer.Status(),
		"ms", time.Since(start).Milliseconds(), "client", c.ClientIP())
}

func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		h.Set("Cache-Control", "no-store")
	}
	c.Next()
}

// checkIDs answers 404 for an :id that no object can have, before any query.
func checkIDs(c *gin.Context) {
	if id, ok := c.Params.Get("id"); ok && !mspeval.ValidID(id) {
		writeProblem(c.Writer, Problem{Type: "urn:mspeval:problem:not_found", Title: "Not Found", Status: 404,
			Code: mspeval.ENOTFOUND, Detail: "no object has the ID " + strconv.Quote(strings.ToValidUTF8(id, "?"))})
		c.Abort()
		return
	}
	c.Next()
}

func limitBody(c *gin.Context) {
	if c.Request.Body != nil {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxBodyBytes)
	}
	c.Next()
}

// ParseProxies checks a list of proxy addresses or ranges.
func ParseProxies(list []string) error {
	for _, p := range list {
		if _, err := netip.ParsePrefix(p); err == nil {
			continue
		}
		if _, err := netip.ParseAddr(p); err != nil {
			return err
		}
	}
	return nil
}
