package api_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"mspeval"
	"mspeval/store"
	"mspeval/store/storetest"
)

// Inputs that once gave 500s on PostgreSQL, and field errors that must name the
// question, on both databases.
func TestOddInputGetsA4xxNamingTheField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		for _, path := range []string{"/api/v1/candidates/%FF", "/api/v1/evaluations/%00", "/api/v1/candidates/" + strings.Repeat("z", 26) + "x"} {
			r := e.do(request{Method: "GET", Path: path, As: "ownerA", Malformed: true})
			if r.Status != 404 {
				t.Errorf("GET %s: got %d, want 404", path, r.Status)
			}
		}
		e.must(404, request{Method: "DELETE", Path: "/api/v1/invitations/%00", As: "ownerA", Malformed: true})
		e.must(422, request{Method: "GET", Path: "/api/v1/evaluations?cursor=_w", As: "ownerA", Malformed: true})

		p := e.must(422, request{Method: "POST", Path: "/api/v1/evaluations/" + f.ids["evA"] + "/candidates", As: "ownerA",
			Body: map[string]string{"name": "Null\u0000Byte IT"}}).problem(t)
		if !hasField(p.Errors, "name") {
			t.Errorf("NUL in a name: got %+v", p.Errors)
		}
		e.must(400, request{Method: "POST", Path: "/api/v1/evaluations/" + f.ids["evA"] + "/candidates", As: "ownerA",
			Raw: "{\"name\": \"bad \xff byte\"}", Malformed: true})

		p = e.must(400, request{Method: "PUT", Path: "/api/v1/candidates/" + f.ids["candA"] + "/answers", As: "ownerA",
			Raw: `{"answers": {"client_tool_share": {"scale": "four"}}}`, Malformed: true}).problem(t)
		if !hasField(p.Errors, "answers.client_tool_share.scale") {
			t.Errorf("a wrong type inside an answer: got %+v, want the field answers.client_tool_share.scale", p.Errors)
		}
		p = e.must(400, request{Method: "PUT", Path: "/api/v1/candidates/" + f.ids["candA"] + "/answers", As: "ownerA",
			Raw: `{"answers": {"exit_handover": {"choise": "x"}}}`, Malformed: true}).problem(t)
		if !hasField(p.Errors, "answers.exit_handover.choise") {
			t.Errorf("a misspelt answer field: got %+v", p.Errors)
		}
		p = e.must(400, request{Method: "POST", Path: "/api/v1/candidates/" + f.ids["candA"] + "/invitations", As: "ownerA",
			Raw: `{"expires_at": "tomorrow"}`, Malformed: true}).problem(t)
		if !hasField(p.Errors, "expires_at") {
			t.Errorf("a bad timestamp: got %+v, want the field expires_at", p.Errors)
		}
		// A bad User-Agent does not stop a correct sign-in.
		e.must(201, request{Method: "POST", Path: "/api/v1/session", Header: http.Header{"User-Agent": {"agent \xff"}},
			Body: map[string]string{"email": "owner@a.example", "password": storetest.Password}})
		e.must(401, request{Method: "POST", Path: "/api/v1/session", Body: map[string]string{"email": "own\u0000er@a.example", "password": "x"}})
	})
}

func TestEditorSubmissionShowsOnTheLinks(t *testing.T) {
	f := newFixture(t, storetest.DSN(t, store.SQLite))
	token := createLink(t, f, f.ids["candA"], nil)
	f.e.must(200, request{Method: "PUT", Path: "/api/v1/candidates/" + f.ids["candA"] + "/answers", As: "editorA",
		Body: map[string]any{"answers": fullAnswers(t, f.e.store)}})
	f.e.must(200, request{Method: "POST", Path: "/api/v1/candidates/" + f.ids["candA"] + "/submit", As: "editorA"})
	if got := listInvitation(t, f, f.ids["candA"], 2).Status; got != "submitted" {
		t.Errorf("a link after the editor submitted: got %s, want submitted", got)
	}
	f.e.must(409, request{Method: "PUT", Path: "/api/v1/respond/" + token + "/answers",
		Body: map[string]any{"answers": map[string]any{"role_alongside_internal_it": map[string]any{"text": "late"}}}})
}

func TestSubmittedLinkStillExpires(t *testing.T) {
	dsn := storetest.DSN(t, store.SQLite)
	f := newFixture(t, dsn)
	token := createLink(t, f, f.ids["candA"], map[string]string{"expires_at": time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)})
	f.e.must(200, request{Method: "PUT", Path: "/api/v1/respond/" + token + "/answers", Body: map[string]any{"answers": fullAnswers(t, f.e.store)}})
	f.e.must(200, request{Method: "POST", Path: "/api/v1/respond/" + token + "/submit"})
	later := storetest.Open(t, dsn, func() time.Time { return time.Now().Add(3 * time.Hour) })
	if _, err := later.RespondentForm(context.Background(), token); mspeval.ErrorCode(err) != mspeval.EGONE {
		t.Errorf("a submitted response's expired link: got %v, want gone", err)
	}
}

// Racing requests must not get around the lock on a submitted response, nor
// leave a workspace without an owner. SQLite runs writers one at a time; on
// PostgreSQL the rows are locked.
func TestConcurrentWritesKeepTheRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		all := fullAnswers(t, f.e.store)
		for round := 0; round < 5; round++ {
			cand, err := f.e.store.CreateCandidate(context.Background(), ownerOf(t, f), f.ids["evA"], store.CandidateInput{Name: "Racer"})
			if err != nil {
				t.Fatal(err)
			}
			token := createLink(t, f, cand.ID, nil)
			f.e.must(200, request{Method: "PUT", Path: "/api/v1/respond/" + token + "/answers", Body: map[string]any{"answers": all}})
			var wg sync.WaitGroup
			statuses := make([]int, 8)
			for i := range statuses {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					if i%2 == 0 {
						statuses[i] = f.e.do(request{Method: "POST", Path: "/api/v1/respond/" + token + "/submit"}).Status
					} else {
						statuses[i] = f.e.do(request{Method: "PUT", Path: "/api/v1/respond/" + token + "/answers",
							Body: map[string]any{"answers": all}}).Status
					}
				}(i)
			}
			wg.Wait()
			submits := 0
			for i, st := range statuses {
				if i%2 == 0 && st == 200 {
					submits++
				}
				if st >= 500 {
					t.Errorf("round %d: a racing request got %d", round, st)
				}
			}
			if submits != 1 {
				t.Errorf("round %d: %d submissions succeeded, want exactly 1 (%v)", round, submits, statuses)
			}
			set, err := f.e.store.GetAnswers(context.Background(), ownerOf(t, f), cand.ID)
			if err != nil {
				t.Fatal(err)
			}
			for k, a := range set.Answers {
				if a.UpdatedAt.After(*set.Candidate.Response.SubmittedAt) {
					t.Errorf("round %d: answer %s was written after the submission", round, k)
				}
			}
		}

		// Two owners demote each other at once: one of them stays owner.
		owner2 := storetest.Account(t, f.e.store, "second@a.example", "Workspace B2", mspeval.RoleOwner)
		inv, err := f.e.store.AddMember(context.Background(), ownerOf(t, f), store.NewMember{Email: owner2.Email, Role: mspeval.RoleOwner})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.e.store.AcceptInvitation(context.Background(), owner2, inv.ID); err != nil {
			t.Fatal(err)
		}
		c2 := ownerOf(t, f)
		c2.UserID = owner2.UserID
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			f.e.store.SetMemberRole(context.Background(), ownerOf(t, f), owner2.UserID, mspeval.RoleViewer)
		}()
		go func() {
			defer wg.Done()
			f.e.store.SetMemberRole(context.Background(), c2, ownerOf(t, f).UserID, mspeval.RoleViewer)
		}()
		wg.Wait()
		members, err := f.e.store.ListMembers(context.Background(), ownerOf(t, f))
		if err != nil {
			t.Fatal(err)
		}
		owners := 0
		for _, m := range members {
			if m.Role == mspeval.RoleOwner {
				owners++
			}
		}
		if owners != 1 {
			t.Errorf("after two owners demoted each other: got %d owners, want 1", owners)
		}
	})
}

func TestParallelGuessesCountAgainstTheLimit(t *testing.T) {
	f := newFixture(t, storetest.DSN(t, store.SQLite))
	var wg sync.WaitGroup
	statuses := make([]int, 20)
	for i := range statuses {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			statuses[i] = f.e.do(request{Method: "POST", Path: "/api/v1/session",
				Body: map[string]string{"email": "owner@a.example", "password": "a wrong guess"}}).Status
		}(i)
	}
	wg.Wait()
	checked := 0
	for _, st := range statuses {
		if st == 401 {
			checked++
		}
	}
	if checked > 5 {
		t.Errorf("20 parallel guesses: %d were checked, want at most 5 (%v)", checked, statuses)
	}
}
