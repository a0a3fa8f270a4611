package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"mspeval"
	"mspeval/store"
	"mspeval/store/storetest"
)

// fixture is two workspaces. A has an owner (session), an editor (API token)
// and a viewer (session); B has an owner. Each has an evaluation, a candidate and
// an invitation, and A has spare objects for the deletion scenarios.
type fixture struct {
	e   *env
	ids map[string]string
}

func newFixture(t testing.TB, dsn string) *fixture {
	e := newEnv(t, dsn)
	ctx := context.Background()
	f := &fixture{e: e, ids: map[string]string{}}
	ownerA := e.signIn("ownerA", "owner@a.example", "Workspace A", mspeval.RoleOwner)
	// The editor is an owner's API token with the editor role: a token never
	// acts above the role it was given.
	e.useToken("editorA", ownerA, mspeval.RoleEditor)
	viewerA := e.signIn("viewerA", "viewer@a.example", "Workspace A", mspeval.RoleViewer)
	ownerB := e.signIn("ownerB", "owner@b.example", "Workspace B", mspeval.RoleOwner)
	f.ids["userOwnerA"], f.ids["userViewerA"], f.ids["userOwnerB"] = ownerA.UserID, viewerA.UserID, ownerB.UserID

	for _, w := range []struct {
		suffix string
		c      mspeval.Caller
	}{{"A", ownerA}, {"B", ownerB}, {"Del", ownerA}} {
		ev, err := e.store.CreateEvaluation(ctx, w.c, store.EvaluationInput{Name: "Partner " + w.suffix, QuestionnaireKey: "partner-selection"})
		if err != nil {
			t.Fatal(err)
		}
		cand, err := e.store.CreateCandidate(ctx, w.c, ev.ID, store.CandidateInput{Name: "MSP " + w.suffix})
		if err != nil {
			t.Fatal(err)
		}
		inv, _, err := e.store.CreateInvitation(ctx, w.c, cand.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := e.store.CreateToken(ctx, w.c, store.NewToken{Name: "script " + w.suffix})
		if err != nil {
			t.Fatal(err)
		}
		f.ids["ev"+w.suffix], f.ids["cand"+w.suffix], f.ids["inv"+w.suffix], f.ids["tok"+w.suffix] = ev.ID, cand.ID, inv.ID, tok.ID
	}
	return f
}

func (f *fixture) path(p string) string {
	for k, v := range f.ids {
		p = strings.ReplaceAll(p, "{"+k+"}", v)
	}
	return p
}

// scenario is one API call and what must come of it.
type scenario struct {
	name      string
	as        string
	method    string
	path      string
	body      any
	raw       string
	malformed bool
	want      int
	// field, when set, must be named in the problem's field errors.
	field string
	// check runs after the call, to see what was (or was not) stored.
	check func(t *testing.T, f *fixture, r response)
}

// unchanged returns a check that path, read as ownerA, still has field = want.
func unchanged(path, field, want string) func(t *testing.T, f *fixture, r response) {
	return func(t *testing.T, f *fixture, _ response) {
		t.Helper()
		var got map[string]any
		f.e.must(http.StatusOK, request{Method: "GET", Path: f.path(path), As: "ownerA"}).decode(t, &got)
		if v, _ := got[field].(string); v != want {
			t.Errorf("%s.%s after a refused change: got %q, want %q", path, field, v, want)
		}
	}
}

// count returns a check that a list, read as ownerA, has n items.
func count(path string, n int) func(t *testing.T, f *fixture, r response) {
	return func(t *testing.T, f *fixture, _ response) {
		t.Helper()
		var got struct{ Items []any }
		f.e.must(http.StatusOK, request{Method: "GET", Path: f.path(path), As: "ownerA"}).decode(t, &got)
		if len(got.Items) != n {
			t.Errorf("%s: got %d items, want %d", path, len(got.Items), n)
		}
	}
}

// TestAPIScenarios runs the scenarios in groups, by the first word of their
// names (see stories). Within a group, order matters on purpose: the scenarios
// tell one story on one fixture — create, read, refuse a bad change and check
// that nothing was stored, delete — and a later step reads what an earlier one
// left (a rating needs the answer saved before it). Groups share nothing: each
// starts from a fresh copy of the fixture, and they run in parallel.
func TestAPIScenarios(t *testing.T) {
	var groups []string
	byGroup := map[string][]scenario{}
	for _, sc := range scenarios() {
		g := group(sc.name)
		if _, ok := byGroup[g]; !ok {
			groups = append(groups, g)
		}
		byGroup[g] = append(byGroup[g], sc)
	}
	for _, dialect := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			for _, g := range groups {
				t.Run(g, func(t *testing.T) {
					t.Parallel()
					f := newFixture(t, storetest.DSN(t, dialect))
					for _, sc := range byGroup[g] {
						t.Run(sc.name, func(t *testing.T) { runScenario(t, f, sc) })
					}
				})
			}
		})
	}
}

// stories joins first words that belong to one story; other words are their
// own group.
var stories = map[string]string{
	"Members": "Member", "Last": "Member",
	"Tokens": "Token", "Questionnaires": "Questionnaire", "Evaluations": "Evaluation",
	"Candidates": "Candidate", "Invitations": "Invitation",
	"Sign": "Session", "Me": "Session",
	// A candidate's response: answers, then ratings and scores of them,
	// then submission and reopening.
	"Answers": "Response", "Rating": "Response", "Ratings": "Response", "Score": "Response",
	"Comparison": "Response", "Submit": "Response", "Reopen": "Response",
}

// group is the story a scenario belongs to: "MemberAddTwiceIs409" to "Member".
func group(name string) string {
	word := name
	for i, r := range name {
		if i > 0 && r >= 'A' && r <= 'Z' {
			word = name[:i]
			break
		}
	}
	if g, ok := stories[word]; ok {
		return g
	}
	return word
}

func runScenario(t *testing.T, f *fixture, sc scenario) {
	r := f.e.do(request{Method: sc.method, Path: f.path(sc.path), As: sc.as, Body: sc.body, Raw: sc.raw, Malformed: sc.malformed})
	if r.Status != sc.want {
		t.Fatalf("%s %s as %q: got %d, want %d\nbody: %s", sc.method, sc.path, sc.as, r.Status, sc.want, r.Body)
	}
	if sc.want >= 400 {
		p := r.problem(t)
		if p.Status != sc.want || p.Detail == "" {
			t.Errorf("problem: got status %d detail %q, want status %d and a detail", p.Status, p.Detail, sc.want)
		}
		if sc.field != "" && !hasField(p.Errors, sc.field) {
			t.Errorf("problem fields: got %+v, want one naming %q", p.Errors, sc.field)
		}
	}
	if sc.check != nil {
		sc.check(t, f, r)
	}
}

func hasField(fields []mspeval.FieldError, name string) bool {
	for _, fe := range fields {
		if fe.Field == name {
			return true
		}
	}
	return false
}

// scenarios covers every authenticated route with success, 401, 403 (where a
// viewer may not write), 404 across workspaces and bad input. The order
// matters: deletions come last, on the spare "Del" objects.
func scenarios() []scenario {
	return []scenario{
		// Session and identity.
		{name: "SignInWrongPasswordIs401", method: "POST", path: "/api/v1/session", body: map[string]string{"email": "owner@a.example", "password": "wrong password!"}, want: 401},
		{name: "SignInWithoutEmailIs422", method: "POST", path: "/api/v1/session", body: map[string]string{"password": "x"}, malformed: true, want: 422, field: "email"},
		{name: "SignInWithBadJSONIs400", method: "POST", path: "/api/v1/session", raw: `{"email": `, malformed: true, want: 400},
		{name: "SignInWithWrongTypeNamesField", method: "POST", path: "/api/v1/session", raw: `{"email": 5, "password": "x"}`, malformed: true, want: 400, field: "email"},
		{name: "SignInWithUnknownFieldIs400", method: "POST", path: "/api/v1/session", raw: `{"email": "a@b.c", "password": "x", "pasword": "y"}`, malformed: true, want: 400, field: "pasword"},
		{name: "MeAsOwner", as: "ownerA", method: "GET", path: "/api/v1/me", want: 200, check: func(t *testing.T, f *fixture, r response) {
			var me struct {
				Role string
				Via  string
			}
			r.decode(t, &me)
			if me.Role != "owner" || me.Via != "session" {
				t.Errorf("me: got role %q via %q, want owner via session", me.Role, me.Via)
			}
		}},
		{name: "MeWithTokenSaysToken", as: "editorA", method: "GET", path: "/api/v1/me", want: 200, check: func(t *testing.T, f *fixture, r response) {
			var me struct{ Role, Via string }
			r.decode(t, &me)
			if me.Role != "editor" || me.Via != "token" {
				t.Errorf("me: got role %q via %q, want editor via token", me.Role, me.Via)
			}
		}},
		{name: "MeWithoutAuthIs401", method: "GET", path: "/api/v1/me", want: 401},
		{name: "SignOutWithoutSessionIsHarmless", method: "DELETE", path: "/api/v1/session", want: 204},

		// Members: everyone reads, owners change.
		{name: "MembersList", as: "viewerA", method: "GET", path: "/api/v1/members", want: 200, check: func(t *testing.T, f *fixture, r response) {
			if strings.Contains(string(r.Body), "owner@b.example") || !strings.Contains(string(r.Body), "viewer@a.example") {
				t.Errorf("workspace A's members: got %s", r.Body)
			}
		}},
		{name: "MembersListWithoutAuthIs401", method: "GET", path: "/api/v1/members", want: 401},
		// Adding a member is an invitation, answered alike for every address.
		{name: "MemberAddNewAccountIsPending", as: "ownerA", method: "POST", path: "/api/v1/members", body: map[string]string{"email": "New.Editor@a.example", "role": "editor", "password": "first password 1"}, want: 202, check: func(t *testing.T, f *fixture, r response) {
			count("/api/v1/members", 2)(t, f, r)
			count("/api/v1/member-invitations", 1)(t, f, r)
		}},
		{name: "MemberAddExistingAccountKeepsItsPasswordAndMustAccept", as: "ownerA", method: "POST", path: "/api/v1/members", body: map[string]string{"email": "owner@b.example", "role": "viewer", "password": "take over this account"}, want: 202, check: func(t *testing.T, f *fixture, r response) {
			count("/api/v1/members", 2)(t, f, r)
			f.e.must(401, request{Method: "POST", Path: "/api/v1/session", Body: map[string]string{"email": "owner@b.example", "password": "take over this account"}})
			var mine struct{ Items []store.MemberInvitation }
			f.e.must(200, request{Method: "GET", Path: "/api/v1/me/invitations", As: "ownerB"}).decode(t, &mine)
			if len(mine.Items) != 1 {
				t.Fatalf("owner B's invitations: got %+v", mine.Items)
			}
			f.e.must(200, request{Method: "POST", Path: "/api/v1/me/invitations/" + mine.Items[0].ID + "/accept", As: "ownerB"})
			count("/api/v1/members", 3)(t, f, r)
		}},
		{name: "MemberAddTwiceIs409", as: "ownerA", method: "POST", path: "/api/v1/members", body: map[string]string{"email": "viewer@a.example", "role": "editor"}, want: 409, check: count("/api/v1/members", 3)},
		{name: "MemberAddWhilePendingIs409", as: "ownerA", method: "POST", path: "/api/v1/members", body: map[string]string{"email": "new.editor@a.example", "role": "viewer"}, want: 409, check: count("/api/v1/member-invitations", 1)},
		{name: "MemberAddWithoutPasswordIsPending", as: "ownerA", method: "POST", path: "/api/v1/members", body: map[string]string{"email": "nobody@a.example", "role": "viewer"}, want: 202, check: count("/api/v1/member-invitations", 2)},
		{name: "MemberAddWithCommonPasswordIs422", as: "ownerA", method: "POST", path: "/api/v1/members", body: map[string]string{"email": "other@a.example", "role": "viewer", "password": "password12"}, want: 422, field: "password", check: count("/api/v1/member-invitations", 2)},
		{name: "MemberInvitationsAsViewerIs403", as: "viewerA", method: "GET", path: "/api/v1/member-invitations", want: 403},
		{name: "MemberAddWithoutAuthIs401", method: "POST", path: "/api/v1/members", body: map[string]string{"email": "x@a.example", "role": "viewer"}, want: 401},
		{name: "MemberAddAsEditorTokenIs403", as: "editorA", method: "POST", path: "/api/v1/members", body: map[string]string{"email": "x@a.example", "role": "viewer", "password": "0123456789ab"}, want: 403},
		{name: "MemberPatchOfOtherWorkspaceIs404", as: "ownerB", method: "PATCH", path: "/api/v1/members/{userViewerA}", body: map[string]string{"role": "owner"}, want: 404},
		{name: "MemberPatchWithoutAuthIs401", method: "PATCH", path: "/api/v1/members/{userViewerA}", body: map[string]string{"role": "owner"}, want: 401},
		{name: "MemberPatchAsViewerIs403", as: "viewerA", method: "PATCH", path: "/api/v1/members/{userViewerA}", body: map[string]string{"role": "owner"}, want: 403},
		{name: "MemberPatchWithBadRoleIs422", as: "ownerA", method: "PATCH", path: "/api/v1/members/{userViewerA}", body: map[string]string{"role": "root"}, malformed: true, want: 422, field: "role"},
		{name: "LastOwnerCannotStepDown", as: "ownerA", method: "PATCH", path: "/api/v1/members/{userOwnerA}", body: map[string]string{"role": "viewer"}, want: 409},
		{name: "LastOwnerCannotBeRemoved", as: "ownerA", method: "DELETE", path: "/api/v1/members/{userOwnerA}", want: 409},
		{name: "MemberRemoveWithoutAuthIs401", method: "DELETE", path: "/api/v1/members/{userViewerA}", want: 401},
		{name: "MemberRemoveAsViewerIs403", as: "viewerA", method: "DELETE", path: "/api/v1/members/{userViewerA}", want: 403},
		{name: "MemberRemoveOfOtherWorkspaceIs404", as: "ownerB", method: "DELETE", path: "/api/v1/members/{userViewerA}", want: 404, check: count("/api/v1/members", 3)},
		{name: "PasswordChangeWithWrongCurrentIs422", as: "viewerA", method: "PUT", path: "/api/v1/me/password", body: map[string]string{"current_password": "wrong", "new_password": "a new long password"}, want: 422, field: "current_password"},
		{name: "PasswordChangeTooShortIs422", as: "viewerA", method: "PUT", path: "/api/v1/me/password", body: map[string]string{"current_password": storetest.Password, "new_password": "short"}, want: 422, field: "new_password"},
		{name: "PasswordChangeWithTokenIs403", as: "editorA", method: "PUT", path: "/api/v1/me/password", body: map[string]string{"current_password": storetest.Password, "new_password": "a new long password"}, want: 403},
		{name: "PasswordChangeWithoutAuthIs401", method: "PUT", path: "/api/v1/me/password", body: map[string]string{"current_password": "x", "new_password": "y"}, want: 401},

		// API tokens: owners only.
		{name: "TokensListAsOwner", as: "ownerA", method: "GET", path: "/api/v1/tokens", want: 200, check: func(t *testing.T, f *fixture, r response) {
			var got struct{ Items []struct{ ID string } }
			r.decode(t, &got)
			for _, it := range got.Items {
				if it.ID == f.ids["tokB"] {
					t.Errorf("workspace A's token list shows workspace B's token")
				}
			}
		}},
		{name: "TokensListWithoutAuthIs401", method: "GET", path: "/api/v1/tokens", want: 401},
		{name: "TokensListAsEditorIs403", as: "editorA", method: "GET", path: "/api/v1/tokens", want: 403},
		{name: "TokenCreateAsOwner", as: "ownerA", method: "POST", path: "/api/v1/tokens", body: map[string]string{"name": "CI export", "role": "viewer"}, want: 201, check: func(t *testing.T, f *fixture, r response) {
			var got struct {
				Secret string
				Token  struct{ Role string }
			}
			r.decode(t, &got)
			if !strings.HasPrefix(got.Secret, "msp_") || got.Token.Role != "viewer" {
				t.Errorf("created token: got %+v", got)
			}
		}},
		{name: "TokenCreateWithoutAuthIs401", method: "POST", path: "/api/v1/tokens", body: map[string]string{"name": "x"}, want: 401},
		{name: "TokenCreateAsViewerIs403", as: "viewerA", method: "POST", path: "/api/v1/tokens", body: map[string]string{"name": "x"}, want: 403},
		{name: "TokenCreateWithBadRoleIs422", as: "ownerA", method: "POST", path: "/api/v1/tokens", body: map[string]string{"name": "x", "role": "admin"}, malformed: true, want: 422, field: "role", check: count("/api/v1/tokens", 4)},
		{name: "TokenRevokeOfOtherWorkspaceIs404", as: "ownerA", method: "DELETE", path: "/api/v1/tokens/{tokB}", want: 404},
		{name: "TokenRevokeWithoutAuthIs401", method: "DELETE", path: "/api/v1/tokens/{tokA}", want: 401},
		{name: "TokenRevokeAsViewerIs403", as: "viewerA", method: "DELETE", path: "/api/v1/tokens/{tokA}", want: 403},

		// Questionnaires.
		{name: "QuestionnairesList", as: "viewerA", method: "GET", path: "/api/v1/questionnaires", want: 200},
		{name: "QuestionnairesWithoutAuthIs401", method: "GET", path: "/api/v1/questionnaires", want: 401},
		{name: "QuestionnaireLatest", as: "viewerA", method: "GET", path: "/api/v1/questionnaires/partner-selection", want: 200, check: func(t *testing.T, f *fixture, r response) {
			if !strings.Contains(string(r.Body), `"listen_for"`) {
				t.Errorf("the evaluator's view of a questionnaire lacks its guidance")
			}
		}},
		{name: "QuestionnaireLatestWithoutAuthIs401", method: "GET", path: "/api/v1/questionnaires/partner-selection", want: 401},
		{name: "QuestionnaireVersion", as: "viewerA", method: "GET", path: "/api/v1/questionnaires/partner-selection/versions/1", want: 200},
		{name: "QuestionnaireUnknownIs404", as: "viewerA", method: "GET", path: "/api/v1/questionnaires/nope", want: 404},
		{name: "QuestionnaireUnknownVersionIs404", as: "viewerA", method: "GET", path: "/api/v1/questionnaires/partner-selection/versions/99", want: 404},
		{name: "QuestionnaireVersionWithoutAuthIs401", method: "GET", path: "/api/v1/questionnaires/partner-selection/versions/1", want: 401},

		// Evaluations.
		{name: "EvaluationsListShowsOwnWorkspaceOnly", as: "viewerA", method: "GET", path: "/api/v1/evaluations", want: 200, check: func(t *testing.T, f *fixture, r response) {
			if strings.Contains(string(r.Body), f.ids["evB"]) {
				t.Errorf("workspace A's list shows workspace B's evaluation")
			}
			if !strings.Contains(string(r.Body), f.ids["evA"]) {
				t.Errorf("workspace A's list lacks its own evaluation")
			}
		}},
		{name: "EvaluationsListWithoutAuthIs401", method: "GET", path: "/api/v1/evaluations", want: 401},
		{name: "EvaluationsListWithBadLimitIs422", as: "viewerA", method: "GET", path: "/api/v1/evaluations?limit=0", malformed: true, want: 422, field: "limit"},
		{name: "EvaluationCreateAsEditor", as: "editorA", method: "POST", path: "/api/v1/evaluations", body: map[string]any{"name": "Partner 2028", "questionnaire_key": "partner-selection", "due_date": "2027-03-31"}, want: 201, check: func(t *testing.T, f *fixture, r response) {
			var ev mspeval.Evaluation
			r.decode(t, &ev)
			if ev.QuestionnaireVersion != 2 || ev.Weights["fit"] != 40 || ev.Weights["flexibility"] != 30 || ev.Weights["dependency_risk"] != 30 || ev.DueDate != "2027-03-31" {
				t.Errorf("created evaluation: got %+v, want version 2 (the latest), weights 40/30/30, due 2027-03-31", ev)
			}
			if r.Header.Get("Location") != "/api/v1/evaluations/"+ev.ID {
				t.Errorf("Location: got %q", r.Header.Get("Location"))
			}
		}},
		{name: "EvaluationCreateWithoutAuthIs401", method: "POST", path: "/api/v1/evaluations", body: map[string]any{"name": "x", "questionnaire_key": "partner-selection"}, want: 401},
		{name: "EvaluationCreateAsViewerIs403", as: "viewerA", method: "POST", path: "/api/v1/evaluations", body: map[string]any{"name": "x", "questionnaire_key": "partner-selection"}, want: 403},
		{name: "EvaluationCreateWithBadWeightsStoresNothing", as: "ownerA", method: "POST", path: "/api/v1/evaluations", body: map[string]any{"name": "x", "questionnaire_key": "partner-selection", "weights": map[string]float64{"fit": 50, "price": 50}}, want: 422, field: "weights.price", check: count("/api/v1/evaluations", 3)},
		{name: "EvaluationCreateWithBadDateIs422", as: "ownerA", method: "POST", path: "/api/v1/evaluations", body: map[string]any{"name": "x", "questionnaire_key": "partner-selection", "due_date": "31/03/2027"}, want: 422, field: "due_date"},
		{name: "EvaluationCreateWithUnknownQuestionnaireIs422", as: "ownerA", method: "POST", path: "/api/v1/evaluations", body: map[string]any{"name": "x", "questionnaire_key": "nope"}, want: 422, field: "questionnaire_key"},
		{name: "EvaluationGet", as: "viewerA", method: "GET", path: "/api/v1/evaluations/{evA}", want: 200},
		{name: "EvaluationGetWithoutAuthIs401", method: "GET", path: "/api/v1/evaluations/{evA}", want: 401},
		{name: "EvaluationGetOfOtherWorkspaceIs404", as: "ownerA", method: "GET", path: "/api/v1/evaluations/{evB}", want: 404},
		{name: "EvaluationPatch", as: "editorA", method: "PATCH", path: "/api/v1/evaluations/{evA}", body: map[string]any{"name": "Partner A renamed", "weights": map[string]float64{"fit": 50, "flexibility": 25, "dependency_risk": 25}, "due_date": "2027-01-15"}, want: 200, check: func(t *testing.T, f *fixture, r response) {
			var ev mspeval.Evaluation
			r.decode(t, &ev)
			if ev.Name != "Partner A renamed" || ev.Weights["fit"] != 50 || ev.DueDate != "2027-01-15" {
				t.Errorf("patched evaluation: got %+v", ev)
			}
		}},
		{name: "EvaluationPatchNullClearsDueDate", as: "editorA", method: "PATCH", path: "/api/v1/evaluations/{evA}", raw: `{"due_date": null}`, want: 200, check: unchanged("/api/v1/evaluations/{evA}", "due_date", "")},
		{name: "EvaluationPatchWithoutAuthIs401", method: "PATCH", path: "/api/v1/evaluations/{evA}", body: map[string]any{"name": "x"}, want: 401},
		{name: "EvaluationPatchAsViewerIs403", as: "viewerA", method: "PATCH", path: "/api/v1/evaluations/{evA}", body: map[string]any{"name": "x"}, want: 403, check: unchanged("/api/v1/evaluations/{evA}", "name", "Partner A renamed")},
		{name: "EvaluationPatchOfOtherWorkspaceIs404", as: "ownerA", method: "PATCH", path: "/api/v1/evaluations/{evB}", body: map[string]any{"name": "x"}, want: 404},
		{name: "EvaluationPatchWithPartialWeightsStoresNothing", as: "ownerA", method: "PATCH", path: "/api/v1/evaluations/{evA}", body: map[string]any{"name": "Half-changed", "weights": map[string]float64{"fit": 100}}, want: 422, field: "weights.flexibility", check: unchanged("/api/v1/evaluations/{evA}", "name", "Partner A renamed")},
		{name: "EvaluationPatchWithBadStatusIs422", as: "ownerA", method: "PATCH", path: "/api/v1/evaluations/{evA}", body: map[string]any{"status": "done"}, malformed: true, want: 422, field: "status"},
		{name: "EvaluationDeleteWithoutAuthIs401", method: "DELETE", path: "/api/v1/evaluations/{evA}", want: 401},
		{name: "EvaluationDeleteAsViewerIs403", as: "viewerA", method: "DELETE", path: "/api/v1/evaluations/{evA}", want: 403},
		{name: "EvaluationDeleteOfOtherWorkspaceIs404", as: "ownerA", method: "DELETE", path: "/api/v1/evaluations/{evB}", want: 404},

		// Candidates.
		{name: "CandidatesList", as: "viewerA", method: "GET", path: "/api/v1/evaluations/{evA}/candidates", want: 200},
		{name: "CandidatesListWithoutAuthIs401", method: "GET", path: "/api/v1/evaluations/{evA}/candidates", want: 401},
		{name: "CandidatesListOfOtherWorkspaceIs404", as: "ownerA", method: "GET", path: "/api/v1/evaluations/{evB}/candidates", want: 404},
		{name: "CandidatesListWithBadCursorIs422", as: "viewerA", method: "GET", path: "/api/v1/evaluations/{evA}/candidates?cursor=not!base64", malformed: true, want: 422, field: "cursor"},
		{name: "CandidateCreate", as: "editorA", method: "POST", path: "/api/v1/evaluations/{evA}/candidates", body: map[string]string{"name": "Ωmega Managed Services", "contact_email": "bids@omega.example", "website": "https://omega.example"}, want: 201, check: count("/api/v1/evaluations/{evA}/candidates", 2)},
		{name: "CandidateCreateWithoutAuthIs401", method: "POST", path: "/api/v1/evaluations/{evA}/candidates", body: map[string]string{"name": "x"}, want: 401},
		{name: "CandidateCreateAsViewerIs403", as: "viewerA", method: "POST", path: "/api/v1/evaluations/{evA}/candidates", body: map[string]string{"name": "x"}, want: 403},
		{name: "CandidateCreateInOtherWorkspaceIs404", as: "ownerA", method: "POST", path: "/api/v1/evaluations/{evB}/candidates", body: map[string]string{"name": "x"}, want: 404},
		{name: "CandidateCreateWithBadEmailStoresNothing", as: "ownerA", method: "POST", path: "/api/v1/evaluations/{evA}/candidates", body: map[string]string{"name": "x", "contact_email": "not-an-email", "website": "ftp://x"}, want: 422, field: "contact_email", check: count("/api/v1/evaluations/{evA}/candidates", 2)},
		{name: "CandidateCreateWithoutNameIs422", as: "ownerA", method: "POST", path: "/api/v1/evaluations/{evA}/candidates", body: map[string]string{"contact_name": "x"}, malformed: true, want: 422, field: "name"},
		{name: "CandidateGet", as: "viewerA", method: "GET", path: "/api/v1/candidates/{candA}", want: 200},
		{name: "CandidateGetWithoutAuthIs401", method: "GET", path: "/api/v1/candidates/{candA}", want: 401},
		{name: "CandidateGetOfOtherWorkspaceIs404", as: "ownerA", method: "GET", path: "/api/v1/candidates/{candB}", want: 404},
		{name: "CandidatePatch", as: "editorA", method: "PATCH", path: "/api/v1/candidates/{candA}", body: map[string]string{"name": "Сервис ИТ"}, want: 200, check: unchanged("/api/v1/candidates/{candA}", "name", "Сервис ИТ")},
		{name: "CandidatePatchWithoutAuthIs401", method: "PATCH", path: "/api/v1/candidates/{candA}", body: map[string]string{"name": "x"}, want: 401},
		{name: "CandidatePatchAsViewerIs403", as: "viewerA", method: "PATCH", path: "/api/v1/candidates/{candA}", body: map[string]string{"name": "x"}, want: 403},
		{name: "CandidatePatchOfOtherWorkspaceIs404", as: "ownerA", method: "PATCH", path: "/api/v1/candidates/{candB}", body: map[string]string{"name": "x"}, want: 404},
		{name: "CandidatePatchWithBadWebsiteStoresNothing", as: "ownerA", method: "PATCH", path: "/api/v1/candidates/{candA}", body: map[string]string{"name": "Renamed", "website": "javascript:alert(1)"}, want: 422, field: "website", check: unchanged("/api/v1/candidates/{candA}", "name", "Сервис ИТ")},
		{name: "CandidateDeleteWithoutAuthIs401", method: "DELETE", path: "/api/v1/candidates/{candA}", want: 401},
		{name: "CandidateDeleteAsViewerIs403", as: "viewerA", method: "DELETE", path: "/api/v1/candidates/{candA}", want: 403},
		{name: "CandidateDeleteOfOtherWorkspaceIs404", as: "ownerA", method: "DELETE", path: "/api/v1/candidates/{candB}", want: 404},

		// Invitations.
		{name: "InvitationsList", as: "viewerA", method: "GET", path: "/api/v1/candidates/{candA}/invitations", want: 200, check: func(t *testing.T, f *fixture, r response) {
			if strings.Contains(string(r.Body), "token") {
				t.Errorf("an invitation list must not carry tokens or their hashes: %s", r.Body)
			}
		}},
		{name: "InvitationsListWithoutAuthIs401", method: "GET", path: "/api/v1/candidates/{candA}/invitations", want: 401},
		{name: "InvitationsListOfOtherWorkspaceIs404", as: "ownerA", method: "GET", path: "/api/v1/candidates/{candB}/invitations", want: 404},
		{name: "InvitationCreate", as: "editorA", method: "POST", path: "/api/v1/candidates/{candA}/invitations", want: 201, check: func(t *testing.T, f *fixture, r response) {
			var got struct {
				Token, URL string
				Invitation mspeval.Invitation
			}
			r.decode(t, &got)
			if len(got.Token) < 40 || !strings.HasSuffix(got.URL, got.Token) || got.Invitation.Status != "sent" {
				t.Errorf("created invitation: got %+v", got)
			}
			if d := got.Invitation.ExpiresAt.Sub(got.Invitation.CreatedAt); d != mspeval.DefaultInvitationTTL {
				t.Errorf("default expiry: got %v, want 30 days", d)
			}
		}},
		{name: "InvitationCreateWithoutAuthIs401", method: "POST", path: "/api/v1/candidates/{candA}/invitations", want: 401},
		{name: "InvitationCreateAsViewerIs403", as: "viewerA", method: "POST", path: "/api/v1/candidates/{candA}/invitations", want: 403},
		{name: "InvitationCreateForOtherWorkspaceIs404", as: "ownerA", method: "POST", path: "/api/v1/candidates/{candB}/invitations", want: 404},
		{name: "InvitationCreateWithPastExpiryStoresNothing", as: "ownerA", method: "POST", path: "/api/v1/candidates/{candA}/invitations", body: map[string]string{"expires_at": "2001-01-01T00:00:00Z"}, want: 422, field: "expires_at", check: count("/api/v1/candidates/{candA}/invitations", 2)},
		{name: "InvitationRevokeWithoutAuthIs401", method: "DELETE", path: "/api/v1/invitations/{invA}", want: 401},
		{name: "InvitationRevokeAsViewerIs403", as: "viewerA", method: "DELETE", path: "/api/v1/invitations/{invA}", want: 403},
		{name: "InvitationRevokeOfOtherWorkspaceIs404", as: "ownerA", method: "DELETE", path: "/api/v1/invitations/{invB}", want: 404},

		// Answers typed in by the buyer's team.
		{name: "AnswersGet", as: "viewerA", method: "GET", path: "/api/v1/candidates/{candA}/answers", want: 200},
		{name: "AnswersGetWithoutAuthIs401", method: "GET", path: "/api/v1/candidates/{candA}/answers", want: 401},
		{name: "AnswersGetOfOtherWorkspaceIs404", as: "ownerA", method: "GET", path: "/api/v1/candidates/{candB}/answers", want: 404},
		{name: "AnswersPut", as: "editorA", method: "PUT", path: "/api/v1/candidates/{candA}/answers", body: map[string]any{"answers": map[string]any{"role_alongside_internal_it": map[string]any{"text": "From our call: they reinforce the internal team."}}}, want: 200, check: func(t *testing.T, f *fixture, r response) {
			var got struct {
				Response mspeval.Response
				Answers  map[string]mspeval.StoredAnswer
			}
			r.decode(t, &got)
			a := got.Answers["role_alongside_internal_it"]
			if got.Response.Status != "in_progress" || a.Text == nil || a.UpdatedBy == "" || a.UpdatedBy == mspeval.ByRespondent {
				t.Errorf("after an editor's save: got %+v", got)
			}
		}},
		{name: "AnswersPutWithoutAuthIs401", method: "PUT", path: "/api/v1/candidates/{candA}/answers", body: map[string]any{"answers": map[string]any{}}, want: 401},
		{name: "AnswersPutAsViewerIs403", as: "viewerA", method: "PUT", path: "/api/v1/candidates/{candA}/answers", body: map[string]any{"answers": map[string]any{}}, want: 403},
		{name: "AnswersPutOfOtherWorkspaceIs404", as: "ownerA", method: "PUT", path: "/api/v1/candidates/{candB}/answers", body: map[string]any{"answers": map[string]any{"role_alongside_internal_it": map[string]any{"text": "x"}}}, want: 404},
		{name: "AnswersPutWithUnknownOptionStoresNothing", as: "ownerA", method: "PUT", path: "/api/v1/candidates/{candA}/answers", body: map[string]any{"answers": map[string]any{
			"role_alongside_internal_it": map[string]any{"text": "changed"},
			"disagreement_handling":      map[string]any{"choice": "no-such-option"},
		}}, want: 422, field: "answers.disagreement_handling.choice", check: func(t *testing.T, f *fixture, _ response) {
			var got struct {
				Answers map[string]mspeval.StoredAnswer
			}
			f.e.must(200, request{Method: "GET", Path: f.path("/api/v1/candidates/{candA}/answers"), As: "ownerA"}).decode(t, &got)
			if a := got.Answers["role_alongside_internal_it"]; a.Text == nil || *a.Text == "changed" {
				t.Errorf("a refused save changed a valid answer in the same request: %+v", a)
			}
		}},
		// Ratings and scores.
		{name: "RatingPut", as: "editorA", method: "PUT", path: "/api/v1/candidates/{candA}/ratings/role_alongside_internal_it", body: map[string]any{"score": 3, "note": "Clear split of roles."}, want: 200, check: func(t *testing.T, f *fixture, r response) {
			var got mspeval.RatingSummary
			r.decode(t, &got)
			if got.Mine == nil || got.Mine.Score != 3 || got.Count != 1 || got.Consensus == nil || *got.Consensus != 3 {
				t.Errorf("after rating: got %+v", got)
			}
		}},
		{name: "RatingPutWithoutAuthIs401", method: "PUT", path: "/api/v1/candidates/{candA}/ratings/role_alongside_internal_it", body: map[string]any{"score": 1}, want: 401},
		{name: "RatingPutAsViewerIs403", as: "viewerA", method: "PUT", path: "/api/v1/candidates/{candA}/ratings/role_alongside_internal_it", body: map[string]any{"score": 1}, want: 403},
		{name: "RatingPutOfOtherWorkspaceIs404", as: "ownerA", method: "PUT", path: "/api/v1/candidates/{candB}/ratings/role_alongside_internal_it", body: map[string]any{"score": 1}, want: 404},
		{name: "RatingPutOutOfRangeStoresNothing", as: "ownerA", method: "PUT", path: "/api/v1/candidates/{candA}/ratings/role_alongside_internal_it", body: map[string]any{"score": 5}, malformed: true, want: 422, field: "score", check: func(t *testing.T, f *fixture, _ response) {
			var got mspeval.RatingSummary
			f.e.must(200, request{Method: "GET", Path: f.path("/api/v1/candidates/{candA}/ratings/role_alongside_internal_it"), As: "ownerA"}).decode(t, &got)
			if got.Count != 1 {
				t.Errorf("a refused rating was stored: %+v", got)
			}
		}},
		{name: "RatingPutWithoutScoreIs422", as: "ownerA", method: "PUT", path: "/api/v1/candidates/{candA}/ratings/role_alongside_internal_it", body: map[string]any{"note": "x"}, malformed: true, want: 422, field: "score"},
		{name: "RatingOfUnansweredQuestionIs409", as: "ownerA", method: "PUT", path: "/api/v1/candidates/{candA}/ratings/exit_handover", body: map[string]any{"score": 2}, want: 409},
		{name: "RatingOfUnknownQuestionIs404", as: "ownerA", method: "PUT", path: "/api/v1/candidates/{candA}/ratings/no_such_question", body: map[string]any{"score": 2}, want: 404},
		{name: "RatingGet", as: "viewerA", method: "GET", path: "/api/v1/candidates/{candA}/ratings/role_alongside_internal_it", want: 200},
		{name: "RatingGetWithoutAuthIs401", method: "GET", path: "/api/v1/candidates/{candA}/ratings/role_alongside_internal_it", want: 401},
		{name: "RatingGetOfOtherWorkspaceIs404", as: "ownerA", method: "GET", path: "/api/v1/candidates/{candB}/ratings/role_alongside_internal_it", want: 404},
		{name: "RatingsList", as: "viewerA", method: "GET", path: "/api/v1/candidates/{candA}/ratings", want: 200, check: count("/api/v1/candidates/{candA}/ratings", 1)},
		{name: "RatingsListWithoutAuthIs401", method: "GET", path: "/api/v1/candidates/{candA}/ratings", want: 401},
		{name: "RatingsListOfOtherWorkspaceIs404", as: "ownerA", method: "GET", path: "/api/v1/candidates/{candB}/ratings", want: 404},
		{name: "RatingDeleteWithoutAuthIs401", method: "DELETE", path: "/api/v1/candidates/{candA}/ratings/role_alongside_internal_it", want: 401},
		{name: "RatingDeleteAsViewerIs403", as: "viewerA", method: "DELETE", path: "/api/v1/candidates/{candA}/ratings/role_alongside_internal_it", want: 403},
		{name: "RatingDeleteOfOtherWorkspaceIs404", as: "ownerA", method: "DELETE", path: "/api/v1/candidates/{candB}/ratings/role_alongside_internal_it", want: 404},
		{name: "ScoreAsViewer", as: "viewerA", method: "GET", path: "/api/v1/candidates/{candA}/score", want: 200, check: func(t *testing.T, f *fixture, r response) {
			var got struct {
				Result struct {
					Answers []struct {
						Question string
						Source   string
						Score    *float64
					}
				}
			}
			r.decode(t, &got)
			for _, a := range got.Result.Answers {
				if a.Question == "role_alongside_internal_it" && (a.Source != "consensus" || a.Score == nil || *a.Score != 3) {
					t.Errorf("a rated answer: got %+v, want the consensus 3", a)
				}
			}
		}},
		{name: "ScoreWithoutAuthIs401", method: "GET", path: "/api/v1/candidates/{candA}/score", want: 401},
		{name: "ScoreOfOtherWorkspaceIs404", as: "ownerA", method: "GET", path: "/api/v1/candidates/{candB}/score", want: 404},
		{name: "ScoreWithNegativeWeightIs422", as: "viewerA", method: "GET", path: "/api/v1/candidates/{candA}/score?fit=-5", malformed: true, want: 422, field: "fit"},
		{name: "Comparison", as: "viewerA", method: "GET", path: "/api/v1/evaluations/{evA}/comparison", want: 200},
		{name: "ComparisonWhatIfIsNotSaved", as: "viewerA", method: "GET", path: "/api/v1/evaluations/{evA}/comparison?fit=10&flexibility=10&dependency_risk=80", want: 200, check: func(t *testing.T, f *fixture, r response) {
			var got struct {
				WhatIf  bool               `json:"what_if"`
				Weights map[string]float64 `json:"weights"`
			}
			r.decode(t, &got)
			if !got.WhatIf || got.Weights["dependency_risk"] != 80 {
				t.Errorf("what-if comparison: got %+v", got)
			}
			var ev mspeval.Evaluation
			f.e.must(200, request{Method: "GET", Path: f.path("/api/v1/evaluations/{evA}"), As: "viewerA"}).decode(t, &ev)
			if ev.Weights["dependency_risk"] == 80 {
				t.Errorf("what-if weights were saved")
			}
		}},
		{name: "ComparisonWithUnknownDimensionIs422", as: "viewerA", method: "GET", path: "/api/v1/evaluations/{evA}/comparison?price=50", malformed: true, want: 422, field: "price"},
		{name: "ComparisonWithoutAuthIs401", method: "GET", path: "/api/v1/evaluations/{evA}/comparison", want: 401},
		{name: "ComparisonOfOtherWorkspaceIs404", as: "ownerA", method: "GET", path: "/api/v1/evaluations/{evB}/comparison", want: 404},
		{name: "RatingDelete", as: "editorA", method: "DELETE", path: "/api/v1/candidates/{candA}/ratings/role_alongside_internal_it", want: 204, check: count("/api/v1/candidates/{candA}/ratings", 0)},

		{name: "SubmitWithMissingAnswersIs422", as: "editorA", method: "POST", path: "/api/v1/candidates/{candA}/submit", want: 422, field: "answers.role_alongside_internal_it"},
		{name: "SubmitWithoutAuthIs401", method: "POST", path: "/api/v1/candidates/{candA}/submit", want: 401},
		{name: "SubmitAsViewerIs403", as: "viewerA", method: "POST", path: "/api/v1/candidates/{candA}/submit", want: 403},
		{name: "SubmitOfOtherWorkspaceIs404", as: "ownerA", method: "POST", path: "/api/v1/candidates/{candB}/submit", want: 404},
		{name: "ReopenOfUnsubmittedIs409", as: "editorA", method: "POST", path: "/api/v1/candidates/{candA}/reopen", want: 409},
		{name: "ReopenWithoutAuthIs401", method: "POST", path: "/api/v1/candidates/{candA}/reopen", want: 401},
		{name: "ReopenAsViewerIs403", as: "viewerA", method: "POST", path: "/api/v1/candidates/{candA}/reopen", want: 403},
		{name: "ReopenOfOtherWorkspaceIs404", as: "ownerA", method: "POST", path: "/api/v1/candidates/{candB}/reopen", want: 404},

		// Deletions, last.
		{name: "InvitationRevoke", as: "editorA", method: "DELETE", path: "/api/v1/invitations/{invDel}", want: 204, check: func(t *testing.T, f *fixture, _ response) {
			var got struct{ Items []mspeval.Invitation }
			f.e.must(200, request{Method: "GET", Path: f.path("/api/v1/candidates/{candDel}/invitations"), As: "ownerA"}).decode(t, &got)
			if len(got.Items) != 1 || got.Items[0].Status != "revoked" {
				t.Errorf("after revocation: got %+v", got.Items)
			}
		}},
		{name: "TokenRevoke", as: "ownerA", method: "DELETE", path: "/api/v1/tokens/{tokDel}", want: 204, check: count("/api/v1/tokens", 3)},
		{name: "CandidateDelete", as: "editorA", method: "DELETE", path: "/api/v1/candidates/{candDel}", want: 204, check: count("/api/v1/evaluations/{evDel}/candidates", 0)},
		{name: "EvaluationDelete", as: "editorA", method: "DELETE", path: "/api/v1/evaluations/{evDel}", want: 204, check: func(t *testing.T, f *fixture, _ response) {
			f.e.must(404, request{Method: "GET", Path: f.path("/api/v1/evaluations/{evDel}"), As: "ownerA"})
		}},
		{name: "PasswordChange", as: "viewerA", method: "PUT", path: "/api/v1/me/password", body: map[string]string{"current_password": storetest.Password, "new_password": "a new long password"}, want: 200, check: func(t *testing.T, f *fixture, _ response) {
			f.e.must(401, request{Method: "POST", Path: "/api/v1/session", Body: map[string]string{"email": "viewer@a.example", "password": storetest.Password}})
			f.e.must(201, request{Method: "POST", Path: "/api/v1/session", Body: map[string]string{"email": "viewer@a.example", "password": "a new long password"}})
			f.e.must(200, request{Method: "GET", Path: "/api/v1/me", As: "viewerA"})
		}},
		{name: "MemberRemove", as: "ownerA", method: "DELETE", path: "/api/v1/members/{userOwnerB}", want: 204, check: count("/api/v1/members", 2)},
		{name: "SignOut", as: "viewerA", method: "DELETE", path: "/api/v1/session", want: 204, check: func(t *testing.T, f *fixture, _ response) {
			f.e.must(401, request{Method: "GET", Path: "/api/v1/me", As: "viewerA"})
		}},
	}
}
