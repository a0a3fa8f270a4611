// Package api is mspeval's REST API under /api/v1: gin handlers, the middleware
// that authenticates callers and protects against cross-site requests, the
// mapping from domain errors to problem+json, and the OpenAPI document.
//
// Handlers are thin: bind, call one method of the app layer, respond. Everything
// that decides who may see and do what is in package app and the domain.
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
	"mspeval/app"
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

// Server is the REST API: its routes, middleware and error rendering.
type Server struct {
	app      *app.Service
	cfg      Config
	log      *slog.Logger
	validate *validator.Validate
}

// New builds the API over the app layer.
func New(svc *app.Service, cfg Config, log *slog.Logger) *Server {
	srv := &Server{app: svc, cfg: cfg, log: log, validate: newValidator()}
	srv.cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	srv.cfg.SecureCookies = app.SecureCookies(srv.cfg.BaseURL, cfg.SecureCookies)
	return srv
}

// Register adds the API's routes to e, under /api/v1 and /healthz, each group
// with the API's own middleware: problem+json for errors and panics.
// Handlers pass c.Request.Context() to the app, never the gin.Context: gin
// reuses a Context after the handler returns, while database/sql may still be
// watching the context it was given.
func (s *Server) Register(e *gin.Engine) {
	s.routes(e.Group("", s.recoverer, s.accessLog, s.securityHeaders, limitBody))
}

// Handler returns the API alone on an engine of its own, wrapped in
// cross-origin protection; the service mounts it beside the web UI instead.
func (s *Server) Handler() (http.Handler, error) {
	e := gin.New()
	if err := e.SetTrustedProxies(s.cfg.TrustedProxies); err != nil {
		return nil, err
	}
	e.HandleMethodNotAllowed = true
	e.NoRoute(NotFound)
	e.NoMethod(MethodNotAllowed)
	s.Register(e)
	return Protect(e), nil
}

// Routes lists the API's routes, for tests that walk every one of them.
func (s *Server) Routes() gin.RoutesInfo {
	e := gin.New()
	s.Register(e)
	return e.Routes()
}

// NotFound answers an unknown API route with a problem.
func NotFound(c *gin.Context) {
	writeProblem(c.Writer, Problem{Type: "urn:mspeval:problem:not_found", Title: "Not Found", Status: 404,
		Code: "not_found", Detail: "no such endpoint: " + c.Request.Method + " " + strings.ToValidUTF8(c.Request.URL.Path, "?")})
}

// MethodNotAllowed answers a known API route called with another method.
func MethodNotAllowed(c *gin.Context) {
	writeProblem(c.Writer, Problem{Type: "urn:mspeval:problem:method_not_allowed", Title: "Method Not Allowed",
		Status: 405, Code: "method_not_allowed", Detail: c.Request.Method + " is not allowed here"})
}

// Protect wraps h in cross-origin protection: a browser's unsafe request (POST,
// PUT, PATCH, DELETE) from another origin is refused, which is what makes cookie
// authentication safe from cross-site request forgery. Requests without browser
// headers (curl, scripts with tokens) pass.
func Protect(h http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, Problem{Type: "urn:mspeval:problem:forbidden", Title: "Forbidden", Status: 403, Code: "forbidden",
			Detail: "cross-origin request refused: send it from a page of this site"})
	}))
	return cop.Handler(h)
}

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

// securityHeaders: nothing sniffs, frames or refers. HSTS is the router's
// (server.New), for every response of both surfaces.
func (s *Server) securityHeaders(c *gin.Context) {
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

// limitBody bounds every request body to MaxBodyBytes. A file upload is
// larger: it reads the body kept under rawBodyKey, bounded by its question's
// own limit (readUpload).
func limitBody(c *gin.Context) {
	if c.Request.Body != nil {
		c.Set(rawBodyKey, c.Request.Body)
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
