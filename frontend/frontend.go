// Package frontend is the web UI served by the same binary as the API: server-
// rendered pages (html/template, typed page data, templates embedded and parsed
// at start-up) with small plain JavaScript modules where they help (autosave,
// live weights, keyboard navigation). Every page works without JavaScript.
//
// It uses the same store and scoring code as the API; it owns no data of its own.
package frontend

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/scoring"
	"mspeval/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config is what the UI needs from the service's configuration.
type Config struct {
	BaseURL       string
	SecureCookies bool
	// Signals is the API's match cache (api.Server.Signals), shared so that the
	// pages and the API never match the same text twice; nil makes a cache of its own.
	Signals *scoring.SignalCache
}

// UI holds the parsed templates and what the handlers share.
type UI struct {
	store   *store.Store
	cfg     Config
	log     *slog.Logger
	pages   map[string]*template.Template
	signals *scoring.SignalCache
	now     func() time.Time
}

// New parses every template; a broken template stops start-up here.
func New(s *store.Store, cfg Config, log *slog.Logger) (*UI, error) {
	ui := &UI{store: s, cfg: cfg, log: log, pages: map[string]*template.Template{}, signals: cfg.Signals, now: time.Now}
	if ui.signals == nil {
		ui.signals = scoring.NewSignalCache(0)
	}
	ui.cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	ui.cfg.SecureCookies = cfg.SecureCookies || strings.HasPrefix(ui.cfg.BaseURL, "https://")
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

// fail shows an error page for err with the status its code maps to.
func (ui *UI) fail(c *gin.Context, err error) {
	status := map[string]int{
		mspeval.ENOTFOUND: 404, mspeval.EFORBIDDEN: 403, mspeval.EGONE: 410, mspeval.ECONFLICT: 409,
		mspeval.EINVALID: 422, mspeval.EMALFORMED: 400, mspeval.ERATELIMITED: 429, mspeval.EUNAVAILABLE: 503,
	}[mspeval.ErrorCode(err)]
	if status == 0 {
		status = 500
		ui.log.Error("page failed", "route", c.FullPath(), "err", err)
	}
	p := page{Title: http.StatusText(status), Error: mspeval.ErrorMessage(err), Data: status, Public: true}
	if v, ok := c.Get(callerKey); ok {
		caller := v.(mspeval.Caller)
		p.Caller, p.Public = &caller, false
	}
	ui.render(c, status, "error", p)
}

// securityHeaders: no inline script or style may run, nothing may frame the
// pages, and forms post only to this site.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	c.Next()
}

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
