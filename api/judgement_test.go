package api_test

import (
	"testing"

	"mspeval"
	"mspeval/store/storetest"
)

const (
	concreteText = "Your IT manager keeps the final say on priorities. Our service delivery manager, Priya, meets her every month " +
		"to review the RACI and the runbooks we keep in your SharePoint. At a 200-person manufacturer this cut urgent " +
		"escalations by 40 % within six months, and their internal team got Fridays back for project work."
	vagueText = "We pride ourselves on being very flexible and always do whatever you need. Rest assured, you are in safe " +
		"hands: leave it with us and we will handle it."
)

type judgedCandidate struct {
	ID               string
	Overall          *float64
	Provisional      bool
	ProvisionalShare float64 `json:"provisional_share"`
	Evidence         struct {
		TopOptions      int  `json:"top_options"`
		TopSupported    int  `json:"top_supported"`
		SaysRightThings bool `json:"says_right_things"`
		Note            string
	}
}

// TestTextEvidenceThroughTheAPI: two candidates pick the same best options;
// one explains them with mechanisms, the other with reassurance. Until anyone
// rates, the comparison tells them apart, marks the scores provisional and flags
// the one that says the right things; with text scoring off they tie.
func TestTextEvidenceThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		var ev mspeval.Evaluation
		e.must(201, request{Method: "POST", Path: "/api/v1/evaluations", As: "ownerA",
			Body: map[string]any{"name": "Judged", "questionnaire_key": "partner-selection"}}).decode(t, &ev)
		if !ev.TextScoring {
			t.Fatalf("a new evaluation: text_scoring %v, want it on", ev.TextScoring)
		}
		q, _ := e.store.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
		ids := map[string]string{}
		for name, text := range map[string]string{"Concrete": concreteText, "Vague": vagueText} {
			answers := map[string]any{}
			for _, qq := range q.Questions() {
				if qq.Text == nil || len(qq.Options) == 0 || qq.Type != "single_choice" || len(answers) == 4 {
					continue
				}
				best := qq.Options[0]
				for _, o := range qq.Options {
					if *o.Score > *best.Score {
						best = o
					}
				}
				answers[qq.Key] = map[string]any{"choice": best.Key, "text": text}
			}
			var cand mspeval.Candidate
			e.must(201, request{Method: "POST", Path: "/api/v1/evaluations/" + ev.ID + "/candidates", As: "ownerA",
				Body: map[string]any{"name": name}}).decode(t, &cand)
			e.must(200, request{Method: "PUT", Path: "/api/v1/candidates/" + cand.ID + "/answers", As: "ownerA", Body: map[string]any{"answers": answers}})
			ids[name] = cand.ID
		}
		compare := func() map[string]judgedCandidate {
			var out struct{ Candidates []judgedCandidate }
			e.must(200, request{Method: "GET", Path: "/api/v1/evaluations/" + ev.ID + "/comparison", As: "viewerA"}).decode(t, &out)
			byID := map[string]judgedCandidate{}
			for _, c := range out.Candidates {
				byID[c.ID] = c
			}
			return byID
		}
		got := compare()
		concrete, vague := got[ids["Concrete"]], got[ids["Vague"]]
		if concrete.Overall == nil || vague.Overall == nil || *concrete.Overall-*vague.Overall < 15 {
			t.Fatalf("same top options, concrete vs vague text: overall %v vs %v, want the concrete one ahead by 15 or more", concrete.Overall, vague.Overall)
		}
		if !vague.Provisional || vague.ProvisionalShare <= 0 {
			t.Errorf("the vague candidate's scores are not marked provisional: %+v", vague)
		}
		if !vague.Evidence.SaysRightThings || vague.Evidence.TopOptions != 4 || vague.Evidence.Note == "" {
			t.Errorf("the vague candidate is not flagged as saying the right things: %+v", vague.Evidence)
		}
		if concrete.Evidence.SaysRightThings {
			t.Errorf("the concrete candidate is flagged as saying the right things: %+v", concrete.Evidence)
		}

		// Text scoring off: options score alone, and the two tie.
		e.must(200, request{Method: "PATCH", Path: "/api/v1/evaluations/" + ev.ID, As: "ownerA", Body: map[string]any{"text_scoring": false}})
		got = compare()
		concrete, vague = got[ids["Concrete"]], got[ids["Vague"]]
		if concrete.Overall == nil || vague.Overall == nil || *concrete.Overall != *vague.Overall || vague.Provisional {
			t.Errorf("text scoring off: overall %v vs %v, provisional %v; want a tie on option scores, nothing provisional", concrete.Overall, vague.Overall, vague.Provisional)
		}
	})
}

// TestStaleRatings: a rating of an answer that changes after a reopen is
// marked stale and stops counting until its evaluator rates again.
func TestStaleRatings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		const key = "role_alongside_internal_it"
		answers := "/api/v1/candidates/" + f.ids["candA"] + "/answers"
		rating := "/api/v1/candidates/" + f.ids["candA"] + "/ratings/" + key
		e.must(200, request{Method: "PUT", Path: answers, As: "ownerA", Body: map[string]any{"answers": map[string]any{key: map[string]any{"choice": "reinforce_internal_team", "text": "We add depth."}}}})
		e.must(200, request{Method: "PUT", Path: rating, As: "ownerA", Body: map[string]any{"score": 4}})
		answerScore := func() (string, *float64) {
			var sc struct {
				Result struct {
					Answers []struct {
						Question string
						Source   string
						Score    *float64
					}
				}
			}
			e.must(200, request{Method: "GET", Path: "/api/v1/candidates/" + f.ids["candA"] + "/score", As: "ownerA"}).decode(t, &sc)
			for _, a := range sc.Result.Answers {
				if a.Question == key {
					return a.Source, a.Score
				}
			}
			t.Fatalf("no score for %s", key)
			return "", nil
		}
		if src, _ := answerScore(); src != "consensus" {
			t.Fatalf("a rated answer: source %q, want consensus", src)
		}
		// Resaving the same answer leaves the rating current.
		e.must(200, request{Method: "PUT", Path: answers, As: "ownerA", Body: map[string]any{"answers": map[string]any{key: map[string]any{"choice": "reinforce_internal_team", "text": "We add depth."}}}})
		var sum mspeval.RatingSummary
		e.must(200, request{Method: "GET", Path: rating, As: "ownerA"}).decode(t, &sum)
		if sum.Mine == nil || sum.Mine.Stale || sum.Consensus == nil {
			t.Fatalf("after saving the same answer again: %+v, want a current rating", sum)
		}
		// A changed answer makes the rating stale: shown, marked, not counted.
		e.must(200, request{Method: "PUT", Path: answers, As: "ownerA", Body: map[string]any{"answers": map[string]any{key: map[string]any{"choice": "reinforce_internal_team", "text": "We add depth, and we also take over the service desk."}}}})
		e.must(200, request{Method: "GET", Path: rating, As: "ownerA"}).decode(t, &sum)
		if sum.Mine == nil || !sum.Mine.Stale || sum.Consensus != nil || len(sum.Ratings) != 1 {
			t.Errorf("after the answer changed: %+v, want the rating shown as stale and no consensus", sum)
		}
		if src, _ := answerScore(); src == "consensus" {
			t.Errorf("a stale rating still scores the answer (source %q)", src)
		}
		// Rating again confirms it.
		e.must(200, request{Method: "PUT", Path: rating, As: "ownerA", Body: map[string]any{"score": 2}}).decode(t, &sum)
		if sum.Mine == nil || sum.Mine.Stale || sum.Consensus == nil || *sum.Consensus != 2 {
			t.Errorf("after rating again: %+v, want a current rating with consensus 2", sum)
		}
	})
}
