package frontend_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"mspeval"
	"mspeval/app"
	"mspeval/server"
	"mspeval/store"
	"mspeval/store/storetest"
)

// site is the whole service (API and UI) on a real HTTP server over a fresh
// SQLite database, as the binary runs it.
type site struct {
	url   string
	store *store.Store
}

func newSite(t *testing.T) *site {
	t.Helper()
	return newSiteWith(t, store.Options{})
}

// newSiteWith is newSite with the store's options.
func newSiteWith(t *testing.T, opts store.Options) *site {
	t.Helper()
	return serveSite(t, storetest.OpenWith(t, storetest.DSN(t, store.SQLite), opts))
}

// newSiteOn is newSite on a fresh database at dsn (storetest.DSN), of either dialect.
func newSiteOn(t *testing.T, dsn string) *site {
	t.Helper()
	return serveSite(t, storetest.OpenWith(t, dsn, store.Options{}))
}

// serveSite runs the whole service over s on a real HTTP server until the test ends.
func serveSite(t *testing.T, s *store.Store) *site {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := server.New(app.New(s, app.Options{}), server.Config{BaseURL: base}, log)
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	return &site{url: base, store: s}
}

// chromiumPath finds Debian's chromium (installed by .ci/run).
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser checks that a Chromium binary exists; the test is skipped, saying so,
// when there is none.
func browser(t *testing.T) string {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		t.Skip("no Chromium binary: apt-get install chromium (.ci/run does) to run the browser tests")
	}
	return path
}

// tab starts a fresh headless Chromium (its own profile: no cookies, no
// storage) and returns a context for its tab, with a time limit.
func tab(t *testing.T, path string) context.Context {
	t.Helper()
	// Not t.TempDir: Chromium may still be writing its profile as the test
	// ends, and a leftover file must not fail the test.
	profile, err := os.MkdirTemp("", "mspeval-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 120*time.Second)
	t.Cleanup(func() {
		_ = chromedp.Cancel(ctx) // closes the browser and waits for it
		cancelTimeout()
		cancel()
		cancelAlloc()
		os.RemoveAll(profile)
	})
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// signIn signs in through the sign-in page.
func signIn(t *testing.T, ctx context.Context, s *site, email, password string) {
	t.Helper()
	run(t, ctx,
		chromedp.Navigate(s.url+"/login"),
		chromedp.WaitVisible(`#email`, chromedp.ByQuery),
		chromedp.SendKeys(`#email`, email, chromedp.ByQuery),
		chromedp.SendKeys(`#password`, password, chromedp.ByQuery),
		chromedp.Click(`form[action="/login"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`header.top`, chromedp.ByQuery),
	)
}

// bodyText returns the page's visible text.
func bodyText(t *testing.T, ctx context.Context) string {
	t.Helper()
	var text string
	run(t, ctx, chromedp.Text("body", &text, chromedp.ByQuery))
	return text
}

// screenshot saves the page at desktop and phone widths when
// MSPEVAL_SCREENSHOTS names a folder, for people to look at.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("MSPEVAL_SCREENSHOTS")
	if dir == "" {
		return
	}
	for _, size := range []struct {
		suffix        string
		width, height int64
		mobile        bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		var png []byte
		run(t, ctx,
			emulation.SetDeviceMetricsOverride(size.width, size.height, 1, size.mobile),
			chromedp.Sleep(150*time.Millisecond),
			chromedp.CaptureScreenshot(&png),
		)
		if err := os.WriteFile(filepath.Join(dir, name+"-"+size.suffix+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run(t, ctx, emulation.ClearDeviceMetricsOverride())
}

func account(t *testing.T, s *site, email, workspace string, role mspeval.Role) mspeval.Caller {
	t.Helper()
	return storetest.Account(t, s.store, email, workspace, role)
}

func contains(t *testing.T, text, want, where string) {
	t.Helper()
	if !strings.Contains(text, want) {
		t.Errorf("%s: %q not found", where, want)
	}
}

// waitFor evaluates a JavaScript condition until it is true. Unlike
// chromedp.Poll it rides out page navigations (a condition evaluated while the
// page is being replaced just counts as not yet true).
func waitFor(js string, timeout time.Duration) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		deadline := time.Now().Add(timeout)
		for {
			var ok bool
			if err := chromedp.Evaluate(js, &ok).Do(ctx); err == nil && ok {
				return nil
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("waited %v for %s", timeout, js)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
}
