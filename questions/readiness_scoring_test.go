package questions_test

import (
	"testing"

	"mspeval/questions"
	"mspeval/scoring"
)

// Sample prospects of co-managed-readiness, scored by the engine and read
// through the questionnaire's tiers: the path a campaign's results page takes.

func choice(k string) questions.Answer { return questions.Answer{Choice: &k} }

func scale(v int) questions.Answer { return questions.Answer{Scale: &v} }

func choices(ks ...string) questions.Answer { return questions.Answer{Choices: ks} }

// ready is an IT lead who owns IT, carries everything alone and would work well
// with a partner.
var ready = map[string]questions.Answer{
	"internal_it_lead":        choice("it_lead_small_team"),
	"keep_ownership":          choice("yes_owner"),
	"strategy_and_day_to_day": choice("both_on_one"),
	"urgent_over_planned":     scale(5),
	"pressures":               choices("ai", "shadow_it", "constant_security", "hybrid_work"),
	"add_depth_or_replace":    choice("add_depth"),
	"tools_and_standards":     choice("open_to_sharing"),
	"written_handoffs":        choice("shared_queue"),
	"governance_rhythm":       choice("cadence_no_report"),
	"review_commitment":       choice("yes"),
	"scope_changes":           choice("named_approver"),
	"holiday_cover":           choice("nobody"),
	"after_hours":             choice("it_lead_always"),
	"documentation":           choice("scattered"),
	"admin_access":            choice("only_it_lead"),
	"waited_on_lead":          choice("yes"),
}

// notYet is a well-staffed department with cover in place that would rather
// keep outside help at arm's length.
var notYet = map[string]questions.Answer{
	"internal_it_lead":        choice("it_department"),
	"keep_ownership":          choice("yes_owner"),
	"strategy_and_day_to_day": choice("split_with_time"),
	"urgent_over_planned":     scale(1),
	"pressures":               choices("none_of_these"),
	"add_depth_or_replace":    choice("one_project"),
	"tools_and_standards":     choice("partner_own_tools"),
	"written_handoffs":        choice("by_message"),
	"governance_rhythm":       choice("yearly"),
	"review_commitment":       choice("no"),
	"scope_changes":           choice("at_renewal"),
	"holiday_cover":           choice("planned_backup"),
	"after_hours":             choice("rota_or_service"),
	"documentation":           choice("owned_and_reviewed"),
	"admin_access":            choice("named_accounts_vault"),
	"waited_on_lead":          choice("no"),
}

// middling is a department under some strain, partly ready for outside help,
// with gaps in cover.
var middling = with(notYet, map[string]questions.Answer{
	"keep_ownership":       choice("yes_with_leadership"),
	"urgent_over_planned":  scale(2),
	"pressures":            choices("cloud_sprawl", "constant_security"),
	"add_depth_or_replace": choice("named_areas"),
	"tools_and_standards":  choice("in_heads"),
	"written_handoffs":     choice("shared_queue"),
	"governance_rhythm":    choice("when_things_break"),
	"review_commitment":    choice("yes"),
	"scope_changes":        choice("by_email"),
	"holiday_cover":        choice("colleague_basics"),
	"after_hours":          choice("supplier_some_systems"),
	"documentation":        choice("most_systems"),
	"admin_access":         choice("lead_and_backup"),
	"waited_on_lead":       choice("yes"),
})

// with returns answers with some replaced.
func with(base map[string]questions.Answer, changes map[string]questions.Answer) map[string]questions.Answer {
	out := make(map[string]questions.Answer, len(base))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range changes {
		out[k] = v
	}
	return out
}

func TestReadinessSamplesLandInTheirTiers(t *testing.T) {
	c, err := questions.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	q, ok := c.Get("co-managed-readiness", 1)
	if !ok {
		t.Fatal("co-managed-readiness version 1 is not built in")
	}
	// Nobody inside owns IT, although everything else says leverage: the
	// knockout must win over the score.
	nobodyInside := with(ready, map[string]questions.Answer{"internal_it_lead": choice("nobody_inside")})
	cases := []struct {
		name    string
		answers map[string]questions.Answer
		overall string
		dims    map[string]string
	}{
		{"ReadyProspectWouldGainLeverageNow", ready, "leverage_now",
			map[string]string{"fit": "leverage_now", "flexibility": "leverage_now", "dependency_risk": "leverage_now"}},
		{"MiddlingProspectIsWorthAConversation", middling, "worth_a_conversation",
			map[string]string{"fit": "worth_a_conversation", "flexibility": "worth_a_conversation", "dependency_risk": "worth_a_conversation"}},
		{"WellCoveredProspectIsNotYet", notYet, "not_yet",
			map[string]string{"fit": "not_yet", "flexibility": "not_yet", "dependency_risk": "not_yet"}},
		{"NobodyInsideIsNotYetWhateverTheScore", nobodyInside, "not_yet",
			map[string]string{"fit": "not_yet", "flexibility": "leverage_now", "dependency_risk": "leverage_now"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if missing := q.MissingRequired(tc.answers); len(missing) > 0 {
				t.Fatalf("sample is incomplete: missing %v", missing)
			}
			for key, a := range tc.answers {
				qq, _ := q.Question(key)
				if p := qq.Check(a); len(p) > 0 {
					t.Fatalf("sample answer %q: got problems %+v", key, p)
				}
			}
			res, err := scoring.Evaluate(scoring.Input{Questionnaire: q,
				Candidates: []scoring.Candidate{{ID: "p1", Name: "Prospect", Answers: tc.answers}}})
			if err != nil {
				t.Fatal(err)
			}
			cr := res.Candidates[0]
			if cr.Overall == nil || cr.Coverage < 1-1e-9 {
				t.Fatalf("got overall %v on coverage %g, want a score on full coverage", cr.Overall, cr.Coverage)
			}
			for _, ds := range cr.Dimensions {
				t.Logf("%s %.1f", ds.Key, *ds.Score)
			}
			t.Logf("overall %.1f", *cr.Overall)
			var knockouts []string
			for _, k := range cr.Knockouts {
				knockouts = append(knockouts, k.Question)
			}
			tier, ok := q.ResultTier("", cr.Overall, knockouts)
			if !ok || tier.Key != tc.overall {
				t.Errorf("overall %.1f (knockouts %d): got tier %q, want %q", *cr.Overall, len(cr.Knockouts), tier.Key, tc.overall)
			}
			for _, ds := range cr.Dimensions {
				tier, ok := q.ResultTier(ds.Key, ds.Score, knockouts)
				if !ok || tier.Key != tc.dims[ds.Key] {
					t.Errorf("%s %.1f: got tier %q, want %q", ds.Key, *ds.Score, tier.Key, tc.dims[ds.Key])
				}
			}
			scores := questions.ResultScores{Overall: cr.Overall, Knockouts: knockouts,
				Dimensions: map[string]*float64{}}
			for _, ds := range cr.Dimensions {
				scores.Dimensions[ds.Key] = ds.Score
			}
			r, ok := q.RespondentResult(scores)
			if !ok || r.Overall.Tier == nil || r.Overall.Tier.Key != tc.overall || r.Overall.Tier.Text == "" {
				t.Errorf("respondent result: got %+v, want tier %q with its text", r.Overall.Tier, tc.overall)
			}
		})
	}
}
