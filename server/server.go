// Package server puts mspeval's two surfaces on one router: the REST API under
// /api/v1 (and /healthz) and the web UI everywhere else, side by side, each with
// its own middleware and error rendering — problem+json for the API, an HTML
// page for the UI. It owns what both share: trusted proxies, unknown routes,
// and cross-origin protection.
package server

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"mspeval/api"
	"mspeval/app"
	"mspeval/frontend"
)

// Config is what the surfaces need from the service's configuration.
type Config struct {
	// BaseURL is the public address of the service; links start with it.
	BaseURL string
	// TrustedProxies are the addresses (or CIDR ranges) of reverse proxies whose
	// X-Forwarded-For header is believed. Empty: no proxy is trusted.
	TrustedProxies []string
	// SecureCookies forces the Secure flag on the session cookie.
	SecureCookies bool
	// MetricsToken turns /metrics on, for callers that send it as a bearer
	// token; empty leaves /metrics off.
	MetricsToken string
}

// New returns the service's HTTP handler.
func New(svc *app.Service, cfg Config, log *slog.Logger) (http.Handler, error) {
	a := api.New(svc, api.Config{BaseURL: cfg.BaseURL, TrustedProxies: cfg.TrustedProxies, SecureCookies: cfg.SecureCookies}, log)
	ui, err := frontend.New(svc, frontend.Config{BaseURL: cfg.BaseURL, SecureCookies: cfg.SecureCookies}, log)
	if err != nil {
		return nil, err
	}
	e := gin.New()
	// gin trusts every proxy unless told otherwise; trust only the configured ones.
	if err := e.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, err
	}
	e.HandleMethodNotAllowed = true
	e.Use(requestID)
	if cfg.MetricsToken != "" {
		m := newMetrics(svc)
		e.Use(m.observe)
		e.GET("/metrics", m.serve(cfg.MetricsToken))
	}
	e.GET("/readyz", readyz(svc))
	// HSTS on every response over https, both surfaces, errors and redirects
	// included: the one place that decides it.
	e.Use(func(c *gin.Context) {
		if app.OverHTTPS(c.Request, cfg.BaseURL) {
			c.Header("Strict-Transport-Security", app.HSTS)
		}
		c.Next()
	})
	a.Register(e)
	ui.Register(e)
	e.NoRoute(bySurface(api.NotFound, ui.NotFound))
	e.NoMethod(bySurface(api.MethodNotAllowed, ui.MethodNotAllowed))
	return api.Protect(e), nil
}

// bySurface answers with the API's handler under /api/ and the UI's elsewhere.
func bySurface(apiHandler, uiHandler gin.HandlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
			apiHandler(c)
			return
		}
		uiHandler(c)
	}
}
