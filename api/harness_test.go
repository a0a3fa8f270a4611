package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"mspeval"
	"mspeval/api"
	"mspeval/app"
	"mspeval/store"
	"mspeval/store/storetest"
)

// env is a real API over a real database on a real HTTP server. Every request
// a test sends and every response it gets is checked against openapi.yaml, so
// the document and the code cannot drift apart.
type env struct {
	t      testing.TB
	srv    *httptest.Server
	store  *store.Store
	router routers.Router
	// auth holds the headers that authenticate each named caller.
	auth map[string]http.Header
}

func init() {
	// The reports are files: validate their status and headers, and take the
	// bytes as they are.
	for _, ct := range []string{"application/pdf", "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
}

var openAPIDoc = func() *openapi3.T {
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPIYAML)
	if err != nil {
		panic("openapi.yaml does not load: " + err.Error())
	}
	return doc
}()

func newEnv(t testing.TB, dsn string) *env {
	t.Helper()
	if err := openAPIDoc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.yaml is not a valid OpenAPI document: %v", err)
	}
	router, err := gorillamux.NewRouter(openAPIDoc)
	if err != nil {
		t.Fatalf("openapi router: %v", err)
	}
	s := storetest.Open(t, dsn, nil)
	h, err := api.New(app.New(s, app.Options{WebhookAllow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}), api.Config{BaseURL: "http://mspeval.test"}, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler()
	if err != nil {
		t.Fatalf("api: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{t: t, srv: srv, store: s, router: router, auth: map[string]http.Header{}}
}

// request is one call. Body is marshalled to JSON unless Raw is set.
type request struct {
	Method, Path string
	As           string // a name given to signIn or useToken; "" sends no credentials
	Body         any
	Raw          string
	Header       http.Header
	// Malformed skips request validation, for tests that send what the
	// document forbids on purpose. The response is still validated.
	Malformed bool
}

type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

func (r response) cookies() []*http.Cookie {
	return (&http.Response{Header: r.Header}).Cookies()
}

func (r response) problem(t testing.TB) api.Problem {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("content type: got %q, want application/problem+json (body %s)", ct, r.Body)
	}
	var p api.Problem
	r.decode(t, &p)
	return p
}

func (e *env) do(req request) response {
	e.t.Helper()
	var body []byte
	switch {
	case req.Raw != "":
		body = []byte(req.Raw)
	case req.Body != nil:
		var err error
		if body, err = json.Marshal(req.Body); err != nil {
			e.t.Fatalf("marshal: %v", err)
		}
	}
	build := func() *http.Request {
		r, err := http.NewRequest(req.Method, e.srv.URL+req.Path, bytes.NewReader(body))
		if err != nil {
			e.t.Fatalf("request: %v", err)
		}
		if body != nil {
			r.Header.Set("Content-Type", "application/json")
		}
		for k, vs := range e.auth[req.As] {
			r.Header[k] = vs
		}
		for k, vs := range req.Header {
			r.Header[k] = vs
		}
		return r
	}

	httpReq := build()
	route, params, err := e.router.FindRoute(httpReq)
	if err != nil {
		e.t.Fatalf("%s %s is not in openapi.yaml: %v", req.Method, req.Path, err)
	}
	in := &openapi3filter.RequestValidationInput{
		Request: build(), PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	if !req.Malformed {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			e.t.Fatalf("%s %s: the request does not match openapi.yaml: %v", req.Method, req.Path, err)
		}
	}

	resp, err := http.DefaultClient.Do(httpReq)
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.Path, err)
	}
	defer resp.Body.Close()
	respBody, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("read response: %v", err)
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	out.SetBodyBytes(respBody)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		e.t.Fatalf("%s %s -> %d: the response does not match openapi.yaml: %v\nbody: %s", req.Method, req.Path, resp.StatusCode, err, respBody)
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: respBody}
}

// must sends a request and fails the test unless the status is want.
func (e *env) must(want int, req request) response {
	e.t.Helper()
	r := e.do(req)
	if r.Status != want {
		e.t.Fatalf("%s %s as %q: got %d, want %d\nbody: %s", req.Method, req.Path, req.As, r.Status, want, r.Body)
	}
	return r
}

// signIn creates an account and signs it in through the API, keeping its
// session cookie under name.
func (e *env) signIn(name, email, workspace string, role mspeval.Role) mspeval.Caller {
	e.t.Helper()
	c := storetest.Account(e.t, e.store, email, workspace, role)
	r := e.must(http.StatusCreated, request{Method: "POST", Path: "/api/v1/session",
		Body: map[string]string{"email": email, "password": storetest.Password}})
	h := http.Header{}
	for _, ck := range r.cookies() {
		if ck.Name == api.SessionCookie {
			h.Set("Cookie", ck.Name+"="+ck.Value)
		}
	}
	if h.Get("Cookie") == "" {
		e.t.Fatalf("sign-in set no session cookie: %v", r.Header)
	}
	e.auth[name] = h
	return c
}

// useToken creates an API token for caller with role and keeps it under name.
func (e *env) useToken(name string, owner mspeval.Caller, role mspeval.Role) {
	e.t.Helper()
	_, secret, err := e.store.CreateToken(context.Background(), owner, store.NewToken{Name: name, Role: role})
	if err != nil {
		e.t.Fatalf("token: %v", err)
	}
	e.auth[name] = http.Header{"Authorization": {"Bearer " + secret}}
}
