package server_test

import (
	"bytes"
	"context"
	"encoding/json"
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

func newServer(t *testing.T, cfg server.Config, log *slog.Logger) (*httptest.Server, *store.Store) {
	t.Helper()
	s := storetest.Open(t, storetest.DSN(t, store.SQLite), nil)
	h, err := server.New(app.New(s, app.Options{}), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, s
}

func get(t *testing.T, url string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestReadinessAndLiveness(t *testing.T) {
	srv, s := newServer(t, server.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if res, body := get(t, srv.URL+"/readyz", nil); res.StatusCode != 200 || !strings.Contains(body, "ready") {
		t.Fatalf("readyz: %d %s", res.StatusCode, body)
	}
	s.Close() // the database goes away: not ready, still alive
	res, body := get(t, srv.URL+"/readyz", nil)
	if res.StatusCode != 503 || res.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("readyz without a database: %d %s", res.StatusCode, body)
	}
	if res, _ := get(t, srv.URL+"/healthz", nil); res.StatusCode != 200 {
		t.Errorf("healthz is a liveness probe: got %d", res.StatusCode)
	}
}

func TestMetricsNeedTheTokenAndNameRoutesNotPaths(t *testing.T) {
	off, _ := newServer(t, server.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if res, _ := get(t, off.URL+"/metrics", nil); res.StatusCode != 404 {
		t.Errorf("metrics without a token configured: got %d, want 404", res.StatusCode)
	}
	srv, _ := newServer(t, server.Config{MetricsToken: "s3cret-metrics"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	get(t, srv.URL+"/api/v1/respond/msr_not-a-real-secret", nil)
	get(t, srv.URL+"/healthz", nil)
	if res, _ := get(t, srv.URL+"/metrics", map[string]string{"Authorization": "Bearer wrong"}); res.StatusCode != 401 {
		t.Errorf("metrics with a wrong token: got %d", res.StatusCode)
	}
	res, body := get(t, srv.URL+"/metrics", map[string]string{"Authorization": "Bearer s3cret-metrics"})
	if res.StatusCode != 200 {
		t.Fatalf("metrics: %d", res.StatusCode)
	}
	for _, want := range []string{
		`mspeval_http_requests_total{method="GET",route="/api/v1/respond/:token",status="404"} 1`,
		`mspeval_http_request_duration_seconds_bucket{method="GET",route="/healthz"`,
		`go_sql_open_connections{db_name="write"}`,
		`mspeval_outbox_queued 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "msr_not-a-real-secret") {
		t.Error("a respondent's secret reached the metrics")
	}
}

func TestRequestIDIsSentAndLogged(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(server.LogHandler(slog.NewJSONHandler(&logs, nil)))
	srv, s := newServer(t, server.Config{}, log)
	res, _ := get(t, srv.URL+"/healthz", map[string]string{"X-Request-Id": "proxy-given-id-123"})
	if got := res.Header.Get("X-Request-Id"); got != "proxy-given-id-123" {
		t.Errorf("a proxy's request id: got %q", got)
	}
	res, _ = get(t, srv.URL+"/healthz", map[string]string{"X-Request-Id": "bad id\"with quotes"})
	if got := res.Header.Get("X-Request-Id"); len(got) != 24 {
		t.Errorf("an unusable request id should be replaced: got %q", got)
	}
	// A failing request logs one JSON line with the id.
	s.Close()
	req, _ := http.NewRequestWithContext(context.Background(), "GET", srv.URL+"/api/v1/respond/msr_x", nil)
	req.Header.Set("X-Request-Id", "trace-me-0001")
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
	}
	var found bool
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["request_id"] == "trace-me-0001" {
			found = true
		}
	}
	if !found {
		t.Errorf("no JSON log line carries the request id: %s", logs.String())
	}
}

// TestMetricsShowTheUploadSlots pins the two upload gauges: the slots the
// process was given and how many uploads hold one now.
func TestMetricsShowTheUploadSlots(t *testing.T) {
	s := storetest.Open(t, storetest.DSN(t, store.SQLite), nil)
	svc := app.New(s, app.Options{UploadSlots: 3})
	h, err := server.New(svc, server.Config{MetricsToken: "s3cret-metrics"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	release, err := svc.HoldUpload()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	_, body := get(t, srv.URL+"/metrics", map[string]string{"Authorization": "Bearer s3cret-metrics"})
	for _, want := range []string{"\nmspeval_upload_slots 3\n", "\nmspeval_uploads_reading 1\n"} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", strings.TrimSpace(want))
		}
	}
}
