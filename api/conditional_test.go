package api_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"mspeval"
	"mspeval/questions"
	"mspeval/store/storetest"
)

// publishConditional imports questions/testdata/conditional.yaml into
// workspace A, publishes it and returns a link to a new candidate of an
// evaluation on it, with the candidate's ID.
func publishConditional(t *testing.T, f *fixture) (token, candidate string) {
	t.Helper()
	data, err := os.ReadFile("../questions/testdata/conditional.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var draft draftBody
	f.e.must(201, request{Method: "POST", Path: "/api/v1/questionnaire-drafts/import", As: "editorA", Raw: string(data),
		Header: yamlHeader}).decode(t, &draft)
	f.e.must(201, request{Method: "POST", Path: "/api/v1/questionnaire-drafts/" + draft.ID + "/publish", As: "editorA"})
	var ev, cand struct{ ID string }
	f.e.must(201, request{Method: "POST", Path: "/api/v1/evaluations", As: "editorA",
		Body: map[string]any{"name": "Conditional", "questionnaire_key": draft.Key}}).decode(t, &ev)
	f.e.must(201, request{Method: "POST", Path: "/api/v1/evaluations/" + ev.ID + "/candidates", As: "editorA",
		Body: map[string]any{"name": "MSP Conditional"}}).decode(t, &cand)
	return createLink(t, f, cand.ID, nil), cand.ID
}

// TestRespondentViewCarriesConditions pins the API side of conditional
// questions: the respondent's view names each condition, a hidden required
// question is neither counted in progress nor required to submit, an answer
// saved to it is kept, and the comparison gives it as not asked.
func TestRespondentViewCarriesConditions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		token, candID := publishConditional(t, f)
		respond := "/api/v1/respond/" + token

		var form mspeval.RespondentForm
		r := e.must(200, request{Method: "GET", Path: respond})
		r.decode(t, &form)
		conds := map[string]*questions.Condition{}
		for _, s := range form.Questionnaire.Sections {
			conds["section "+s.Key] = s.ShowIf
			for _, q := range s.Questions {
				conds[q.Key] = q.ShowIf
			}
		}
		for key, want := range map[string]string{"team_size": "has_team=yes", "handback": "model=replace", "section team": "has_team=yes",
			"has_team": "", "section setup": ""} {
			got := ""
			if c := conds[key]; c != nil {
				got = c.Question + "=" + strings.Join(c.Equals, ",")
			}
			if got != want {
				t.Errorf("%s: show_if got %q, want %q", key, got, want)
			}
		}
		if strings.Count(string(r.Body), `"show_if"`) != 3 {
			t.Errorf("the view names show_if %d times, want 3 (unconditional ones leave it out)", strings.Count(string(r.Body), `"show_if"`))
		}

		save := func(answers map[string]any) mspeval.RespondentDraft {
			t.Helper()
			var d mspeval.RespondentDraft
			e.must(200, request{Method: "PUT", Path: respond + "/answers", Body: map[string]any{"answers": answers}}).decode(t, &d)
			return d
		}
		d := save(map[string]any{"has_team": map[string]any{"choice": "yes"}, "team_size": map[string]any{"scale": 1}})
		if d.Progress.Done != 2 || d.Progress.Total != 5 {
			t.Errorf("progress with yes: got %d of %d, want 2 of 5 (has_team, team_size of has_team, team_size, model, docs, escalation)", d.Progress.Done, d.Progress.Total)
		}
		d = save(map[string]any{"has_team": map[string]any{"choice": "no"}, "model": map[string]any{"choice": "alongside"},
			"docs": map[string]any{"choice": "client"}})
		if d.Progress.Done != 3 || d.Progress.Total != 3 {
			t.Errorf("progress with no: got %d of %d, want 3 of 3", d.Progress.Done, d.Progress.Total)
		}
		d = mspeval.RespondentDraft{}
		e.must(200, request{Method: "POST", Path: respond + "/submit"}).decode(t, &d)
		if a, ok := d.Answers["team_size"]; !ok || a.Scale == nil || *a.Scale != 1 {
			t.Errorf("the hidden question's answer is not kept: %+v", d.Answers)
		}

		var got struct {
			Result struct {
				Knockouts []json.RawMessage
				Answers   []struct{ Question, Source string }
			}
		}
		e.must(200, request{Method: "GET", Path: "/api/v1/candidates/" + candID + "/score", As: "viewerA"}).decode(t, &got)
		score := got.Result
		sources := map[string]string{}
		for _, a := range score.Answers {
			sources[a.Question] = a.Source
		}
		for key, want := range map[string]string{"team_size": "not_asked", "handback": "not_asked", "escalation": "not_asked",
			"has_team": "option", "notes": "unanswered"} {
			if sources[key] != want {
				t.Errorf("%s: source got %q, want %q", key, sources[key], want)
			}
		}
		if len(score.Knockouts) != 0 {
			t.Errorf("a hidden question's answer knocked the candidate out: %s", score.Knockouts)
		}
	})
}

// TestConditionProblemsAreNamedAtTheirFields pins an import whose condition
// reads a later question: refused with the problem at its field.
func TestConditionProblemsAreNamedAtTheirFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		data, err := os.ReadFile("../questions/testdata/conditional.yaml")
		if err != nil {
			t.Fatal(err)
		}
		broken := strings.Replace(string(data), "show_if: {question: model, equals: [replace]}", "show_if: {question: docs, equals: [nobody]}", 1)
		p := f.e.must(422, request{Method: "POST", Path: "/api/v1/questionnaire-drafts/import", As: "editorA", Raw: broken,
			Header: yamlHeader}).problem(t)
		found := false
		for _, fe := range p.Errors {
			if fe.Field == "sections[0].questions[3].show_if.question" && strings.Contains(fe.Message, `question "docs" comes after this question`) {
				found = true
			}
		}
		if !found {
			t.Errorf("field errors: got %+v, want one at sections[0].questions[3].show_if.question", p.Errors)
		}
		if r := f.e.must(200, request{Method: "GET", Path: "/api/v1/questionnaire-drafts", As: "editorA"}); strings.Contains(string(r.Body), "conditional-test") {
			t.Error("a refused import stored a draft")
		}
	})
}
