package api_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"mspeval"
	"mspeval/store/storetest"
)

// blindRoutes are every route that shows a score, a rank or a rating of an
// evaluation's candidates, with the IDs filled in by the test.
var blindRoutes = []string{
	"/api/v1/evaluations/{ev}/comparison",
	"/api/v1/evaluations/{ev}/comparison?fit=80&flexibility=10&dependency_risk=10",
	"/api/v1/candidates/{candA}/score",
	"/api/v1/candidates/{candB}/score",
	"/api/v1/evaluations/{ev}/summary.csv",
	"/api/v1/evaluations/{ev}/report.csv",
	"/api/v1/evaluations/{ev}/report.pdf",
	"/api/v1/candidates/{candA}/report.pdf",
}

// TestBlindRatingsLeakNothing pins the one blind-ratings policy (see
// mspeval.BlindFor): an owner or editor who has not rated an answer receives
// exactly what they would receive if nobody had rated it — on every route and in
// every report — while a viewer sees the ratings. Two candidates answer alike;
// another editor rates them 4 and 0 on a knockout question.
func TestBlindRatingsLeakNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		var ev mspeval.Evaluation
		e.must(201, request{Method: "POST", Path: "/api/v1/evaluations", As: "ownerA",
			Body: map[string]any{"name": "Blind", "questionnaire_key": "partner-selection", "blind_ratings": true}}).decode(t, &ev)
		ids := map[string]string{"ev": ev.ID}
		q, _ := e.store.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
		answers := storetest.CompleteAnswers(q)
		for _, name := range []string{"A", "B"} {
			var cand mspeval.Candidate
			e.must(201, request{Method: "POST", Path: "/api/v1/evaluations/" + ev.ID + "/candidates", As: "ownerA",
				Body: map[string]any{"name": "Same " + name}}).decode(t, &cand)
			e.must(200, request{Method: "PUT", Path: "/api/v1/candidates/" + cand.ID + "/answers", As: "ownerA",
				Body: map[string]any{"answers": answers}})
			ids["cand"+name] = cand.ID
		}
		for _, email := range []string{"ed1@a.example", "ed2@a.example"} {
			// A new account made by an invitation joins at its first sign-in.
			e.must(202, request{Method: "POST", Path: "/api/v1/members", As: "ownerA", Body: map[string]string{"email": email, "role": "editor", "password": storetest.Password}})
		}
		signInAs(t, e, "ed1", "ed1@a.example")
		signInAs(t, e, "ed2", "ed2@a.example")

		fill := func(p string) string {
			for k, v := range ids {
				p = regexp.MustCompile(`\{`+k+`\}`).ReplaceAllString(p, v)
			}
			return p
		}
		see := func(as string) map[string]string {
			out := map[string]string{}
			for _, route := range blindRoutes {
				r := e.must(200, request{Method: "GET", Path: fill(route), As: as})
				out[route] = comparable(t, route, r.Body)
			}
			return out
		}
		before := map[string]map[string]string{"ownerA": see("ownerA"), "ed2": see("ed2"), "viewerA": see("viewerA")}

		const knockout = "documentation_ownership"
		e.must(200, request{Method: "PUT", Path: fill("/api/v1/candidates/{candA}/ratings/" + knockout), As: "ed1", Body: map[string]any{"score": 4}})
		e.must(200, request{Method: "PUT", Path: fill("/api/v1/candidates/{candB}/ratings/" + knockout), As: "ed1", Body: map[string]any{"score": 0, "note": "Keeps the documentation."}})

		for _, as := range []string{"ownerA", "ed2"} {
			after := see(as)
			for _, route := range blindRoutes {
				if after[route] != before[as][route] {
					t.Errorf("%s, who has not rated, sees a change on %s once another evaluator rated:\nbefore: %.400s\nafter:  %.400s", as, route, before[as][route], after[route])
				}
			}
			var sum mspeval.RatingSummary
			e.must(200, request{Method: "GET", Path: fill("/api/v1/candidates/{candB}/ratings/" + knockout), As: as}).decode(t, &sum)
			if !sum.Hidden || len(sum.Ratings) != 0 || sum.Consensus != nil || sum.Spread != nil || sum.Count != 1 {
				t.Errorf("%s, who has not rated: got %+v, want only the count", as, sum)
			}
		}
		viewer := see("viewerA")
		for _, route := range blindRoutes {
			if viewer[route] == before["viewerA"][route] {
				t.Errorf("a viewer sees no change on %s after the ratings; want the ratings to count", route)
			}
		}

		// Once ed2 rates the answer, ed2 sees the others' ratings too.
		var sum mspeval.RatingSummary
		e.must(200, request{Method: "PUT", Path: fill("/api/v1/candidates/{candB}/ratings/" + knockout), As: "ed2", Body: map[string]any{"score": 2}}).decode(t, &sum)
		if sum.Hidden || len(sum.Ratings) != 2 || sum.Consensus == nil || *sum.Consensus != 1 || !sum.Disagreement {
			t.Errorf("after rating: got %+v, want both ratings, consensus 1 and a disagreement", sum)
		}
		var score struct {
			Result struct {
				Answers []struct {
					Question string
					Source   string
					Score    *float64
				}
			}
		}
		e.must(200, request{Method: "GET", Path: fill("/api/v1/candidates/{candB}/score"), As: "ed2"}).decode(t, &score)
		for _, a := range score.Result.Answers {
			if a.Question == knockout && (a.Source != "consensus" || a.Score == nil || *a.Score != 1) {
				t.Errorf("the score explanation after rating: got %+v, want the consensus 1", a)
			}
		}
		// Without blind ratings everyone sees everything.
		e.must(200, request{Method: "PATCH", Path: "/api/v1/evaluations/" + ev.ID, As: "ownerA", Body: map[string]any{"blind_ratings": false}})
		e.must(200, request{Method: "GET", Path: fill("/api/v1/candidates/{candA}/ratings/" + knockout), As: "ownerA"}).decode(t, &sum)
		if sum.Hidden || len(sum.Ratings) != 1 {
			t.Errorf("open ratings as the owner: got %+v", sum)
		}
	})
}

// comparable is what a route's body says that a person could read: JSON as
// sent, minus the "withheld" marker (it says that something is hidden, which
// the caller may know); a PDF as its text, minus its creation date and the
// time of generation in its footer.
func comparable(t *testing.T, route string, body []byte) string {
	t.Helper()
	if bytes.HasPrefix(body, []byte("%PDF-")) {
		pdftotext, err := exec.LookPath("pdftotext")
		if err != nil {
			t.Logf("the PDFs are compared byte for byte without their dates: pdftotext is missing (.ci/run installs poppler-utils)")
			return string(regexp.MustCompile(`/CreationDate \([^)]*\)`).ReplaceAll(body, nil))
		}
		file := filepath.Join(t.TempDir(), "report.pdf")
		if err := os.WriteFile(file, body, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(pdftotext, "-layout", file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext on %s: %v", route, err)
		}
		// The footer's time of generation differs when two renders straddle a minute.
		return string(regexp.MustCompile(`Generated \d+ \S+ \d{4}, \d{2}:\d{2} UTC`).ReplaceAll(out, nil))
	}
	return string(regexp.MustCompile(`"withheld":(true|false)`).ReplaceAll(body, nil))
}

func signInAs(t *testing.T, e *env, name, email string, password ...string) {
	t.Helper()
	pw := storetest.Password
	if len(password) > 0 {
		pw = password[0]
	}
	r := e.must(201, request{Method: "POST", Path: "/api/v1/session", Body: map[string]string{"email": email, "password": pw}})
	for _, ck := range r.cookies() {
		if ck.Name == "mspeval_session" {
			e.auth[name] = map[string][]string{"Cookie": {ck.Name + "=" + ck.Value}}
		}
	}
}
