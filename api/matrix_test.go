package api_test

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"mspeval"
	"mspeval/api"
	"mspeval/app"
	"mspeval/store/storetest"
)

// TestAccessMatrix walks every API route with every kind of caller and checks
// the invariants an attacker would probe: no route answers 5xx; a caller
// without credentials, with a revoked token or a signed-out session gets 401
// from every route that needs an account; another workspace's owner gets 404
// for every object of this workspace; a viewer is refused every change; an
// editor's token is refused what only owners may do; and a link of another
// candidate reaches nothing of this one. Another workspace's owner must learn
// nothing: A's object answers exactly as an ID that exists nowhere.
func TestAccessMatrix(t *testing.T) {
	f := newFixture(t, storetest.DSN(t, "sqlite"))
	e := f.e
	// A revoked token and a signed-out session.
	var tok struct {
		Token  struct{ ID string }
		Secret string
	}
	e.must(201, request{Method: "POST", Path: "/api/v1/tokens", As: "ownerA", Body: map[string]any{"name": "soon revoked", "role": "owner"}}).decode(t, &tok)
	e.must(204, request{Method: "DELETE", Path: "/api/v1/tokens/" + tok.Token.ID, As: "ownerA"})
	e.auth["revoked"] = http.Header{"Authorization": {"Bearer " + tok.Secret}}
	signInAs(t, e, "leaving", "viewer@a.example")
	e.must(204, request{Method: "DELETE", Path: "/api/v1/session", As: "leaving"})

	var link struct{ Token string }
	e.must(201, request{Method: "POST", Path: "/api/v1/candidates/" + f.ids["candA"] + "/invitations", As: "ownerA"}).decode(t, &link)

	nowhereID := mspeval.NewID(time.Now())
	routes := api.New(app.New(e.store, app.Options{}), api.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil))).Routes()
	if len(routes) < 50 {
		t.Fatalf("only %d routes found", len(routes))
	}
	// (Before the walk below, which changes and deletes things as the editor.)
	// A revoked link opens nothing, whatever the route (410 with a sentence);
	// unsubscribing still works, as the email's footer promises.
	var revoked struct {
		Token      string
		Invitation struct{ ID string }
	}
	e.must(201, request{Method: "POST", Path: "/api/v1/candidates/" + f.ids["candA"] + "/invitations", As: "ownerA"}).decode(t, &revoked)
	e.must(204, request{Method: "DELETE", Path: "/api/v1/invitations/" + revoked.Invitation.ID, As: "ownerA"})
	for _, r := range routes {
		if !strings.HasPrefix(r.Path, "/api/v1/respond/") || strings.HasSuffix(r.Path, "/unsubscribe") {
			continue
		}
		var body any
		if r.Method == "PUT" {
			body = map[string]any{"answers": map[string]any{}}
		}
		if st := e.do(request{Method: r.Method, Path: strings.Replace(r.Path, ":token", revoked.Token, 1), Body: body, Malformed: true}).Status; st != 410 {
			t.Errorf("%s %s with a revoked link: got %d, want 410", r.Method, r.Path, st)
		}
	}
	var fillWith func(path, id string) string
	fill := func(path string) string { return fillWith(path, "") }
	fillWith = func(path, id string) string {
		kind := ""
		parts := strings.Split(path, "/")
		for i, p := range parts {
			switch p {
			case ":id":
				kind = parts[i-1]
				if id != "" {
					parts[i] = id
					continue
				}
				parts[i] = map[string]string{"evaluations": f.ids["evA"], "candidates": f.ids["candA"], "invitations": f.ids["invA"],
					"tokens": f.ids["tokA"], "members": f.ids["userViewerA"]}[kind]
				if parts[i] == "" {
					parts[i] = f.ids["candA"] // webhooks, deliveries, invitations to me: any ID of this workspace
				}
			case ":question":
				parts[i] = "role_alongside_internal_it"
			case ":token":
				parts[i] = link.Token
			case ":key":
				parts[i] = "partner-selection"
			case ":version":
				parts[i] = "1"
			}
		}
		return strings.Join(parts, "/")
	}
	public := func(path string) bool {
		return !strings.HasPrefix(path, "/api/v1/") || strings.HasPrefix(path, "/api/v1/respond/") || strings.HasPrefix(path, "/api/v1/campaigns/") ||
			path == "/api/v1/session" || strings.HasPrefix(path, "/api/v1/openapi")
	}
	ownersOnly := []string{"/api/v1/members", "/api/v1/tokens", "/api/v1/webhooks", "/api/v1/deliveries", "/api/v1/member-invitations"}
	mine := func(path string) bool { return strings.HasPrefix(path, "/api/v1/me") }
	// Testing rules is posted but only reads: viewers may (ruletest_handlers.go).
	readOnly := func(path string) bool {
		return strings.HasSuffix(path, "/rule-test") || strings.HasSuffix(path, "/corpus-check")
	}
	for _, r := range routes {
		path := fill(r.Path)
		var body any
		if r.Method != "GET" && r.Method != "DELETE" {
			body = map[string]any{}
		}
		for _, as := range []string{"", "revoked", "leaving", "viewerA", "editorA", "ownerB"} {
			if r.Path == "/api/v1/session" && as != "" {
				continue // signing out would end the caller's session for the rest of the walk
			}
			resp := e.do(request{Method: r.Method, Path: path, As: as, Body: body, Malformed: true})
			name := r.Method + " " + r.Path + " as " + map[string]string{"": "anonymous"}[as] + as
			if resp.Status >= 500 {
				t.Errorf("%s: %d", name, resp.Status)
			}
			if public(r.Path) {
				continue
			}
			switch {
			case as == "" || as == "revoked" || as == "leaving":
				if resp.Status != 401 {
					t.Errorf("%s: got %d, want 401", name, resp.Status)
				}
			case as == "ownerB" && strings.Contains(r.Path, ":id") && !mine(r.Path):
				nowhere := e.do(request{Method: r.Method, Path: fillWith(r.Path, nowhereID), As: as, Body: body, Malformed: true})
				if resp.Status != nowhere.Status || resp.Status < 400 {
					t.Errorf("%s: got %d, and %d for an ID that exists nowhere; want the same refusal", name, resp.Status, nowhere.Status)
				}
			case as == "viewerA" && readOnly(r.Path):
				if resp.Status == 403 {
					t.Errorf("%s: got 403, want a viewer let through (it only reads)", name)
				}
			case as == "viewerA" && r.Method != "GET" && !mine(r.Path):
				if resp.Status != 403 {
					t.Errorf("%s: got %d, want 403 (a viewer changes nothing)", name, resp.Status)
				}
			case as == "editorA" && r.Method != "GET" && hasPrefix(r.Path, ownersOnly):
				if resp.Status != 403 {
					t.Errorf("%s: got %d, want 403 (owners only)", name, resp.Status)
				}
			}
		}
	}
	// Another candidate's link reaches nothing of this candidate: a link is
	// the only key, and a made-up one opens nothing.
	for _, p := range []string{"/api/v1/respond/msr_madeup", "/api/v1/respond/msr_madeup/results"} {
		if st := e.do(request{Method: "GET", Path: p}).Status; st != 404 {
			t.Errorf("GET %s: got %d, want 404", p, st)
		}
	}
}

func hasPrefix(path string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
