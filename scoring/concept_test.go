package scoring

import (
	"strings"
	"testing"

	"mspeval/questions"
)

// tinyConcepts is tinyEvidence with concept rules, for hand-worked examples of
// how negation reads a match made of several parts.
var tinyConcepts = strings.Replace(strings.Replace(tinyEvidence, "evidence:\n", `  - key: admin
    label: Provider keeps admin
    kind: red
    dimension: dependency_risk
    description: d
    negated: {counts_as: own_admin}
    patterns: ["we keep the admin passwords"]
    concepts:
      HOLD: [keep, keeps, kept, hold, holds, held]
      ADMIN: ["admin password*", "admin rights", "credential*"]
      HELD_BY: ["held by", "kept by"]
    match:
      - {all: [PROVIDER, HOLD, ADMIN], ordered: true}
      - {all: [ADMIN, HELD_BY, PROVIDER], ordered: true}
  - key: own_admin
    label: Client keeps admin
    kind: green
    dimension: dependency_risk
    description: d
    concepts:
      YOU_KEEP: ["you keep .. admin*"]
    match:
      - {all: [YOU_KEEP]}
  - key: worry
    label: Do not worry
    kind: red
    dimension: fit
    description: d
    concepts:
      NEED_NOT: ["won't have to", "don't have to", "no need to"]
      WORRY: ["worry*"]
    match:
      - {all: [NEED_NOT, WORRY], ordered: true}
  - key: renewal
    label: Changes wait for renewal
    kind: red
    dimension: fit
    description: d
    concepts:
      CHANGE: [scope, "change*"]
      RENEWAL: ["renewal*"]
    match:
      - {all: [CHANGE, RENEWAL], scope: sentence}
  - key: request_form
    label: Written request
    kind: green
    dimension: fit
    description: d
    concepts:
      CHANGE: ["change*"]
      FORM: ["written request*", "change form*"]
    match:
      - {all: [CHANGE, FORM]}
  - key: hoard
    label: Documentation kept back
    kind: red
    dimension: dependency_risk
    description: d
    concepts:
      DOCS: [documentation]
      KEPT_BACK: ["don't volunteer", "won't share"]
    match:
      - {all: [DOCS, KEPT_BACK], scope: sentence}
evidence:
  concepts:
    PROVIDER: [we, our, us]
`, 1), "boundary_words: [but, however]", "boundary_words: [but, however, until]", 1)

func tinyConceptsQ(t testing.TB) *questions.Questionnaire {
	t.Helper()
	q, err := questions.Parse("tiny-concepts.yaml", []byte(tinyConcepts))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestConceptNegation(t *testing.T) {
	q := tinyConceptsQ(t)
	cases := []struct {
		name, text string
		want       []string // what the text counts as
	}{
		{"PlainMatchCounts", "Our NOC holds the credentials.", []string{"-admin"}},
		{"CueBeforeTheMatchNegatesIt", "We never keep your admin passwords.", []string{"+own_admin"}},
		{"CueBetweenThePartsNegatesIt", "Your admin passwords are never held by us.", []string{"+own_admin"}},
		{"CueBetweenThePartsPastAClauseWord", "Scope is not frozen until renewal.", nil},
		{"CueInsideAPartIsNoCue", "You won't have to worry.", []string{"-worry"}},
		{"CueBeforeAPartWithACueNegates", "We won't just say you won't have to worry.", nil},
		{"RequirementAfterACueIsADoubleNegative", "Nothing changes without a written request.", []string{"+request_form"}},
		{"RequirementAloneNegates", "We make changes without a written request.", nil},
		{"OnlyTheLastClauseDecides", "We've not been asked for documentation, and we don't volunteer it.", []string{"-hoard"}},
		{"APatternAndAConjunctionOnTheSameWordsCountOnce", "We keep the admin passwords.", []string{"-admin"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := AssessText(q, "notes", tc.text)
			if d := diff(tc.want, counted(ev)); d != "" {
				t.Errorf("%q counts as:\n%s\nsignals: %+v", tc.text, d, ev.Signals)
			}
		})
	}
	t.Run("APatternAndAConjunctionAreOneSignal", func(t *testing.T) {
		ev := AssessText(q, "notes", "We keep the admin passwords.")
		if len(ev.Signals) != 1 || len(ev.Signals[0].Parts) != 3 {
			t.Errorf("got %+v, want one signal with the conjunction's three parts", ev.Signals)
		}
	})
	t.Run("NegatedConceptMatchSaysWhy", func(t *testing.T) {
		ev := AssessText(q, "notes", "Your admin passwords are never held by us.")
		if len(ev.Signals) != 1 {
			t.Fatalf("got %d signals, want 1: %+v", len(ev.Signals), ev.Signals)
		}
		if s := ev.Signals[0]; s.Negated != "never" || s.CountsAs != "own_admin" {
			t.Errorf("got %+v, want admin negated by never, counting as own_admin", s)
		}
		if !containsReason(ev, "negated by 'never': 'admin passwords are never held by us' (admin), counts as own_admin") {
			t.Errorf("reasons: got %q", ev.Reasons)
		}
	})
}

func TestConceptPartsPointIntoTheOriginal(t *testing.T) {
	q := tinyConceptsQ(t)
	text := "Honestly\u2014our NOC\u00a0keeps your admin\u00a0passwords, as it\u2019s safer."
	ev := AssessText(q, "notes", text)
	if len(ev.Signals) != 1 || ev.Signals[0].Rule != "admin" {
		t.Fatalf("got %+v, want one admin signal", ev.Signals)
	}
	s := ev.Signals[0]
	if text[s.Start:s.End] != s.Matched || s.Matched != "our NOC\u00a0keeps your admin\u00a0passwords" {
		t.Errorf("matched: got %q at %d..%d", s.Matched, s.Start, s.End)
	}
	var got []string
	for _, p := range s.Parts {
		if text[p.Start:p.End] != p.Matched {
			t.Errorf("part %+v: offsets do not hold its words", p)
		}
		got = append(got, p.Concept+": "+p.Matched)
	}
	if d := diff([]string{"PROVIDER: our", "HOLD: keeps", "ADMIN: admin\u00a0passwords"}, got); d != "" {
		t.Errorf("parts:\n%s", d)
	}
}
