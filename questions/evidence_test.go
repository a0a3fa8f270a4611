package questions

import (
	"strings"
	"testing"
)

// validEvidence is valid with a negated meaning and an evidence block; each
// case below breaks one thing.
const validEvidence = valid + `  - key: fees
    label: Exit fees
    kind: red
    dimension: dependency_risk
    description: d
    negated: {counts_as: free_exit}
    patterns: ["exit fees?"]
  - key: free_exit
    label: Free exit
    kind: green
    dimension: dependency_risk
    description: d
    patterns: ["rolling monthly contract"]
evidence:
  negation:
    cues: [never, "no", "(do|does)n'?t"]
    narrow_cues: [rather than]
    narrow_words: 2
    requirement_cues: [without]
    after_cues: ["is not how we work"]
    after_words: 1
    exceptions: [no later than]
    max_words: 6
    boundaries: ".;:"
    list_separators: ","
    list_words: 2
    list_joiners: [or, and]
    clause_starts: [we, you]
    boundary_words: [but]
  specifics:
    - {key: cadence, label: cadence, patterns: [monthly, weekly]}
  vagueness:
    cues:
      - {key: claim, label: generic claim, patterns: [best-in-class]}
  rating: {base: 1, per_specific: 0.5, max_specifics: 4, per_green: 0.5, max_green: 2, per_red: 1, per_vague: 0.5, max_vague: 3, short_words: 15, short_max: 1}
`

func TestParseEvidence(t *testing.T) {
	q, err := Parse("evidence.yaml", []byte(validEvidence))
	if err != nil {
		t.Fatalf("the valid questionnaire is refused: %v", err)
	}
	if !q.HasEvidence() || q.Evidence.Rating.PerSpecific != 0.5 || q.Evidence.Negation.MaxWords != 6 {
		t.Errorf("evidence: got %+v", q.Evidence)
	}
	norm, _ := NormalizeText("We review it Monthly, with no exit fees.")
	kinds := map[PhraseKind]int{}
	for _, h := range q.FindPhrases(norm, nil) {
		kinds[h.Kind]++
	}
	if kinds[PhraseSignal] != 1 || kinds[PhraseSpecific] != 1 || kinds[PhraseNegation] != 1 {
		t.Errorf("phrases found: got %v, want a signal, a specific and a cue", kinds)
	}
}

func TestParseRefusesBrokenEvidence(t *testing.T) {
	cases := []struct {
		name, from, to string
		want           []string
	}{
		{"UnknownNegatedMeaning", "counts_as: free_exit", "counts_as: cheap_exit", []string{`signal "fees"`, `negated.counts_as names signal "cheap_exit"`}},
		{"NegatedMeaningIsTheRuleItself", "counts_as: free_exit", "counts_as: fees", []string{`signal "fees"`, "the rule itself"}},
		{"BadCue", `cues: [never, "no"`, `cues: ["nev(er", "no"`, []string{"evidence.negation.cues", `"nev(er"`, "does not compile"}},
		{"CueMatchingNothing", `cues: [never, "no"`, `cues: ["(x)?", "no"`, []string{"evidence.negation.cues", "matches empty text"}},
		{"CueWithSpaces", `cues: [never, "no"`, `cues: [" never", "no"`, []string{"evidence.negation.cues", "white space"}},
		{"NoCues", `cues: [never, "no", "(do|does)n'?t"]`, `cues: []`, []string{"evidence.negation.cues: none declared"}},
		{"BadSpecific", "patterns: [monthly, weekly]", `patterns: ["month(ly"]`, []string{`evidence.specifics "cadence"`, "does not compile"}},
		{"DuplicateSpecific", "- {key: cadence, label: cadence, patterns: [monthly, weekly]}",
			"- {key: cadence, label: cadence, patterns: [monthly]}\n    - {key: cadence, label: again, patterns: [weekly]}", []string{`evidence.specifics "cadence": declared twice`}},
		{"SpecificWithoutLabel", "{key: cadence, label: cadence,", "{key: cadence, label: '',", []string{`evidence.specifics "cadence": label is empty`}},
		{"BadVagueCue", "patterns: [best-in-class]", `patterns: ["best-(in"]`, []string{`evidence.vagueness.cues "claim"`, "does not compile"}},
		{"RatingOutOfRange", "base: 1,", "base: 5,", []string{"evidence.rating.base must be 0..4"}},
		{"NegativeRating", "per_red: 1,", "per_red: -1,", []string{"evidence.rating.per_red must be 0..4"}},
		{"NothingRaisesTheRating", "per_specific: 0.5, max_specifics: 4, per_green: 0.5,", "per_specific: 0, max_specifics: 4, per_green: 0,", []string{"no text can rate above the base"}},
		{"ScopeTooWide", "max_words: 6", "max_words: 50", []string{"evidence.negation.max_words must be 0..20"}},
		{"NarrowWiderThanScope", "narrow_words: 2", "narrow_words: 9", []string{"narrow_words must be 0..max_words"}},
		{"NoBoundaries", `boundaries: ".;:"`, `boundaries: ""`, []string{"evidence.negation.boundaries: none declared"}},
		{"LetterAsBoundary", `boundaries: ".;:"`, `boundaries: ".;x"`, []string{`'x' cannot end a clause`}},
		{"JoinerOfTwoWords", "list_joiners: [or, and]", `list_joiners: ["or else", and]`, []string{"list_joiners", `"or else" must be one lower-case word`}},
		{"UnknownEvidenceField", "max_words: 6", "max_words: 6\n    scope: wide", []string{"field scope not found"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(validEvidence, tc.from) {
				t.Fatalf("test is broken: %q is not in the valid file", tc.from)
			}
			_, err := Parse("broken.yaml", []byte(strings.Replace(validEvidence, tc.from, tc.to, 1)))
			if err == nil {
				t.Fatal("a broken file was accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	t.Run("NegatedMeaningWithoutEvidence", func(t *testing.T) {
		broken := validEvidence[:strings.Index(validEvidence, "evidence:")]
		_, err := Parse("broken.yaml", []byte(broken))
		if err == nil || !strings.Contains(err.Error(), `signal "fees": negated.counts_as needs an evidence block`) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("SignalPatternWithSpaces", func(t *testing.T) {
		broken := strings.Replace(validEvidence, `patterns: ["rolling monthly contract"]`, `patterns: ["rolling monthly "]`, 1)
		_, err := Parse("broken.yaml", []byte(broken))
		if err == nil || !strings.Contains(err.Error(), `signal "free_exit": pattern "rolling monthly " starts or ends with white space`) {
			t.Errorf("got %v", err)
		}
	})
}

func TestPhraseMatchingAgreesWithARegexpScan(t *testing.T) {
	// The fast matcher (literal starts, anchored runs) must find what a plain
	// scan with each pattern finds.
	q := builtinVersion(t, 2)
	m := q.compiledMatchers()
	texts := []string{
		"we never rip and replace: your it lead keeps the final say, and documentation lives in your sharepoint.",
		"no exit fees, minimum terms or termination charges; we'll handle it, trust us.",
		"at a 200-person manufacturer we meet every month with their it manager and a backup owner.",
		"our engineers keep the admin passwords in our own vault; a monthly pdf report from our psa.",
	}
	for _, text := range texts {
		got := map[[3]int]bool{}
		for _, h := range m.phrases.find(text, nil) {
			got[[3]int{h.pattern, h.start, h.end}] = true
		}
		for i, p := range m.phrases.patterns {
			for _, sp := range PatternSpans(p.bounded, text) {
				if !got[[3]int{i, sp[0], sp[1]}] {
					t.Errorf("%q: pattern %d (%v) matches %q, the fast matcher missed it", text, i, m.phraseRefs[i], text[sp[0]:sp[1]])
				}
			}
		}
	}
}
