package frontend_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"mspeval/app"
	"mspeval/server"
	"mspeval/store"
	"mspeval/store/storetest"
)

const wantHSTS = "max-age=31536000; includeSubDomains"

// headersServer is the whole service on srv, configured with baseURL.
func headersServer(t *testing.T, srv *httptest.Server, baseURL string) {
	t.Helper()
	s := storetest.Open(t, storetest.DSN(t, store.SQLite), nil)
	h, err := server.New(app.New(s, app.Options{}), server.Config{BaseURL: baseURL}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	t.Cleanup(srv.Close)
}

func headersOf(t *testing.T, c *http.Client, u string) http.Header {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Header
}

// HSTS is sent when the service is reached over https — its own TLS or a base
// URL that says a proxy ends TLS in front of it — and never over plain http,
// where a browser would ignore it anyway and a test set-up would be stuck with it.
func TestHSTSOnlyOverHTTPS(t *testing.T) {
	paths := []string{"/login", "/api/v1/me", "/r/not-a-link", "/no-such-page", "/api/v1/no-such-route", "/", "/evaluations"}
	t.Run("PlainHTTPHasNone", func(t *testing.T) {
		srv := httptest.NewUnstartedServer(nil)
		headersServer(t, srv, "http://"+srv.Listener.Addr().String())
		srv.Start()
		for _, p := range paths {
			if got := headersOf(t, srv.Client(), srv.URL+p).Get("Strict-Transport-Security"); got != "" {
				t.Errorf("%s over http: got HSTS %q, want none", p, got)
			}
		}
	})
	t.Run("DirectTLSHasIt", func(t *testing.T) {
		srv := httptest.NewUnstartedServer(nil)
		headersServer(t, srv, "http://"+srv.Listener.Addr().String())
		srv.StartTLS()
		for _, p := range paths {
			if got := headersOf(t, srv.Client(), srv.URL+p).Get("Strict-Transport-Security"); got != wantHSTS {
				t.Errorf("%s over TLS: got HSTS %q, want %q", p, got, wantHSTS)
			}
		}
	})
	t.Run("HTTPSBaseURLHasIt", func(t *testing.T) {
		srv := httptest.NewUnstartedServer(nil)
		headersServer(t, srv, "https://mspeval.example")
		srv.Start()
		for _, p := range paths {
			if got := headersOf(t, srv.Client(), srv.URL+p).Get("Strict-Transport-Security"); got != wantHSTS {
				t.Errorf("%s behind a TLS proxy: got HSTS %q, want %q", p, got, wantHSTS)
			}
		}
	})
}

// Pages turn off the browser features the service never uses and keep other
// windows from holding a reference to them.
func TestPagesSendPermissionsAndOpenerPolicies(t *testing.T) {
	s := newSite(t)
	for _, p := range []string{"/login", "/r/not-a-link", "/no-such-page"} {
		h := headersOf(t, client(t), s.url+p)
		pp := h.Get("Permissions-Policy")
		for _, feature := range []string{"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"} {
			if !strings.Contains(pp, feature) {
				t.Errorf("%s: Permissions-Policy %q lacks %s", p, pp, feature)
			}
		}
		if got := h.Get("Cross-Origin-Opener-Policy"); got != "same-origin" {
			t.Errorf("%s: Cross-Origin-Opener-Policy got %q, want same-origin", p, got)
		}
	}
}

func TestFaviconIsServed(t *testing.T) {
	s := newSite(t)
	for _, path := range []string{"/favicon.ico", "/static/favicon.svg"} {
		res, err := http.Get(s.url + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/svg+xml") {
			t.Errorf("%s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
}
