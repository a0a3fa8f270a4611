package api_test

import (
	"testing"

	"mspeval"
	"mspeval/store/storetest"
)

// TestClosedEvaluationTakesNoChanges: closing an evaluation stops new
// candidates, links and answers (409 with a problem body) for editors and
// respondents alike; the respondent's form says so; reopening lets them in again.
func TestClosedEvaluationTakesNoChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		var link struct{ Token string }
		e.must(201, request{Method: "POST", Path: "/api/v1/candidates/" + f.ids["candA"] + "/invitations", As: "ownerA"}).decode(t, &link)
		respond := "/api/v1/respond/" + link.Token
		answer := map[string]any{"answers": map[string]any{"reference_client": map[string]any{"text": "A 200-person manufacturer."}}}
		e.must(200, request{Method: "PUT", Path: respond + "/answers", Body: answer})

		e.must(200, request{Method: "PATCH", Path: "/api/v1/evaluations/" + f.ids["evA"], As: "ownerA", Body: map[string]any{"status": "closed"}})
		for _, r := range []request{
			{Method: "POST", Path: "/api/v1/evaluations/" + f.ids["evA"] + "/candidates", As: "ownerA", Body: map[string]any{"name": "Late MSP"}},
			{Method: "POST", Path: "/api/v1/candidates/" + f.ids["candA"] + "/invitations", As: "ownerA"},
			{Method: "PUT", Path: "/api/v1/candidates/" + f.ids["candA"] + "/answers", As: "editorA", Body: answer},
			{Method: "PUT", Path: respond + "/answers", Body: answer},
			{Method: "POST", Path: respond + "/submit"},
		} {
			p := e.must(409, r).problem(t)
			if p.Detail == "" || p.Code != mspeval.ECONFLICT {
				t.Errorf("%s %s on a closed evaluation: problem %+v", r.Method, r.Path, p)
			}
		}
		var form mspeval.RespondentForm
		e.must(200, request{Method: "GET", Path: respond}).decode(t, &form)
		if !form.Evaluation.Closed || form.Answers["reference_client"].Text == nil {
			t.Errorf("the respondent's view of a closed evaluation: closed %v, answers %v; want closed with the draft kept", form.Evaluation.Closed, form.Answers)
		}
		var cands struct{ Items []any }
		e.must(200, request{Method: "GET", Path: "/api/v1/evaluations/" + f.ids["evA"] + "/candidates", As: "ownerA"}).decode(t, &cands)
		if len(cands.Items) != 1 {
			t.Errorf("a refused candidate was stored: %d candidates", len(cands.Items))
		}

		e.must(200, request{Method: "PATCH", Path: "/api/v1/evaluations/" + f.ids["evA"], As: "ownerA", Body: map[string]any{"status": "open"}})
		e.must(200, request{Method: "PUT", Path: respond + "/answers", Body: answer})
		e.must(201, request{Method: "POST", Path: "/api/v1/evaluations/" + f.ids["evA"] + "/candidates", As: "ownerA", Body: map[string]any{"name": "Late MSP"}})
	})
}
