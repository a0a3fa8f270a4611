package questions

import (
	"encoding/json"
	"strings"
	"testing"
)

// Tests on the content of the built-in co-managed-readiness questionnaire. The
// loader already checks structure; these check what issue 10 and the guide ask
// for. readiness_scoring_test.go scores sample answers.

func builtinReadiness(t *testing.T) *Questionnaire {
	t.Helper()
	c, err := Builtin()
	if err != nil {
		t.Fatalf("built-in questionnaires do not load: %v", err)
	}
	q, ok := c.Get("co-managed-readiness", 1)
	if !ok {
		t.Fatal("co-managed-readiness version 1 is not built in")
	}
	return q
}

func TestReadinessQuestions(t *testing.T) {
	q := builtinReadiness(t)
	qs := q.Questions()
	t.Run("AboutFifteenQuestions", func(t *testing.T) {
		if n := len(qs); n < 13 || n > 18 {
			t.Errorf("got %d questions, want about 15", n)
		}
	})
	t.Run("TheIssuesTopicsEachHaveAQuestion", func(t *testing.T) {
		for _, key := range []string{
			"internal_it_lead", "keep_ownership", "strategy_and_day_to_day", "pressures", "add_depth_or_replace",
			"tools_and_standards", "written_handoffs", "governance_rhythm", "scope_changes",
			"holiday_cover", "after_hours", "documentation", "admin_access", "waited_on_lead",
		} {
			if _, ok := q.Question(key); !ok {
				t.Errorf("question %q: got none, want one", key)
			}
		}
	})
	t.Run("TheFivePressuresAreOptions", func(t *testing.T) {
		qq, _ := q.Question("pressures")
		for _, key := range []string{"ai", "hybrid_work", "cloud_sprawl", "shadow_it", "constant_security"} {
			if _, ok := qq.Option(key); !ok {
				t.Errorf("option %q: got none, want one", key)
			}
		}
	})
	t.Run("EveryQuestionHasHelpASourceAndRedFlags", func(t *testing.T) {
		for _, qq := range qs {
			if strings.TrimSpace(qq.Help) == "" {
				t.Errorf("question %q: got empty help, want some", qq.Key)
			}
			if strings.TrimSpace(qq.Source) == "" {
				t.Errorf("question %q: got empty source, want a chapter or the companion article", qq.Key)
			}
			if len(qq.Guidance.RedFlags) == 0 {
				t.Errorf("question %q: got no red flags, want at least one", qq.Key)
			}
		}
	})
	t.Run("EveryQuestionIsScoredAndRequired", func(t *testing.T) {
		// A text-only or optional question would leave weight unscored and
		// lower every prospect's coverage; option scores do the work here.
		for _, qq := range qs {
			if qq.Type == TypeText {
				t.Errorf("question %q: got a text question, want one an option or scale scores", qq.Key)
			}
			if !qq.Required {
				t.Errorf("question %q: got optional, want required", qq.Key)
			}
		}
	})
	t.Run("ChoiceQuestionsRangeFrom0To4", func(t *testing.T) {
		for _, qq := range qs {
			if qq.Type != TypeSingleChoice && qq.Type != TypeYesNo {
				continue
			}
			lo, hi := 4, 0
			for _, o := range qq.Options {
				lo, hi = min(lo, *o.Score), max(hi, *o.Score)
			}
			if lo != 0 || hi != 4 {
				t.Errorf("question %q: got scores %d..%d, want 0..4", qq.Key, lo, hi)
			}
		}
	})
	t.Run("UsesEveryTypeButText", func(t *testing.T) {
		used := map[QuestionType]int{}
		paired := 0
		for _, qq := range qs {
			used[qq.Type]++
			if qq.Text != nil {
				paired++
			}
		}
		for _, typ := range []QuestionType{TypeSingleChoice, TypeMultipleChoice, TypeYesNo, TypeScale} {
			if used[typ] == 0 {
				t.Errorf("type %q: got 0 questions, want at least 1", typ)
			}
		}
		if paired == 0 {
			t.Error("got no choice paired with text, want at least one")
		}
	})
	t.Run("TheRespondentsOrderDoesNotFollowTheScores", func(t *testing.T) {
		bestFirst, single := 0, 0
		for _, s := range q.RespondentView().Sections {
			for _, rq := range s.Questions {
				qq, _ := q.Question(rq.Key)
				if qq.Type != TypeSingleChoice {
					continue
				}
				single++
				first, _ := qq.Option(rq.Options[0].Key)
				if *first.Score == 4 {
					bestFirst++
				}
			}
		}
		if bestFirst > single/2 {
			t.Errorf("the best option comes first in %d of %d questions", bestFirst, single)
		}
	})
	t.Run("OneKnockoutForNobodyInside", func(t *testing.T) {
		var keys []string
		for _, qq := range qs {
			if qq.Knockout != nil {
				keys = append(keys, qq.Key)
			}
		}
		if len(keys) != 1 || keys[0] != "internal_it_lead" {
			t.Errorf("knockouts: got %v, want [internal_it_lead]", keys)
		}
	})
}

func TestReadinessDimensions(t *testing.T) {
	q := builtinReadiness(t)
	want := []string{"fit", "flexibility", "dependency_risk"}
	if len(q.Dimensions) != len(want) {
		t.Fatalf("got %d dimensions, want %d", len(q.Dimensions), len(want))
	}
	for i, d := range q.Dimensions {
		if d.Key != want[i] {
			t.Errorf("dimension %d: got %q, want %q", i, d.Key, want[i])
		}
		// Every score means leverage of co-managed IT: a risk dimension would
		// turn the most leverage into the least.
		if d.HigherIsWorse {
			t.Errorf("dimension %q: got higher_is_worse, want every score to read as leverage", d.Key)
		}
	}
	t.Run("EveryDimensionIsFed", func(t *testing.T) {
		fed := map[string]int{}
		for _, qq := range q.Questions() {
			for _, dw := range qq.Dimensions {
				fed[dw.Dimension]++
			}
		}
		for _, k := range want {
			if fed[k] < 4 {
				t.Errorf("dimension %q: got %d questions, want at least 4", k, fed[k])
			}
		}
	})
	t.Run("DependencyQuestionsFeedNothingElse", func(t *testing.T) {
		// On dependency_risk an option scores high where much rests on one
		// person; no other dimension reads an option that way.
		for _, qq := range q.Questions() {
			if len(qq.Dimensions) > 1 {
				for _, dw := range qq.Dimensions {
					if dw.Dimension == "dependency_risk" {
						t.Errorf("question %q: feeds dependency_risk and another dimension", qq.Key)
					}
				}
			}
		}
	})
}

func TestReadinessResults(t *testing.T) {
	q := builtinReadiness(t)
	if !q.ShowsRespondent() {
		t.Fatal("show_respondent: got false, want true (a campaign questionnaire)")
	}
	wantTiers := []string{"leverage_now", "worth_a_conversation", "not_yet"}
	wantLabels := []string{"Co-managed would add leverage now", "Worth a conversation", "Not yet"}
	check := func(t *testing.T, tiers []Tier) {
		t.Helper()
		if len(tiers) != len(wantTiers) {
			t.Fatalf("got %d tiers, want %d", len(tiers), len(wantTiers))
		}
		for i, tr := range tiers {
			if tr.Key != wantTiers[i] || tr.Label != wantLabels[i] {
				t.Errorf("tier %d: got %s %q, want %s %q", i, tr.Key, tr.Label, wantTiers[i], wantLabels[i])
			}
		}
	}
	t.Run("Overall", func(t *testing.T) {
		check(t, q.Results.Overall.Tiers)
		if q.Results.Overall.KnockoutTier != "not_yet" {
			t.Errorf("knockout tier: got %q, want not_yet", q.Results.Overall.KnockoutTier)
		}
	})
	for _, d := range q.Dimensions {
		t.Run("Dimension "+d.Key, func(t *testing.T) {
			for _, dt := range q.Results.Dimensions {
				if dt.Dimension == d.Key {
					check(t, dt.Tiers)
					// The knockout (nobody inside owns IT) is a fit question.
					if want := map[string]string{"fit": "not_yet"}[d.Key]; dt.KnockoutTier != want {
						t.Errorf("knockout tier: got %q, want %q", dt.KnockoutTier, want)
					}
					return
				}
			}
			t.Errorf("got no tiers, want the three")
		})
	}
	t.Run("NextStepsAreTheStartingPlan", func(t *testing.T) {
		steps := q.Results.NextSteps
		if len(steps) < 4 {
			t.Fatalf("got %d next steps, want the four weeks and what follows", len(steps))
		}
		for i, prefix := range []string{"Week 1", "Week 2", "Week 3", "Week 4"} {
			if !strings.HasPrefix(steps[i].Title, prefix) {
				t.Errorf("step %d: got %q, want it to start with %q", i+1, steps[i].Title, prefix)
			}
		}
	})
	t.Run("TheRespondentsQuestionnaireCarriesNoEvaluatorMaterial", func(t *testing.T) {
		b, err := json.Marshal(q.RespondentView())
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"score", "guidance", "listen_for", "red_flags", "anchors", "dimensions", "knockout", "results", "tiers"} {
			if strings.Contains(string(b), `"`+key+`"`) {
				t.Errorf("the respondent view carries %q", key)
			}
		}
	})
}
