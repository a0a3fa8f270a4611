package questions

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// withResults is the tiny questionnaire of load_test.go with a results block:
// tiers overall, on fit (a score) and on dependency_risk (a risk).
const withResults = valid + `
results:
  show_respondent: true
  intro: What your answers say.
  overall:
    knockout_tier: low
    tiers:
      - {key: high, label: High, min_score: 65, text: High overall.}
      - {key: middle, label: Middle, min_score: 40, text: Middle overall.}
      - {key: low, label: Low, min_score: 0, text: Low overall.}
  dimensions:
    - dimension: fit
      knockout_tier: low
      tiers:
        - {key: high, label: High, min_score: 65, text: High fit.}
        - {key: low, label: Low, min_score: 0, text: Low fit.}
    - dimension: dependency_risk
      tiers:
        - {key: exposed, label: Exposed, min_risk: 60, text: Much rests on one provider.}
        - {key: covered, label: Covered, min_risk: 0, text: Little rests on one provider.}
  next_steps:
    - {title: Week 1, text: Decide what stays inside.}
    - {title: Week 2, text: Share one dashboard.}
`

func parseWithResults(t *testing.T) *Questionnaire {
	t.Helper()
	q, err := Parse("results.yaml", []byte(withResults))
	if err != nil {
		t.Fatalf("the questionnaire with results is refused: %v", err)
	}
	return q
}

func TestParseResults(t *testing.T) {
	q := parseWithResults(t)
	if !q.ShowsRespondent() {
		t.Error("ShowsRespondent: got false, want true")
	}
	if got := len(q.Results.NextSteps); got != 2 {
		t.Errorf("next steps: got %d, want 2", got)
	}
	plain, err := Parse("tiny.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	if plain.ShowsRespondent() || plain.Results != nil {
		t.Error("a questionnaire without a results block: got results, want none")
	}
	if _, ok := plain.Tier("fit", 50); ok {
		t.Error("Tier without a results block: got a tier, want none")
	}
	if _, ok := plain.OverallTier(50); ok {
		t.Error("OverallTier without a results block: got a tier, want none")
	}
}

func TestParseRefusesBrokenResults(t *testing.T) {
	cases := []struct {
		name string
		from string
		to   string
		want []string // every string must appear in the error
	}{
		{"GapAtTheBottom", "{key: low, label: Low, min_score: 0, text: Low overall.}",
			"{key: low, label: Low, min_score: 10, text: Low overall.}",
			[]string{"results.overall", "last tier starts at 10", "must be 0"}},
		{"TiersOutOfOrder", "{key: middle, label: Middle, min_score: 40,", "{key: middle, label: Middle, min_score: 70,",
			[]string{`results.overall tier "middle"`, "min_score 70 must be below the tier above it (65)"}},
		{"TwoTiersWithOneMinimum", "{key: middle, label: Middle, min_score: 40,", "{key: middle, label: Middle, min_score: 65,",
			[]string{`results.overall tier "middle"`, "must be below the tier above it"}},
		{"MinimumOver100", "{key: high, label: High, min_score: 65, text: High overall.}",
			"{key: high, label: High, min_score: 120, text: High overall.}",
			[]string{`results.overall tier "high"`, "min_score 120 is outside 0..100"}},
		{"MissingMinimum", "{key: high, label: High, min_score: 65, text: High fit.}", "{key: high, label: High, text: High fit.}",
			[]string{`results.dimensions[0] "fit" tier "high"`, "min_score is missing"}},
		{"DuplicateTierKey", "{key: middle, label: Middle,", "{key: high, label: Middle,",
			[]string{`results.overall tier "high"`, "key is used twice"}},
		{"BadTierKey", "{key: middle, label: Middle,", "{key: Middle Tier, label: Middle,",
			[]string{`results.overall tier "Middle Tier"`, "key must match"}},
		{"UnknownDimension", "- dimension: fit\n", "- dimension: price\n",
			[]string{`results.dimensions[0] "price"`, `dimension "price" is not declared`}},
		{"DimensionTwice", "- dimension: dependency_risk\n", "- dimension: fit\n",
			[]string{`results.dimensions[1] "fit"`, "has tiers twice"}},
		{"MissingTierText", "text: Middle overall.}", "text: ''}",
			[]string{`results.overall tier "middle"`, "text is empty"}},
		{"MissingTierLabel", "label: Middle,", "label: '',",
			[]string{`results.overall tier "middle"`, "label is empty"}},
		{"ScoreMinimumOnARiskDimension", "{key: exposed, label: Exposed, min_risk: 60,", "{key: exposed, label: Exposed, min_score: 60,",
			[]string{`results.dimensions[1] "dependency_risk" tier "exposed"`, "higher_is_worse", "write min_risk, not min_score"}},
		{"RiskMinimumOnAScoreDimension", "{key: high, label: High, min_score: 65, text: High fit.}",
			"{key: high, label: High, min_risk: 65, text: High fit.}",
			[]string{`results.dimensions[0] "fit" tier "high"`, "min_risk is only for a higher_is_worse dimension"}},
		{"RiskMinimumOverall", "{key: low, label: Low, min_score: 0, text: Low overall.}",
			"{key: low, label: Low, min_risk: 0, text: Low overall.}",
			[]string{`results.overall tier "low"`, "min_risk is only for a higher_is_worse dimension"}},
		{"UnknownKnockoutTier", "knockout_tier: low", "knockout_tier: lowest",
			[]string{"results.overall", `knockout_tier "lowest" is not one of its tiers`}},
		{"UnknownDimensionKnockoutTier", "      knockout_tier: low\n", "      knockout_tier: high_fit\n",
			[]string{`results.dimensions[0] "fit"`, `knockout_tier "high_fit" is not one of its tiers`}},
		{"NoOverallTiers", "  overall:\n    knockout_tier: low\n    tiers:\n      - {key: high, label: High, min_score: 65, text: High overall.}\n      - {key: middle, label: Middle, min_score: 40, text: Middle overall.}\n      - {key: low, label: Low, min_score: 0, text: Low overall.}\n",
			"", []string{"results.overall: declares no tiers"}},
		{"DimensionWithoutTiers", "      tiers:\n        - {key: high, label: High, min_score: 65, text: High fit.}\n        - {key: low, label: Low, min_score: 0, text: Low fit.}\n",
			"      tiers: []\n", []string{`results.dimensions[0] "fit": declares no tiers`}},
		{"NextStepWithoutText", "{title: Week 2, text: Share one dashboard.}", "{title: Week 2}",
			[]string{`results.next_steps[1] "Week 2": text is empty`}},
		{"NextStepWithoutTitle", "{title: Week 1, text:", "{title: '', text:",
			[]string{"results.next_steps[0]: title is empty"}},
		{"UnknownField", "show_respondent: true", "show_respondent: true\n  show_scores: true",
			[]string{"field show_scores not found"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(withResults, tc.from) {
				t.Fatalf("test is broken: %q is not in the valid file", tc.from)
			}
			broken := strings.Replace(withResults, tc.from, tc.to, 1)
			_, err := Parse("broken.yaml", []byte(broken))
			if err == nil {
				t.Fatal("a broken file was accepted")
			}
			if !IsLoadError(err) {
				t.Errorf("error type: got %T, want *LoadError", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestTierBoundaries(t *testing.T) {
	q := parseWithResults(t)
	cases := []struct {
		name      string
		dimension string // "" for the overall score
		score     float64
		want      string // "" for no tier
	}{
		{"TopEndIsTop", "", 100, "high"},
		{"MinimumIsInItsTier", "", 65, "high"},
		{"FloatingPointNoiseBelowAMinimumReachesIt", "", 65 - 1e-9, "high"},
		{"JustBelowAMinimumIsTheTierBelow", "", 64.99, "middle"},
		{"MiddleMinimum", "", 40, "middle"},
		{"JustBelowMiddle", "", 39.9, "low"},
		{"Zero", "", 0, "low"},
		{"BelowZeroCountsAsZero", "", -3, "low"},
		{"Over100CountsAs100", "", 130, "high"},
		{"NotANumberHasNoTier", "", math.NaN(), ""},
		{"DimensionMinimum", "fit", 65, "high"},
		{"DimensionBelowMinimum", "fit", 64.5, "low"},
		{"RiskAtItsMinimum", "dependency_risk", 60, "exposed"},
		{"LowRisk", "dependency_risk", 59.5, "covered"},
		{"UnknownDimensionHasNoTier", "price", 50, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var (
				got Tier
				ok  bool
			)
			if tc.dimension == "" {
				got, ok = q.OverallTier(tc.score)
			} else {
				got, ok = q.Tier(tc.dimension, tc.score)
			}
			switch {
			case tc.want == "" && ok:
				t.Errorf("got tier %q, want none", got.Key)
			case tc.want != "" && !ok:
				t.Errorf("got no tier, want %q", tc.want)
			case got.Key != tc.want:
				t.Errorf("got tier %q, want %q", got.Key, tc.want)
			}
		})
	}
}

func TestResultTierHeedsKnockouts(t *testing.T) {
	q := parseWithResults(t)
	f := func(v float64) *float64 { return &v }
	cases := []struct {
		name      string
		dimension string
		score     *float64
		knockouts []string
		want      string // "" for no tier
	}{
		{"WithoutKnockoutsTheScoreDecides", "", f(80), nil, "high"},
		{"AnyKnockoutPutsOverallInItsKnockoutTier", "", f(100), []string{"role"}, "low"},
		{"AKnockoutNeedsNoScore", "", nil, []string{"role"}, "low"},
		{"NoScoreAndNoKnockoutHasNoTier", "", nil, nil, ""},
		{"AKnockoutOnAQuestionFeedingTheDimension", "fit", f(90), []string{"role"}, "low"},
		{"AKnockoutOnAnotherDimensionsQuestionLeavesTheScore", "dependency_risk", f(70), []string{"role"}, "exposed"},
		{"UnknownQuestionKeysAreIgnored", "fit", f(90), []string{"gone"}, "high"},
		{"UnknownDimensionHasNoTier", "price", f(90), nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := q.ResultTier(tc.dimension, tc.score, tc.knockouts)
			switch {
			case tc.want == "" && ok:
				t.Errorf("got tier %q, want none", got.Key)
			case tc.want != "" && !ok:
				t.Errorf("got no tier, want %q", tc.want)
			case got.Key != tc.want:
				t.Errorf("got tier %q, want %q", got.Key, tc.want)
			}
		})
	}
	t.Run("WithoutAKnockoutTierAKnockoutKeepsTheScoresTier", func(t *testing.T) {
		q, err := Parse("k.yaml", []byte(strings.Replace(withResults, "    knockout_tier: low\n", "", 1)))
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := q.ResultTier("", f(80), []string{"role"}); got.Key != "high" {
			t.Errorf("got %q, want high", got.Key)
		}
	})
}

func TestRespondentResult(t *testing.T) {
	q := parseWithResults(t)
	f := func(v float64) *float64 { return &v }
	r, ok := q.RespondentResult(ResultScores{
		Overall:    f(70),
		Dimensions: map[string]*float64{"fit": f(80), "dependency_risk": nil},
	})
	if !ok {
		t.Fatal("RespondentResult: got false, want a result for a questionnaire that shows respondents")
	}
	t.Run("ScoresCarryTheirTiersInWords", func(t *testing.T) {
		if r.Overall.Tier == nil || r.Overall.Tier.Key != "high" || r.Overall.Tier.Text != "High overall." {
			t.Errorf("overall tier: got %+v, want high with its text", r.Overall.Tier)
		}
		if len(r.Dimensions) != 2 || r.Dimensions[0].Key != "fit" || r.Dimensions[1].Key != "dependency_risk" {
			t.Fatalf("dimensions: got %+v, want fit then dependency_risk", r.Dimensions)
		}
		if tier := r.Dimensions[0].Tier; tier == nil || tier.Key != "high" {
			t.Errorf("fit tier: got %+v, want high", tier)
		}
		if d := r.Dimensions[1]; d.Score != nil || d.Tier != nil || !d.Risk {
			t.Errorf("unscored risk dimension: got %+v, want no score, no tier, marked as risk", d)
		}
		if len(r.NextSteps) != 2 || r.Intro != "What your answers say." {
			t.Errorf("intro and next steps: got %q and %d steps", r.Intro, len(r.NextSteps))
		}
	})
	t.Run("CarriesNoThresholdsOrEvaluatorMaterial", func(t *testing.T) {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"min_score", "min_risk", "guidance", "anchors", "options", "knockout", "weight"} {
			if strings.Contains(string(b), `"`+key) {
				t.Errorf("the respondent's result carries %q: %s", key, b)
			}
		}
	})
	t.Run("AKnockoutWithoutAnOverallScoreStillHasItsTier", func(t *testing.T) {
		r, _ := q.RespondentResult(ResultScores{Knockouts: []string{"role"}})
		if r.Overall.Score != nil || r.Overall.Tier == nil || r.Overall.Tier.Key != "low" {
			t.Errorf("overall: got %+v, want no score and the low tier", r.Overall)
		}
		if d := r.Dimensions[0]; d.Tier == nil || d.Tier.Key != "low" {
			t.Errorf("fit: got %+v, want the low tier", d)
		}
		if d := r.Dimensions[1]; d.Tier != nil {
			t.Errorf("dependency_risk: got %+v, want no tier", d)
		}
	})
	t.Run("RefusedWhenTheQuestionnaireDoesNotShowRespondents", func(t *testing.T) {
		hidden, err := Parse("h.yaml", []byte(strings.Replace(withResults, "show_respondent: true", "show_respondent: false", 1)))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := hidden.RespondentResult(ResultScores{Overall: f(70)}); ok {
			t.Error("got a result, want none")
		}
		if _, ok := hidden.OverallTier(70); !ok {
			t.Error("tiers of a questionnaire that hides results from respondents: got none, want them for the sales team")
		}
	})
}
