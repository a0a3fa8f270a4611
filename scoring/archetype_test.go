package scoring

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"

	"mspeval/questions"
)

// archetype is a test candidate that answers every question: a real partner,
// a vague reassurer or a takeover. Each answer has the option(s) it would
// honestly pick, the best-scoring option(s) it could pick to game the rubric,
// and its free text.
type archetype struct {
	Name    string                     `yaml:"name"`
	Answers map[string]archetypeAnswer `yaml:"answers"`
}

type archetypeAnswer struct {
	Honest yaml.Node `yaml:"honest"`
	Gamed  yaml.Node `yaml:"gamed"`
	Text   string    `yaml:"text"`
}

func readArchetype(t *testing.T, name string) archetype {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "archetypes", name+".yaml"))
	if err != nil {
		t.Skipf("no archetype %s: %v", name, err)
	}
	var a archetype
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return a
}

// answers turns the archetype's honest or gamed picks into answers; a pick is
// an option key, a list of keys, a bool (yes/no) or a number (scale).
func (a archetype) answers(t *testing.T, q *questions.Questionnaire, gamed bool) map[string]questions.Answer {
	t.Helper()
	out := map[string]questions.Answer{}
	for key, aa := range a.Answers {
		qq, ok := q.Question(key)
		if !ok {
			t.Fatalf("%s: question %q is not in the questionnaire", a.Name, key)
		}
		var ans questions.Answer
		if aa.Text != "" {
			text := aa.Text
			ans.Text = &text
		}
		pick := aa.Honest
		if gamed {
			pick = aa.Gamed
		}
		if pick.Kind != 0 {
			switch qq.Type {
			case questions.TypeSingleChoice:
				var k string
				must(t, pick.Decode(&k))
				ans.Choice = &k
			case questions.TypeYesNo:
				var b bool
				must(t, pick.Decode(&b))
				k := "no"
				if b {
					k = "yes"
				}
				ans.Choice = &k
			case questions.TypeMultipleChoice:
				must(t, pick.Decode(&ans.Choices))
			case questions.TypeScale:
				var n int
				must(t, pick.Decode(&n))
				ans.Scale = &n
			}
		}
		if probs := qq.Check(ans); len(probs) > 0 {
			t.Fatalf("%s: answer to %q is invalid: %+v", a.Name, key, probs)
		}
		out[key] = ans
	}
	return out
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// evaluateArchetypes scores the three archetypes with text scoring on and no
// ratings, under the names given (partner, reassurer, takeover).
func evaluateArchetypes(t *testing.T, gamed bool, names [3]string) map[string]CandidateResult {
	t.Helper()
	q := partnerSelectionV2(t)
	in := Input{Questionnaire: q, TextScoring: true}
	for i, file := range []string{"partner", "reassurer", "takeover"} {
		a := readArchetype(t, file)
		in.Candidates = append(in.Candidates, Candidate{ID: file, Name: names[i], Answers: a.answers(t, q, gamed)})
	}
	res, err := Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]CandidateResult{}
	for _, c := range res.Candidates {
		out[c.ID] = c
		t.Logf("%-9s %-12q rank %d overall %5.1f fit %5.1f flex %5.1f risk %5.1f  %s; red %d, green %d, contradictions %d, strength %.2f",
			c.ID, c.Name, c.Rank, *c.Overall, *c.Dimensions[0].Score, *c.Dimensions[1].Score, *c.Dimensions[2].Score,
			c.TextEvidence.Note, c.RedFlags, c.GreenSignals, c.ContradictionCount, *c.TextEvidence.Strength)
	}
	return out
}

// Names in every order, so that no result can come from the A-to-Z tie break.
var archetypeNames = [][3]string{
	{"Alpha IT", "Bravo IT", "Charlie IT"},
	{"Charlie IT", "Bravo IT", "Alpha IT"},
	{"Bravo IT", "Alpha IT", "Charlie IT"},
	{"Charlie IT", "Alpha IT", "Bravo IT"},
}

func TestArchetypesGamedPicks(t *testing.T) {
	for _, names := range archetypeNames {
		t.Run(fmt.Sprintf("PartnerFirstBy15PointsWhenNamed%v", names), func(t *testing.T) {
			r := evaluateArchetypes(t, true, names)
			p, rs, tk := r["partner"], r["reassurer"], r["takeover"]
			if p.Rank != 1 || p.Tied {
				t.Fatalf("partner: got rank %d (tied %v), want 1 alone", p.Rank, p.Tied)
			}
			for _, other := range []CandidateResult{rs, tk} {
				if gap := *p.Overall - *other.Overall; gap < 15 {
					t.Errorf("partner leads %s by %.1f points, want at least 15", other.ID, gap)
				}
			}
			for _, c := range []CandidateResult{rs, tk} {
				if !c.TextEvidence.SaysRightThings {
					t.Errorf("%s: got no \"says the right things\" flag (%s), want one", c.ID, c.TextEvidence.Note)
				}
			}
			if p.TextEvidence.SaysRightThings {
				t.Errorf("partner: flagged as saying the right things (%s)", p.TextEvidence.Note)
			}
			if p.ProvisionalShare != 1 || p.RatedShare != 0 || p.Confidence != ConfidenceHigh+ProvisionalSuffix {
				t.Errorf("partner: got rated %.2f provisional %.2f confidence %q, want everything provisional",
					p.RatedShare, p.ProvisionalShare, p.Confidence)
			}
		})
	}
}

func TestArchetypesHonestPicks(t *testing.T) {
	for _, names := range archetypeNames {
		t.Run(fmt.Sprintf("PartnerReassurerTakeoverWhenNamed%v", names), func(t *testing.T) {
			r := evaluateArchetypes(t, false, names)
			p, rs, tk := r["partner"], r["reassurer"], r["takeover"]
			if !(*p.Overall > *rs.Overall && *rs.Overall > *tk.Overall) {
				t.Errorf("overall: got partner %.1f, reassurer %.1f, takeover %.1f, want that order",
					*p.Overall, *rs.Overall, *tk.Overall)
			}
			if !(p.Rank < rs.Rank && rs.Rank < tk.Rank) {
				t.Errorf("ranks: got partner %d, reassurer %d, takeover %d", p.Rank, rs.Rank, tk.Rank)
			}
			risk := func(c CandidateResult) float64 { return *c.Dimensions[2].Score }
			if !(risk(tk) > risk(rs) && risk(tk) > risk(p)) {
				t.Errorf("dependency risk: got takeover %.1f, reassurer %.1f, partner %.1f, want the takeover highest",
					risk(tk), risk(rs), risk(p))
			}
		})
	}
}
