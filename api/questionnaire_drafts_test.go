package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"mspeval/questions"
	"mspeval/store/storetest"
)

// draftBody is the part of a draft the tests read.
type draftBody struct {
	ID            string
	Key           string
	LocalKey      string `json:"local_key"`
	Version       int
	Questionnaire json.RawMessage
}

// editDocument decodes a questionnaire's JSON, lets edit change it and encodes it again.
func editDocument(t *testing.T, doc json.RawMessage, edit func(m map[string]any)) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	return m
}

// at walks a decoded JSON value by field names and list positions.
func at(v any, steps ...any) map[string]any {
	for _, s := range steps {
		switch k := s.(type) {
		case string:
			v = v.(map[string]any)[k]
		case int:
			v = v.([]any)[k]
		}
	}
	return v.(map[string]any)
}

var yamlHeader = http.Header{"Content-Type": {"application/yaml"}}

// TestOwnQuestionnaireEndToEnd is the slice's path through the API: clone the
// partner-selection questionnaire, change a weight and an option score, fail
// validation with two problems named, publish, run an evaluation on it with a
// respondent answering through the link, and read the comparison.
func TestOwnQuestionnaireEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e

		var draft draftBody
		r := e.must(201, request{Method: "POST", Path: "/api/v1/questionnaire-drafts", As: "editorA",
			Body: map[string]any{"from_key": "partner-selection"}})
		r.decode(t, &draft)
		if draft.LocalKey != "partner-selection" || !strings.HasPrefix(draft.Key, "ws-") || draft.Version != 1 {
			t.Fatalf("draft: got %s (%s) version %d", draft.Key, draft.LocalKey, draft.Version)
		}
		if got := r.Header.Get("Location"); got != "/api/v1/questionnaire-drafts/"+draft.ID {
			t.Errorf("Location: got %q", got)
		}
		draftPath := "/api/v1/questionnaire-drafts/" + draft.ID

		// Two problems at once: each named with its field and its question.
		broken := editDocument(t, draft.Questionnaire, func(m map[string]any) {
			at(m, "sections", 0, "questions", 0, "options", 1)["score"] = 9
			at(m, "sections", 0, "questions", 0, "dimensions", 0)["weight"] = 0
		})
		p := e.must(422, request{Method: "PUT", Path: draftPath, As: "editorA", Body: broken}).problem(t)
		want := map[string]bool{
			"sections[0].questions[0].options[1].score":     true,
			"sections[0].questions[0].dimensions[0].weight": true,
		}
		if len(p.Errors) != 2 {
			t.Errorf("field errors: got %+v, want two", p.Errors)
		}
		for _, fe := range p.Errors {
			if !want[fe.Field] || !strings.Contains(fe.Message, `question "role_alongside_internal_it"`) {
				t.Errorf("field error %+v: want one of %v, naming the question", fe, want)
			}
		}

		// A valid change: a weight and an option's score.
		changed := editDocument(t, draft.Questionnaire, func(m map[string]any) {
			at(m, "sections", 0, "questions", 0, "options", 1)["score"] = 4
			at(m, "sections", 0, "questions", 0, "dimensions", 0)["weight"] = 5
			m["title"] = "Acme partner selection"
		})
		var saved draftBody
		e.must(200, request{Method: "PUT", Path: draftPath, As: "editorA", Body: changed}).decode(t, &saved)
		var q questions.Questionnaire
		if err := json.Unmarshal(saved.Questionnaire, &q); err != nil {
			t.Fatal(err)
		}
		if *q.Sections[0].Questions[0].Options[1].Score != 4 || q.Sections[0].Questions[0].Dimensions[0].Weight != 5 {
			t.Errorf("the change was not kept: %+v", q.Sections[0].Questions[0])
		}

		// The same draft goes out and comes back as YAML unchanged.
		file := e.must(200, request{Method: "GET", Path: draftPath + "/export", As: "viewerA"})
		if ct := file.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/yaml") ||
			!strings.Contains(file.Header.Get("Content-Disposition"), "partner-selection.v1.yaml") {
			t.Errorf("export: %s, %s", ct, file.Header.Get("Content-Disposition"))
		}
		if strings.Contains(string(file.Body), "ws-") {
			t.Error("the exported file carries the workspace's namespace")
		}
		var again draftBody
		e.must(200, request{Method: "PUT", Path: draftPath, As: "editorA", Raw: string(file.Body), Header: yamlHeader}).decode(t, &again)
		if !jsonEqual(t, again.Questionnaire, saved.Questionnaire) {
			t.Error("a YAML round trip changed the draft")
		}

		// Publish: the draft becomes version 1 of the workspace.
		r = e.must(201, request{Method: "POST", Path: draftPath + "/publish", As: "editorA"})
		var published questions.Questionnaire
		r.decode(t, &published)
		if published.Key != draft.Key || published.Version != 1 || len(published.Checksum) != 64 {
			t.Errorf("published: got %s v%d %q", published.Key, published.Version, published.Checksum)
		}
		if got, want := r.Header.Get("Location"), "/api/v1/questionnaires/"+draft.Key+"/versions/1"; got != want {
			t.Errorf("Location: got %q, want %q", got, want)
		}
		e.must(404, request{Method: "GET", Path: draftPath, As: "editorA"})

		// An evaluation on it, answered by a respondent through the link.
		var ev struct {
			ID                   string
			QuestionnaireKey     string `json:"questionnaire_key"`
			QuestionnaireVersion int    `json:"questionnaire_version"`
		}
		e.must(201, request{Method: "POST", Path: "/api/v1/evaluations", As: "editorA",
			Body: map[string]any{"name": "Ours", "questionnaire_key": draft.Key}}).decode(t, &ev)
		if ev.QuestionnaireKey != draft.Key || ev.QuestionnaireVersion != 1 {
			t.Errorf("evaluation: bound to %s v%d", ev.QuestionnaireKey, ev.QuestionnaireVersion)
		}
		var cand struct{ ID string }
		e.must(201, request{Method: "POST", Path: "/api/v1/evaluations/" + ev.ID + "/candidates", As: "editorA",
			Body: map[string]any{"name": "MSP Ω"}}).decode(t, &cand)
		token := createLink(t, f, cand.ID, nil)
		form := e.must(200, request{Method: "GET", Path: "/api/v1/respond/" + token})
		if !strings.Contains(string(form.Body), "Acme partner selection") || strings.Contains(string(form.Body), `"score"`) {
			t.Errorf("the respondent's form: %.300s", form.Body)
		}
		e.must(200, request{Method: "PUT", Path: "/api/v1/respond/" + token + "/answers",
			Body: map[string]any{"answers": storetest.CompleteAnswers(&published)}})
		e.must(200, request{Method: "POST", Path: "/api/v1/respond/" + token + "/submit"})
		e.must(200, request{Method: "GET", Path: "/api/v1/evaluations/" + ev.ID + "/comparison", As: "viewerA"})

		// The comparison with the built-in it came from.
		var diff questions.Diff
		e.must(200, request{Method: "GET", As: "viewerA", Path: "/api/v1/questionnaire-comparison?from_key=partner-selection&from_version=2&to_key=" +
			draft.Key + "&to_version=1"}).decode(t, &diff)
		if len(diff.Added) != 0 || len(diff.Removed) != 0 || len(diff.Changed) != 1 || diff.Changed[0].Key != "role_alongside_internal_it" {
			t.Fatalf("diff: got %+v", diff)
		}
		fields := map[string]questions.Change{}
		for _, c := range diff.Changed[0].Changes {
			fields[c.Field] = c
		}
		if c := fields["dimensions.fit.weight"]; c.To != "5" {
			t.Errorf("weight change: got %+v", c)
		}
		if c := fields["options.fill_named_gaps.score"]; c.From != "3" || c.To != "4" {
			t.Errorf("score change: got %+v", c)
		}
		if len(diff.Changes) != 1 || diff.Changes[0].Field != "title" {
			t.Errorf("questionnaire changes: got %+v", diff.Changes)
		}
	})
}

func jsonEqual(t *testing.T, a, b json.RawMessage) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	xs, _ := json.Marshal(x)
	ys, _ := json.Marshal(y)
	return string(xs) == string(ys)
}

// TestQuestionnairesStayInTheirWorkspace pins who sees what: the list shows
// built-ins and the workspace's own, and another workspace's drafts and
// versions answer 404 (or, named in a body, as unknown).
func TestQuestionnairesStayInTheirWorkspace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		var draft draftBody
		e.must(201, request{Method: "POST", Path: "/api/v1/questionnaire-drafts", As: "ownerA",
			Body: map[string]any{"from_key": "co-managed-readiness", "key": "readiness"}}).decode(t, &draft)
		e.must(201, request{Method: "POST", Path: "/api/v1/questionnaire-drafts/" + draft.ID + "/publish", As: "ownerA"})
		var next draftBody
		e.must(201, request{Method: "POST", Path: "/api/v1/questionnaire-drafts", As: "ownerA",
			Body: map[string]any{"from_key": draft.Key}}).decode(t, &next)
		if next.Version != 2 {
			t.Errorf("the next draft: got version %d, want 2", next.Version)
		}

		list := func(as string) map[string]string {
			var got struct {
				Items []struct {
					Key, Origin string
					Versions    []int
				}
			}
			e.must(200, request{Method: "GET", Path: "/api/v1/questionnaires", As: as}).decode(t, &got)
			out := map[string]string{}
			for _, q := range got.Items {
				out[q.Key] = q.Origin
			}
			return out
		}
		if got := list("viewerA"); got[draft.Key] != "workspace" || got["partner-selection"] != "builtin" {
			t.Errorf("A's list: got %v", got)
		}
		if got := list("ownerB"); len(got) != 2 {
			t.Errorf("B's list: got %v, want the two built-ins only", got)
		}
		var drafts struct{ Items []draftBody }
		e.must(200, request{Method: "GET", Path: "/api/v1/questionnaire-drafts", As: "viewerA"}).decode(t, &drafts)
		if len(drafts.Items) != 1 || drafts.Items[0].Questionnaire != nil {
			t.Errorf("A's drafts: got %+v, want one, without its document", drafts.Items)
		}
		e.must(200, request{Method: "GET", Path: "/api/v1/questionnaire-drafts", As: "ownerB"}).decode(t, &drafts)
		if len(drafts.Items) != 0 {
			t.Errorf("B's drafts: got %+v", drafts.Items)
		}

		for _, tc := range []struct {
			name         string
			method, path string
			body         any
			want         int
		}{
			{"DraftIs404", "GET", "/api/v1/questionnaire-drafts/" + next.ID, nil, 404},
			{"DraftExportIs404", "GET", "/api/v1/questionnaire-drafts/" + next.ID + "/export", nil, 404},
			{"DraftPublishIs404", "POST", "/api/v1/questionnaire-drafts/" + next.ID + "/publish", nil, 404},
			{"DraftDeleteIs404", "DELETE", "/api/v1/questionnaire-drafts/" + next.ID, nil, 404},
			{"VersionIs404", "GET", "/api/v1/questionnaires/" + draft.Key + "/versions/1", nil, 404},
			{"LatestIs404", "GET", "/api/v1/questionnaires/" + draft.Key, nil, 404},
			{"ExportIs404", "GET", "/api/v1/questionnaires/" + draft.Key + "/versions/1/export", nil, 404},
			{"ComparisonIs404", "GET", "/api/v1/questionnaire-comparison?from_key=co-managed-readiness&to_key=" + draft.Key, nil, 404},
			{"EvaluationIsRefused", "POST", "/api/v1/evaluations", map[string]any{"name": "Theirs", "questionnaire_key": draft.Key}, 422},
			{"CloneIsRefused", "POST", "/api/v1/questionnaire-drafts", map[string]any{"from_key": draft.Key}, 422},
		} {
			t.Run("OtherWorkspace"+tc.name, func(t *testing.T) {
				e.must(tc.want, request{Method: tc.method, Path: tc.path, As: "ownerB", Body: tc.body})
			})
		}
		t.Run("ViewerReadsButChangesNothing", func(t *testing.T) {
			e.must(200, request{Method: "GET", Path: "/api/v1/questionnaire-drafts/" + next.ID, As: "viewerA"})
			e.must(403, request{Method: "PUT", Path: "/api/v1/questionnaire-drafts/" + next.ID, As: "viewerA", Body: map[string]any{"title": "x"}})
			e.must(403, request{Method: "POST", Path: "/api/v1/questionnaire-drafts/" + next.ID + "/publish", As: "viewerA"})
			e.must(403, request{Method: "POST", Path: "/api/v1/questionnaire-drafts/import", As: "viewerA", Raw: "key: x\n", Header: yamlHeader})
		})
		t.Run("DeletedDraftIsGone", func(t *testing.T) {
			e.must(204, request{Method: "DELETE", Path: "/api/v1/questionnaire-drafts/" + next.ID, As: "editorA"})
			e.must(404, request{Method: "GET", Path: "/api/v1/questionnaire-drafts/" + next.ID, As: "editorA"})
		})
	})
}

// TestImportNamesEveryProblem pins the import of a file: a malformed one is
// refused with every problem at its field and stores nothing; a good one is a
// draft under the workspace's namespace.
func TestImportNamesEveryProblem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		file := e.must(200, request{Method: "GET", Path: "/api/v1/questionnaires/co-managed-readiness/versions/1/export", As: "viewerA"})
		broken := strings.Replace(string(file.Body), "default_weight: ", "default_weigth: ", 1)
		broken = strings.Replace(broken, "score: 4", "score: four", 1)
		broken = strings.Replace(broken, "type: single_choice", "type: essay", 1)
		p := e.must(422, request{Method: "POST", Path: "/api/v1/questionnaire-drafts/import", As: "editorA", Raw: broken, Header: yamlHeader}).problem(t)
		var unknown, score, kind bool
		for _, fe := range p.Errors {
			unknown = unknown || strings.HasSuffix(fe.Field, ".default_weigth")
			score = score || strings.HasSuffix(fe.Field, ".score") && strings.Contains(fe.Message, "whole number")
			kind = kind || strings.HasSuffix(fe.Field, ".type") && strings.Contains(fe.Message, `"essay"`)
		}
		if !unknown || !score || !kind {
			t.Errorf("problems: got %+v, want the unknown field, the score and the type", p.Errors)
		}
		var drafts struct{ Items []draftBody }
		e.must(200, request{Method: "GET", Path: "/api/v1/questionnaire-drafts", As: "viewerA"}).decode(t, &drafts)
		if len(drafts.Items) != 0 {
			t.Fatalf("a refused import stored %d drafts", len(drafts.Items))
		}
		e.must(400, request{Method: "POST", Path: "/api/v1/questionnaire-drafts/import", As: "editorA", Raw: " ", Header: yamlHeader, Malformed: true})
		e.must(415, request{Method: "POST", Path: "/api/v1/questionnaire-drafts/import", As: "editorA", Raw: string(file.Body),
			Header: http.Header{"Content-Type": {"text/plain"}}, Malformed: true})
		var draft draftBody
		e.must(201, request{Method: "POST", Path: "/api/v1/questionnaire-drafts/import", As: "editorA", Raw: string(file.Body), Header: yamlHeader}).decode(t, &draft)
		if draft.LocalKey != "co-managed-readiness" || !strings.HasPrefix(draft.Key, "ws-") {
			t.Errorf("imported draft: got %s", draft.Key)
		}
		p = e.must(409, request{Method: "POST", Path: "/api/v1/questionnaire-drafts/import", As: "editorA", Raw: string(file.Body), Header: yamlHeader}).problem(t)
		if !strings.Contains(p.Detail, draft.ID) {
			t.Errorf("the conflict does not name the draft: %s", p.Detail)
		}
	})
}

// TestDraftChangesCarryTheirRevision pins the draft's ETag and If-Match: a
// change sent from an older revision is 412 and changes nothing, a change
// from the current one goes through with the next tag, and publishing
// follows the same rule. Without If-Match the last save wins.
func TestDraftChangesCarryTheirRevision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		e := newFixture(t, dsn).e
		var draft draftBody
		created := e.must(201, request{Method: "POST", Path: "/api/v1/questionnaire-drafts", As: "editorA",
			Body: map[string]any{"from_key": "partner-selection"}})
		created.decode(t, &draft)
		if got := created.Header.Get("ETag"); got != `"1"` {
			t.Errorf("a new draft's ETag: got %q, want \"1\"", got)
		}
		path := "/api/v1/questionnaire-drafts/" + draft.ID
		titled := func(title string) map[string]any {
			return editDocument(t, draft.Questionnaire, func(m map[string]any) { m["title"] = title })
		}
		put := func(ifMatch, title string) response {
			return e.do(request{Method: "PUT", Path: path, As: "ownerA", Body: titled(title), Header: http.Header{"If-Match": {ifMatch}}})
		}

		if r := put(`"1"`, "First"); r.Status != 200 || r.Header.Get("ETag") != `"2"` {
			t.Fatalf("a change from the current revision: got %d, ETag %q; want 200, \"2\"\n%s", r.Status, r.Header.Get("ETag"), r.Body)
		}
		for _, stale := range []string{`"1"`, `W/"2"`, `"2", "3"`, `two`} {
			r := put(stale, "Lost")
			if r.Status != http.StatusPreconditionFailed {
				t.Errorf("If-Match %s: got %d, want 412\n%s", stale, r.Status, r.Body)
				continue
			}
			if p := r.problem(t); p.Code != "precondition_failed" {
				t.Errorf("If-Match %s: code %q, want precondition_failed", stale, p.Code)
			}
		}
		if p := put(`"1"`, "Lost").problem(t); !strings.Contains(p.Detail, "revision 2") || !strings.Contains(p.Detail, "you elsewhere (in another tab") {
			t.Errorf("the refusal's detail: %q; want who saved and the revision now", p.Detail)
		}
		var now struct{ Title string }
		got := e.must(200, request{Method: "GET", Path: path, As: "viewerA"})
		got.decode(t, &now)
		if now.Title != "First" || got.Header.Get("ETag") != `"2"` {
			t.Errorf("after the refusals: title %q, ETag %q; want First, \"2\"", now.Title, got.Header.Get("ETag"))
		}

		// No If-Match: the last save wins, as before the header existed.
		if r := e.do(request{Method: "PUT", Path: path, As: "editorA", Body: titled("Second")}); r.Status != 200 || r.Header.Get("ETag") != `"3"` {
			t.Fatalf("a change without If-Match: got %d, ETag %q", r.Status, r.Header.Get("ETag"))
		}
		e.must(412, request{Method: "POST", Path: path + "/publish", As: "editorA", Header: http.Header{"If-Match": {`"2"`}}})
		e.must(201, request{Method: "POST", Path: path + "/publish", As: "editorA", Header: http.Header{"If-Match": {`"3"`}}})
	})
}
