package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
	"mspeval/store/storetest"
)

// fullAnswers answers every required question of the built-in questionnaire.
func fullAnswers(t testing.TB, s *store.Store) map[string]*questions.Answer {
	t.Helper()
	q, ok := s.Catalog().Latest("partner-selection")
	if !ok {
		t.Fatal("no partner-selection questionnaire")
	}
	return storetest.CompleteAnswers(q)
}

// createLink makes an invitation through the API as ownerA and returns its token.
func createLink(t *testing.T, f *fixture, candidate string, body any) string {
	t.Helper()
	var got struct{ Token string }
	f.e.must(http.StatusCreated, request{Method: "POST", Path: "/api/v1/candidates/" + candidate + "/invitations", As: "ownerA", Body: body}).decode(t, &got)
	return got.Token
}

func TestRespondentPathFromLinkToLockedSubmission(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		token := createLink(t, f, f.ids["candA"], nil)
		respond := "/api/v1/respond/" + token

		// The respondent opens the link with no account.
		r := e.must(200, request{Method: "GET", Path: respond})
		var form mspeval.RespondentForm
		r.decode(t, &form)
		if form.Candidate.Name != "MSP A" || form.RequestedBy.Workspace != "Workspace A" || form.Evaluation.Name != "Partner A" {
			t.Errorf("form header: got %+v", form)
		}
		if len(form.Questionnaire.Sections) == 0 {
			t.Fatal("the form has no questions")
		}
		for _, leak := range []string{"listen_for", "red_flags", "anchors", "score", "signals", "contradicted_by", "knockout", "dimensions", "weights", "MSP B"} {
			if strings.Contains(string(r.Body), `"`+leak+`"`) || strings.Contains(string(r.Body), leak+`"`) && leak == "MSP B" {
				t.Errorf("the respondent's view carries evaluator material %q", leak)
			}
		}
		if strings.Contains(string(r.Body), `"score"`) {
			t.Errorf("option scores reached the respondent")
		}
		if got := listInvitation(t, f, f.ids["candA"], 1).Status; got != "opened" {
			t.Errorf("invitation status after opening: got %s, want opened", got)
		}

		// A partial save in any order, then the rest; every save is kept.
		all := fullAnswers(t, e.store)
		keys := make([]string, 0, len(all))
		for k := range all {
			keys = append(keys, k)
		}
		half := map[string]*questions.Answer{}
		for _, k := range keys[:len(keys)/2] {
			half[k] = all[k]
		}
		var draft mspeval.RespondentDraft
		e.must(200, request{Method: "PUT", Path: respond + "/answers", Body: map[string]any{"answers": half}}).decode(t, &draft)
		if draft.Status != "in_progress" || len(draft.Saved) != len(half) || draft.Answers != nil || draft.Progress.Done != len(half) {
			t.Errorf("after a partial save: got status %s, %d keys saved, answers %v, progress %+v; want in_progress, %d saved, no answers",
				draft.Status, len(draft.Saved), draft.Answers != nil, draft.Progress, len(half))
		}
		if got := listInvitation(t, f, f.ids["candA"], 1).Status; got != "in_progress" {
			t.Errorf("invitation status after saving: got %s, want in_progress", got)
		}

		// Submitting early lists every missing required question.
		p := e.must(422, request{Method: "POST", Path: respond + "/submit"}).problem(t)
		if len(p.Errors) != len(all)-len(half) {
			t.Errorf("missing required: got %d field errors, want %d: %+v", len(p.Errors), len(all)-len(half), p.Errors)
		}

		// A bad answer is refused whole and the draft is kept.
		bad := map[string]any{keys[len(keys)-1]: map[string]any{"text": strings.Repeat("x", questions.MaxTextLength+1)}}
		p = e.must(422, request{Method: "PUT", Path: respond + "/answers", Body: map[string]any{"answers": bad}}).problem(t)
		if len(p.Errors) != 1 || !strings.HasPrefix(p.Errors[0].Field, "answers."+keys[len(keys)-1]) {
			t.Errorf("over-long text: got %+v", p.Errors)
		}
		e.must(200, request{Method: "GET", Path: respond}).decode(t, &form)
		if len(form.Answers) != len(half) {
			t.Errorf("the draft after a refused save: got %d answers, want %d", len(form.Answers), len(half))
		}

		e.must(200, request{Method: "PUT", Path: respond + "/answers", Body: map[string]any{"answers": all}})
		e.must(200, request{Method: "POST", Path: respond + "/submit"}).decode(t, &draft)
		if draft.Status != "submitted" || draft.SubmittedAt == nil {
			t.Errorf("after submit: got %+v", draft)
		}
		if got := listInvitation(t, f, f.ids["candA"], 1).Status; got != "submitted" {
			t.Errorf("invitation status after submit: got %s, want submitted", got)
		}

		// Locked: neither the respondent nor an editor can change it, nor submit twice.
		e.must(409, request{Method: "PUT", Path: respond + "/answers", Body: map[string]any{"answers": half}})
		e.must(409, request{Method: "POST", Path: respond + "/submit"})
		e.must(409, request{Method: "PUT", Path: "/api/v1/candidates/" + f.ids["candA"] + "/answers", As: "editorA", Body: map[string]any{"answers": half}})
		// The respondent can still read what it sent.
		e.must(200, request{Method: "GET", Path: respond}).decode(t, &form)
		if form.Response.Status != "submitted" || len(form.Answers) != len(all) {
			t.Errorf("read-only view after submit: got status %s with %d answers", form.Response.Status, len(form.Answers))
		}

		// An editor reopens; the respondent can change and submit again.
		e.must(200, request{Method: "POST", Path: "/api/v1/candidates/" + f.ids["candA"] + "/reopen", As: "editorA"})
		e.must(200, request{Method: "PUT", Path: respond + "/answers", Body: map[string]any{"answers": half}})
		e.must(200, request{Method: "POST", Path: respond + "/submit"})

		// The evaluation counts the submission.
		var ev mspeval.Evaluation
		e.must(200, request{Method: "GET", Path: "/api/v1/evaluations/" + f.ids["evA"], As: "viewerA"}).decode(t, &ev)
		if ev.CandidateCount != 1 || ev.SubmittedCount != 1 {
			t.Errorf("evaluation counts: got %d candidates, %d submitted; want 1 and 1", ev.CandidateCount, ev.SubmittedCount)
		}
	})
}

func listInvitation(t *testing.T, f *fixture, candidate string, n int) mspeval.Invitation {
	t.Helper()
	var got struct{ Items []mspeval.Invitation }
	f.e.must(200, request{Method: "GET", Path: "/api/v1/candidates/" + candidate + "/invitations", As: "ownerA"}).decode(t, &got)
	if len(got.Items) < n {
		t.Fatalf("invitations: got %d, want at least %d", len(got.Items), n)
	}
	return got.Items[len(got.Items)-1]
}

func TestRespondentLinkReachesOneResponseOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		token := createLink(t, f, f.ids["candA"], nil)
		// The link is no credential for the API.
		f.e.auth["link"] = http.Header{"Authorization": {"Bearer " + token}}
		f.e.must(401, request{Method: "GET", Path: "/api/v1/candidates/" + f.ids["candA"], As: "link"})
		f.e.must(401, request{Method: "GET", Path: "/api/v1/evaluations", As: "link"})
		// An unknown or mangled token is a clear 404.
		p := f.e.must(404, request{Method: "GET", Path: "/api/v1/respond/" + token + "x"}).problem(t)
		if !strings.Contains(p.Detail, "link") {
			t.Errorf("unknown link: detail %q does not speak of the link", p.Detail)
		}
		// Saving through A's link never touches B.
		f.e.must(200, request{Method: "PUT", Path: "/api/v1/respond/" + token + "/answers", Body: map[string]any{"answers": map[string]any{"role_alongside_internal_it": map[string]any{"text": "ours"}}}})
		set, err := f.e.store.GetAnswers(context.Background(), mspeval.Caller{WorkspaceID: mustWorkspace(t, f, "ownerB"), Role: mspeval.RoleOwner}, f.ids["candB"])
		if err != nil {
			t.Fatal(err)
		}
		if len(set.Answers) != 0 {
			t.Errorf("candidate B got answers through A's link: %+v", set.Answers)
		}
	})
}

func mustWorkspace(t *testing.T, f *fixture, as string) string {
	t.Helper()
	var me struct{ Workspace mspeval.Workspace }
	f.e.must(200, request{Method: "GET", Path: "/api/v1/me", As: as}).decode(t, &me)
	return me.Workspace.ID
}

func TestRevokedAndExpiredLinksAreGone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		// Revoked.
		var created struct {
			Token      string
			Invitation mspeval.Invitation
		}
		f.e.must(201, request{Method: "POST", Path: "/api/v1/candidates/" + f.ids["candA"] + "/invitations", As: "ownerA"}).decode(t, &created)
		f.e.must(204, request{Method: "DELETE", Path: "/api/v1/invitations/" + created.Invitation.ID, As: "editorA"})
		p := f.e.must(410, request{Method: "GET", Path: "/api/v1/respond/" + created.Token}).problem(t)
		if !strings.Contains(p.Detail, "withdrawn") {
			t.Errorf("revoked link: detail %q", p.Detail)
		}
		f.e.must(410, request{Method: "PUT", Path: "/api/v1/respond/" + created.Token + "/answers", Body: map[string]any{"answers": map[string]any{"role_alongside_internal_it": map[string]any{"text": "x"}}}})

		// Expired: a store whose clock is two hours on reads a one-hour link.
		token := createLink(t, f, f.ids["candA"], map[string]string{"expires_at": time.Now().Add(61 * time.Minute).UTC().Format(time.RFC3339)})
		later := storetest.Open(t, dsn, func() time.Time { return time.Now().Add(2 * time.Hour) })
		_, err := later.RespondentForm(context.Background(), token)
		if mspeval.ErrorCode(err) != mspeval.EGONE || !strings.Contains(mspeval.ErrorMessage(err), "expired") {
			t.Errorf("expired link: got %v, want gone and a message saying it expired", err)
		}
	})
}

func TestCrossSiteWritesWithCookieAreRefused(t *testing.T) {
	f := newFixture(t, storetest.DSN(t, store.SQLite))
	h := http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}}
	r := f.e.do(request{Method: "POST", Path: "/api/v1/evaluations", As: "ownerA", Header: h,
		Body: map[string]any{"name": "Forged", "questionnaire_key": "partner-selection"}})
	if r.Status != http.StatusForbidden {
		t.Fatalf("cross-site POST: got %d, want 403", r.Status)
	}
	r.problem(t)
	var list struct{ Items []mspeval.Evaluation }
	f.e.must(200, request{Method: "GET", Path: "/api/v1/evaluations", As: "ownerA", Header: h}).decode(t, &list)
	for _, ev := range list.Items {
		if ev.Name == "Forged" {
			t.Errorf("a cross-site request created an evaluation")
		}
	}
	f.e.must(201, request{Method: "POST", Path: "/api/v1/evaluations", As: "ownerA", Header: http.Header{"Sec-Fetch-Site": {"same-origin"}},
		Body: map[string]any{"name": "Same site", "questionnaire_key": "partner-selection"}})
}

func TestOversizedBodyIs413(t *testing.T) {
	f := newFixture(t, storetest.DSN(t, store.SQLite))
	big := `{"answers": {"role_alongside_internal_it": {"text": "` + strings.Repeat("a", 1<<20) + `"}}}`
	p := f.e.must(413, request{Method: "PUT", Path: "/api/v1/candidates/" + f.ids["candA"] + "/answers", As: "ownerA", Raw: big, Malformed: true}).problem(t)
	if p.Code != mspeval.ETOOLARGE {
		t.Errorf("code: got %s", p.Code)
	}
	set, err := f.e.store.GetAnswers(context.Background(), mspeval.Caller{WorkspaceID: mustWorkspace(t, f, "ownerA"), Role: mspeval.RoleViewer}, f.ids["candA"])
	if err != nil || len(set.Answers) != 0 {
		t.Errorf("an oversized body stored answers: %v %+v", err, set.Answers)
	}
}

func TestSignInIsRateLimited(t *testing.T) {
	f := newFixture(t, storetest.DSN(t, store.SQLite))
	wrong := map[string]string{"email": "owner@a.example", "password": "not the password"}
	// Three free failures for an account from one address, then a wait.
	for i := 0; i < 3; i++ {
		f.e.must(401, request{Method: "POST", Path: "/api/v1/session", Body: wrong})
	}
	r := f.e.must(429, request{Method: "POST", Path: "/api/v1/session", Body: map[string]string{"email": "owner@a.example", "password": storetest.Password}})
	if r.Header.Get("Retry-After") == "" {
		t.Errorf("429 without Retry-After")
	}
	// Another account from the same address is not locked by these.
	f.e.must(201, request{Method: "POST", Path: "/api/v1/session", Body: map[string]string{"email": "viewer@a.example", "password": storetest.Password}})
}

func TestHealthzAndOpenAPIAreServed(t *testing.T) {
	f := newFixture(t, storetest.DSN(t, store.SQLite))
	f.e.must(200, request{Method: "GET", Path: "/healthz"})
	r := f.e.must(200, request{Method: "GET", Path: "/api/v1/openapi.json"})
	if !strings.Contains(string(r.Body), `"openapi":"3.0`) {
		t.Errorf("openapi.json does not look like an OpenAPI document: %.100s", r.Body)
	}
	f.e.must(200, request{Method: "GET", Path: "/api/v1/openapi.yaml"})
}
