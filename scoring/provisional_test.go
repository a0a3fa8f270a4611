package scoring

import (
	"encoding/json"
	"testing"

	"mspeval/questions"
)

func answerOf(t *testing.T, c CandidateResult, key string) AnswerScore {
	t.Helper()
	for _, a := range c.Answers {
		if a.Question == key {
			return a
		}
	}
	t.Fatalf("no answer %q", key)
	return AnswerScore{}
}

func evaluateOne(t *testing.T, q *questions.Questionnaire, textScoring bool, answers map[string]questions.Answer, ratings map[string][]Rating) CandidateResult {
	t.Helper()
	res, err := Evaluate(Input{Questionnaire: q, TextScoring: textScoring,
		Candidates: []Candidate{{ID: "a", Name: "A", Answers: answers, Ratings: ratings}}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Candidates[0]
}

// The texts of the provisional examples, with their suggested ratings by
// tinyEvidence's formula (1 + 0.5 per specifics category up to 3 + 0.5 per
// green rule up to 2 − 1 per red rule − 0.5 per vague phrase up to 2).
const (
	// role (IT lead), cadence (monthly), artefact (change calendar): 1 + 1.5 = 2.5
	specificText = "Your IT lead and our engineer review the change calendar monthly together."
	// vague x2, no specifics: 1 − 1 = 0
	vagueText = "We pride ourselves on being very flexible with every single client we have."
	// red stack (the option's contradiction) + cadence: 1 + 0.5 − 1 = 0.5
	stackText = "Every client moves onto our standard stack in the first monthly cycle."
)

func TestProvisionalScores(t *testing.T) {
	q := tinyEvidenceQ(t)
	t.Run("OffScoresAsBefore", func(t *testing.T) {
		c := evaluateOne(t, q, false, map[string]questions.Answer{
			"role": {Choice: s("reinforce"), Text: s(vagueText)}, "notes": {Text: s(specificText)}}, nil)
		role, notes := answerOf(t, c, "role"), answerOf(t, c, "notes")
		approx(t, "role", role.Score, 4)
		if role.Source != SourceOption || role.Provisional || notes.Score != nil || notes.Source != SourceUnscored {
			t.Errorf("got role %s provisional %v, notes %s; want option, not provisional, unscored", role.Source, role.Provisional, notes.Source)
		}
		if c.Confidence != c.ConfidenceLevel || c.ProvisionalShare != 0 {
			t.Errorf("confidence: got %q with provisional share %v, want the level alone", c.Confidence, c.ProvisionalShare)
		}
		if notes.Evidence == nil || notes.Evidence.Suggested == nil {
			t.Error("the evidence is there even with text scoring off")
		}
	})
	t.Run("TextOnlyAnswerScoredBySuggestedRating", func(t *testing.T) {
		c := evaluateOne(t, q, true, map[string]questions.Answer{"notes": {Text: s(specificText)}}, nil)
		notes := answerOf(t, c, "notes")
		approx(t, "notes", notes.Score, 2.5)
		if notes.Source != SourceProvisional || !notes.Provisional {
			t.Errorf("got %s provisional %v, want provisional", notes.Source, notes.Provisional)
		}
	})
	t.Run("TopOptionWithoutSpecificsIsCapped", func(t *testing.T) {
		c := evaluateOne(t, q, true, map[string]questions.Answer{"role": {Choice: s("reinforce"), Text: s(vagueText)}}, nil)
		role := answerOf(t, c, "role")
		approx(t, "role", role.Score, 0)
		approx(t, "option score", role.OptionScore, 4)
		if role.Source != SourceProvisional || !role.TopOption || role.TextSupports ||
			role.CapReason != "a top option with no specifics in the text: capped at the suggested rating 0" {
			t.Errorf("got %+v", role)
		}
	})
	t.Run("TopOptionWithSpecificsKeepsItsScore", func(t *testing.T) {
		c := evaluateOne(t, q, true, map[string]questions.Answer{"role": {Choice: s("reinforce"), Text: s(specificText)}}, nil)
		role := answerOf(t, c, "role")
		approx(t, "role", role.Score, 4)
		if role.Source != SourceOption || !role.Provisional || !role.TextSupports || role.CapReason != "" {
			t.Errorf("got %+v, want the option's 4, provisional and supported", role)
		}
	})
	t.Run("ContradictionCaps", func(t *testing.T) {
		c := evaluateOne(t, q, true, map[string]questions.Answer{"role": {Choice: s("reinforce"), Text: s(stackText)}}, nil)
		role := answerOf(t, c, "role")
		approx(t, "role", role.Score, 0.5)
		if role.CapReason != "the text contradicts the option (stack): capped at the suggested rating 0.5" {
			t.Errorf("cap reason: got %q", role.CapReason)
		}
	})
	t.Run("LowerOptionWithoutSpecificsIsNotCapped", func(t *testing.T) {
		c := evaluateOne(t, q, true, map[string]questions.Answer{"role": {Choice: s("partly"), Text: s(vagueText)}}, nil)
		approx(t, "role", answerOf(t, c, "role").Score, 2)
	})
	t.Run("RatingsWin", func(t *testing.T) {
		c := evaluateOne(t, q, true, map[string]questions.Answer{"role": {Choice: s("reinforce"), Text: s(vagueText)}},
			map[string][]Rating{"role": {{Evaluator: "e", Score: 3}}})
		role := answerOf(t, c, "role")
		approx(t, "role", role.Score, 3)
		if role.Source != SourceConsensus || role.Provisional {
			t.Errorf("got %s provisional %v, want consensus", role.Source, role.Provisional)
		}
	})
	t.Run("NoEvidenceBlockNoProvisionalScores", func(t *testing.T) {
		c := evaluateOne(t, tinyQ(t), true, map[string]questions.Answer{"notes": {Text: s(specificText)}}, nil)
		if n := answerOf(t, c, "notes"); n.Score != nil || n.Source != SourceUnscored || n.Provisional {
			t.Errorf("got %+v, want unscored", n)
		}
	})
}

func TestRatedAndProvisionalShares(t *testing.T) {
	q := tinyEvidenceQ(t)
	// fit: role (weight 2) rated 4, tools (1) option 1+3 = 4 provisional,
	// notes (1) suggested 2.5 provisional. dependency_risk: tools (1), exit (1)
	// unanswered.
	c := evaluateOne(t, q, true, map[string]questions.Answer{
		"role":  {Choice: s("reinforce"), Text: s(specificText)},
		"tools": {Choices: []string{"rmm", "siem"}},
		"notes": {Text: s(specificText)},
	}, map[string][]Rating{"role": {{Evaluator: "e", Score: 4}}})
	fit, risk := c.Dimensions[0], c.Dimensions[1]
	// fit: all 4 of 4 weight scored; rated 2 of 4, provisional 2 of 4.
	approx(t, "fit rated share", &fit.RatedShare, 0.5)
	approx(t, "fit provisional share", &fit.ProvisionalShare, 0.5)
	// risk: tools scored (provisional), exit unanswered: coverage 0.5.
	approx(t, "risk coverage", &risk.Coverage, 0.5)
	approx(t, "risk provisional share", &risk.ProvisionalShare, 1)
	// Overall (weights 60/40): coverage 0.6*1 + 0.4*0.5 = 0.8; rated
	// 0.6*(2/4) = 0.3 of it, provisional 0.6*(2/4) + 0.4*(1/2) = 0.5.
	approx(t, "coverage", &c.Coverage, 0.8)
	approx(t, "rated share", &c.RatedShare, 0.3/0.8)
	approx(t, "provisional share", &c.ProvisionalShare, 0.5/0.8)
	if c.Confidence != "high, provisional" || c.ConfidenceLevel != ConfidenceHigh {
		t.Errorf("confidence: got %q (%s), want \"high, provisional\"", c.Confidence, c.ConfidenceLevel)
	}
}

func TestProvisionalKnockoutIsMarked(t *testing.T) {
	q := tinyEvidenceQ(t)
	c := evaluateOne(t, q, true, map[string]questions.Answer{"exit": {Scale: n(1)}}, nil)
	if len(c.Knockouts) != 1 || !c.Knockouts[0].Provisional {
		t.Errorf("got %+v, want one provisional knockout", c.Knockouts)
	}
}

func TestSaysTheRightThings(t *testing.T) {
	q := partnerSelectionV2(t)
	vague := "We pride ourselves on a flexible, tailored service and will always do whatever you need."
	concrete := "Your IT lead sets priorities; we review them monthly with a named service delivery manager and a written RACI."
	build := func(text string) map[string]questions.Answer {
		out := map[string]questions.Answer{}
		for _, qq := range q.Questions() {
			if qq.Type != questions.TypeSingleChoice || qq.Text == nil {
				continue
			}
			best := qq.Options[0]
			for _, o := range qq.Options {
				if *o.Score > *best.Score {
					best = o
				}
			}
			out[qq.Key] = questions.Answer{Choice: s(best.Key), Text: s(text)}
		}
		return out
	}
	gamer := evaluateOne(t, q, true, build(vague), nil)
	honest := evaluateOne(t, q, true, build(concrete), nil)
	te := gamer.TextEvidence
	if !te.SaysRightThings || te.TopOptions < 10 || te.TopSupported != 0 {
		t.Errorf("gamer: got %+v, want flagged with every top option unsupported", te)
	}
	if want := "top option on 19 of 19, text supports 0"; te.Note != want {
		t.Errorf("note: got %q, want %q", te.Note, want)
	}
	if honest.TextEvidence.SaysRightThings || honest.TextEvidence.TopSupported != honest.TextEvidence.TopOptions {
		t.Errorf("concrete texts: got %+v, want every top option supported", honest.TextEvidence)
	}
	if !(*honest.Overall > *gamer.Overall+30) {
		t.Errorf("overall: concrete %.1f, vague %.1f; want the concrete texts far ahead", *honest.Overall, *gamer.Overall)
	}
	approx(t, "gamer evidence strength", gamer.TextEvidence.Strength, 0)
}

func TestEvidenceTravelsAsJSON(t *testing.T) {
	q := tinyEvidenceQ(t)
	c := evaluateOne(t, q, true, map[string]questions.Answer{"role": {Choice: s("reinforce"), Text: s("We never move you onto our standard stack; monthly reviews.")}}, nil)
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Answers []struct {
			Evidence struct {
				Suggested *float64 `json:"suggested"`
				Signals   []struct {
					Rule    string `json:"rule"`
					Negated string `json:"negated"`
				} `json:"signals"`
				Reasons []string `json:"reasons"`
			} `json:"evidence"`
			Provisional bool `json:"provisional"`
		} `json:"answers"`
	}
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	ev := back.Answers[0].Evidence
	if ev.Suggested == nil || len(ev.Signals) != 1 || ev.Signals[0].Negated != "never" || len(ev.Reasons) == 0 || !back.Answers[0].Provisional {
		t.Errorf("got %s", data)
	}
}
