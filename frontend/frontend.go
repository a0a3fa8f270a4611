// Package frontend is the web UI served by the same binary as the API: server-
// rendered pages (html/template, typed page data, templates embedded and parsed
// at start-up) with small plain JavaScript modules where they help (autosave,
// live weights, keyboard navigation). Every page works without JavaScript.
//
// It calls the same app layer as the API for every decision; it owns no data and
// no rule of its own, and it renders its errors as HTML pages.
package frontend

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config is what the UI needs from the service's configuration.
type Config struct {
	BaseURL       string
	SecureCookies bool
}

// UI holds the parsed templates and what the handlers share.
type UI struct {
	app   *app.Service
	cfg   Config
	log   *slog.Logger
	pages map[string]*template.Template
}

// New parses every template; a broken template stops start-up here.
func New(svc *app.Service, cfg Config, log *slog.Logger) (*UI, error) {
	ui := &UI{app: svc, cfg: cfg, log: log, pages: map[string]*template.Template{}}
	ui.cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	ui.cfg.SecureCookies = app.SecureCookies(ui.cfg.BaseURL, cfg.SecureCookies)
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
		if strings.HasPrefix(base, "_") {
			continue // partials and the layout, parsed with every page
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/_*.html", name)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		ui.pages[base] = t
	}
	return ui, nil
}

// page is what every template gets: the layout's data and the page's own.
type page struct {
	Title     string
	Caller    *mspeval.Caller
	Workspace string
	Nav       string // which navigation item is current
	Flash     string
	Error     string
	Data      any
	// Public pages (the respondent's form) show no navigation.
	Public bool
}

// render executes a page into memory first, so that a template error becomes a
// clean error page rather than half a page.
func (ui *UI) render(c *gin.Context, status int, name string, p page) {
	t, ok := ui.pages[name]
	if !ok {
		ui.fail(c, fmt.Errorf("no page %q", name))
		return
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", p); err != nil {
		ui.log.Error("render", "page", name, "err", err)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("internal error"))
		return
	}
	c.Data(status, "text/html; charset=utf-8", b.Bytes())
}

// fail shows an error page for err with the status mspeval.Status gives it.
// Unexpected errors are logged with their cause; the page never shows it.
func (ui *UI) fail(c *gin.Context, err error) {
	status := mspeval.Status(err)
	if mspeval.Unexpected(err) {
		ui.log.ErrorContext(c.Request.Context(), "page failed", "method", c.Request.Method, "route", c.FullPath(), "err", err)
	}
	if status == http.StatusUnauthorized {
		ui.toSignIn(c)
		return
	}
	p := page{Title: http.StatusText(status), Error: mspeval.ErrorMessage(err), Data: status, Public: true}
	if v, ok := c.Get(callerKey); ok {
		caller := v.(mspeval.Caller)
		p.Caller, p.Public = &caller, false
	}
	if ra := retryAfter(err); ra > 0 {
		c.Header("Retry-After", strconv.Itoa(ra))
	}
	ui.render(c, status, "error", p)
	c.Abort()
}

func retryAfter(err error) int {
	var e *mspeval.Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// recoverer turns a panic in a page into the HTML error page.
func (ui *UI) recoverer(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			ui.fail(c, mspeval.Internal(fmt.Errorf("panic: %v", v)))
		}
	}()
	c.Next()
}

// securityHeaders: no inline script or style may run, nothing may frame the
// pages (but a campaign's, by the sites its workspace names: allowFraming),
// forms post only to this site, no other window keeps a handle on a page
// (Cross-Origin-Opener-Policy), and the browser features the service never uses
// are off. HSTS is the router's (server.New), for every response.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy("'none'"))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", PermissionsPolicy)
	c.Next()
}

// contentSecurityPolicy is every page's policy, with the sources that may
// frame the page (allowFraming widens them for a campaign's pages).
func contentSecurityPolicy(frameAncestors string) string {
	return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"connect-src 'self'; form-action 'self'; frame-ancestors " + frameAncestors + "; base-uri 'none'; object-src 'none'"
}

// PermissionsPolicy turns off the powerful browser features no page uses.
const PermissionsPolicy = "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), " +
	"magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=(), xr-spatial-tracking=()"

func noStore(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Next()
}

// static serves the embedded CSS and JavaScript.
func staticHandler() gin.HandlerFunc {
	sub, _ := fs.Sub(staticFS, "static")
	fileServer := http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
	return func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=3600")
		fileServer.ServeHTTP(c.Writer, c.Request)
	}
}
