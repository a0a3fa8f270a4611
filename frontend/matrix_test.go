package frontend_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"mspeval"
	"mspeval/app"
	"mspeval/frontend"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestPageAccessMatrix walks every page route with every kind of visitor:
// no page answers 5xx; a visitor without a session is sent to sign in; a
// viewer changes nothing; another workspace's owner learns nothing (this
// workspace's objects answer exactly as IDs that exist nowhere); and another
// candidate's link opens nothing of this one.
func TestPageAccessMatrix(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	owner := account(t, s, "owner@a.example", "Workspace A", mspeval.RoleOwner)
	account(t, s, "viewer@a.example", "Workspace A", mspeval.RoleViewer)
	account(t, s, "owner@b.example", "Workspace B", mspeval.RoleOwner)
	ev, err := s.store.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "A's evaluation", QuestionnaireKey: "partner-selection"})
	if err != nil {
		t.Fatal(err)
	}
	cand, _ := s.store.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: "A's MSP"})
	inv, secret, _ := s.store.CreateInvitation(ctx, owner, cand.ID, nil)
	nowhere := mspeval.NewID(time.Now())

	signedIn := func(email string) *http.Client {
		c := client(t)
		if code, _ := post(t, c, s.url+"/login", url.Values{"email": {email}, "password": {storetest.Password}}, nil); code != 200 {
			t.Fatalf("sign-in %s: got %d", email, code)
		}
		return c
	}
	visitors := map[string]*http.Client{"anonymous": client(t), "viewer": signedIn("viewer@a.example"), "ownerB": signedIn("owner@b.example")}
	ui, err := frontend.New(app.New(s.store, app.Options{}), frontend.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	fill := func(path, id string) string {
		parts := strings.Split(path, "/")
		for i, p := range parts {
			switch p {
			case ":id":
				if id != "" {
					parts[i] = id
					continue
				}
				parts[i] = map[string]string{"evaluations": ev.ID, "candidates": cand.ID, "invitations": inv.ID}[parts[i-1]]
				if parts[i] == "" {
					parts[i] = cand.ID
				}
			case ":token":
				parts[i] = secret
			case ":question":
				parts[i] = "role_alongside_internal_it"
			case ":key":
				parts[i] = "partner-selection"
			case "*path":
				parts[i] = "app.css"
			}
		}
		return strings.Join(parts, "/")
	}
	do := func(c *http.Client, method, path string) int {
		t.Helper()
		if method == "GET" {
			code, _, _ := getNoFollow(t, c, s.url+path)
			return code
		}
		code, _ := postNoFollow(t, c, s.url+path)
		return code
	}
	public := func(p string) bool {
		return p == "/" || p == "/login" || p == "/logout" || strings.HasPrefix(p, "/r/") || strings.HasPrefix(p, "/c/") ||
			strings.HasPrefix(p, "/static/") || p == "/favicon.ico"
	}
	routes := ui.Routes()
	if len(routes) < 30 {
		t.Fatalf("only %d page routes", len(routes))
	}
	for _, r := range routes {
		if r.Path == "/logout" {
			continue // it would end the visitor's session for the rest of the walk
		}
		path := fill(r.Path, "")
		for _, who := range []string{"anonymous", "viewer", "ownerB"} {
			code := do(visitors[who], r.Method, path)
			name := r.Method + " " + r.Path + " as " + who
			if code >= 500 {
				t.Errorf("%s: %d", name, code)
			}
			if public(r.Path) {
				continue
			}
			switch {
			case who == "anonymous":
				if code != http.StatusSeeOther {
					t.Errorf("%s: got %d, want 303 to sign in", name, code)
				}
			case who == "viewer" && r.Method == "POST" && !strings.HasPrefix(r.Path, "/settings/password") &&
				!strings.HasPrefix(r.Path, "/settings/notifications") && !strings.HasPrefix(r.Path, "/settings/invitations") &&
				// Testing a draft's rules only reads: viewers may (ruletest.go).
				!strings.HasPrefix(r.Path, "/questionnaire-drafts/:id/rules"):
				if code != http.StatusForbidden {
					t.Errorf("%s: got %d, want 403", name, code)
				}
			case who == "ownerB" && strings.Contains(r.Path, ":id"):
				if other := do(visitors[who], r.Method, fill(r.Path, nowhere)); other != code || code < 400 {
					t.Errorf("%s: got %d, and %d for an ID that exists nowhere; want the same refusal", name, code, other)
				}
			}
		}
	}
	if code, _, _ := get(t, client(t), s.url+"/r/msr_madeup"); code != 404 {
		t.Errorf("a made-up link: got %d, want 404", code)
	}
}

func getNoFollow(t *testing.T, c *http.Client, u string) (int, string, http.Header) {
	t.Helper()
	nc := *c
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := nc.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func postNoFollow(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	nc := *c
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := nc.PostForm(u, url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
