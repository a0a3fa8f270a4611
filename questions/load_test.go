package questions

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestBuiltinLoads(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatalf("built-in questionnaires do not load: %v", err)
	}
	q, ok := c.Latest("partner-selection")
	if !ok {
		t.Fatal("partner-selection is not built in")
	}
	if q.Version != 2 {
		t.Errorf("latest version: got %d, want 2", q.Version)
	}
	if _, ok := c.Get("partner-selection", 1); !ok {
		t.Error("version 1 is gone; a published version must stay")
	}
	if len(q.Checksum) != 64 {
		t.Errorf("checksum: got %q, want a hex SHA-256", q.Checksum)
	}
}

// valid is a small questionnaire that loads; each case below breaks one thing.
const valid = `
key: tiny
version: 1
title: Tiny
description: A small questionnaire for tests.
dimensions:
  - {key: fit, name: Fit, description: d, default_weight: 60}
  - {key: dependency_risk, name: Dependency risk, description: d, default_weight: 40, higher_is_worse: true}
sections:
  - key: main
    title: Main
    questions:
      - key: role
        prompt: How do you see your role?
        type: single_choice
        required: true
        text: {label: Why, required: true}
        options:
          - {key: reinforce, label: We reinforce, score: 4, contradicted_by: [takeover]}
          - {key: replace, label: We replace, score: 0}
        dimensions: [{dimension: fit, weight: 2}]
        guidance:
          listen_for: Mindset.
          red_flags: [Takes over]
          anchors: {0: a, 1: b, 2: c, 3: d, 4: e}
      - key: notes
        prompt: Anything else?
        type: text
        dimensions: [{dimension: dependency_risk, weight: 1}]
        guidance:
          listen_for: Documentation.
          red_flags: []
          anchors: {0: a, 1: b, 2: c, 3: d, 4: e}
signals:
  - key: takeover
    label: Takeover
    kind: red
    dimension: fit
    description: d
    patterns: ["we'?ll handle (it|everything)"]
`

func TestParseValid(t *testing.T) {
	q, err := Parse("tiny.yaml", []byte(valid))
	if err != nil {
		t.Fatalf("the valid questionnaire is refused: %v", err)
	}
	if qq, ok := q.Question("role"); !ok || qq.Type != TypeSingleChoice {
		t.Errorf("question role: got %+v", qq)
	}
	if len(q.SignalPatterns("takeover")) != 1 {
		t.Errorf("signal takeover: patterns not compiled")
	}
}

func TestParseRefusesBrokenFiles(t *testing.T) {
	cases := []struct {
		name string
		from string
		to   string
		want []string // every string must appear in the error
	}{
		{"DuplicateKey", "key: notes", "key: role", []string{`question "role"`, "used twice"}},
		{"UndeclaredDimension", "{dimension: fit, weight: 2}", "{dimension: price, weight: 2}", []string{`question "role"`, `dimension "price" is not declared`}},
		{"ZeroWeight", "{dimension: fit, weight: 2}", "{dimension: fit, weight: 0}", []string{`question "role"`, "must be positive"}},
		{"NegativeWeight", "{dimension: dependency_risk, weight: 1}", "{dimension: dependency_risk, weight: -1}", []string{`question "notes"`, "must be positive"}},
		{"UnscoredOption", "{key: replace, label: We replace, score: 0}", "{key: replace, label: We replace}", []string{`question "role"`, `option "replace": has no score`}},
		{"ScoreOutOfRange", "score: 4,", "score: 5,", []string{`question "role"`, "outside 0..4"}},
		{"MissingAnchor", "anchors: {0: a, 1: b, 2: c, 3: d, 4: e}\n      - key: notes", "anchors: {0: a, 1: b, 2: c, 4: e}\n      - key: notes", []string{`question "role"`, "anchor 3 is missing"}},
		{"BadPattern", `patterns: ["we'?ll handle (it|everything)"]`, `patterns: ["we'?ll handle (it"]`, []string{`signal "takeover"`, "does not compile"}},
		{"EmptyPattern", `patterns: ["we'?ll handle (it|everything)"]`, `patterns: ["(x)?"]`, []string{`signal "takeover"`, "matches empty text"}},
		{"UnknownType", "type: text", "type: essay", []string{`question "notes"`, `type "essay"`}},
		{"UnknownContradiction", "contradicted_by: [takeover]", "contradicted_by: [nothing]", []string{`question "role"`, `signal "nothing"`}},
		{"UnknownField", "required: true\n        text:", "required: true\n        hint: x\n        text:", []string{"field hint not found"}},
		{"SignalOnUndeclaredDimension", "kind: red\n    dimension: fit", "kind: red\n    dimension: cost", []string{`signal "takeover"`, `dimension "cost"`}},
		{"NoListenFor", "listen_for: Mindset.", "listen_for: ''", []string{`question "role"`, "listen_for is empty"}},
		{"TwoDocuments", "    patterns: [\"we'?ll handle (it|everything)\"]\n", "    patterns: [\"we'?ll handle (it|everything)\"]\n---\nkey: second\n", []string{"more than one YAML document"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(valid, tc.from) {
				t.Fatalf("test is broken: %q is not in the valid file", tc.from)
			}
			broken := strings.Replace(valid, tc.from, tc.to, 1)
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

func TestCatalogRefusesTheSameVersionTwice(t *testing.T) {
	a, err := Parse("a.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Parse("b.yaml", []byte(valid))
	if _, err := NewCatalog(a, b); err == nil {
		t.Error("two files with the same key and version were accepted")
	}
	c, _ := Parse("c.yaml", []byte(strings.Replace(valid, "version: 1", "version: 2", 1)))
	cat, err := NewCatalog(c, a)
	if err != nil {
		t.Fatal(err)
	}
	if q, _ := cat.Latest("tiny"); q.Version != 2 {
		t.Errorf("latest: got version %d, want 2", q.Version)
	}
}

func TestAnswerCheck(t *testing.T) {
	q, err := Parse("tiny.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	role, _ := q.Question("role")
	notes, _ := q.Question("notes")
	s := func(v string) *string { return &v }
	long := strings.Repeat("é", MaxTextLength+1)
	cases := []struct {
		name string
		q    *Question
		a    Answer
		part string // "" means valid
	}{
		{"ChoiceAndText", role, Answer{Choice: s("reinforce"), Text: s("We add depth.")}, ""},
		{"UnknownOption", role, Answer{Choice: s("merge")}, "choice"},
		{"ChoicesOnSingleChoice", role, Answer{Choices: []string{"reinforce"}}, "choices"},
		{"EmptyFieldsAreNoMismatch", notes, Answer{Text: s("Runbooks."), Choice: s(""), Choices: []string{}}, ""},
		{"ChoiceOnText", notes, Answer{Choice: s("reinforce")}, "choice"},
		{"TextAtLimit", notes, Answer{Text: s(strings.Repeat("é", MaxTextLength))}, ""},
		{"TextOverLimit", notes, Answer{Text: &long}, "text"},
		{"ScaleOnChoice", role, Answer{Scale: new(int)}, "scale"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.q.Check(tc.a)
			switch {
			case tc.part == "" && len(p) > 0:
				t.Errorf("got problems %+v, want none", p)
			case tc.part != "" && (len(p) == 0 || p[0].Part != tc.part):
				t.Errorf("got problems %+v, want one on %q", p, tc.part)
			}
		})
	}
	if got := q.MissingRequired(map[string]Answer{"role": {Choice: s("reinforce")}}); len(got) != 1 || got[0] != "role" {
		t.Errorf("a paired question without its required text: missing got %v, want [role]", got)
	}
	if got := q.MissingRequired(map[string]Answer{"role": {Choice: s("reinforce"), Text: s("why")}}); len(got) != 0 {
		t.Errorf("complete answers: missing got %v, want none", got)
	}
}

func TestRespondentViewCarriesNoEvaluatorMaterial(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	q, _ := c.Latest("partner-selection")
	v := q.RespondentView()
	n := 0
	for _, s := range v.Sections {
		n += len(s.Questions)
	}
	if n != len(q.Questions()) {
		t.Errorf("respondent view: got %d questions, want %d", n, len(q.Questions()))
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"score", "guidance", "listen_for", "red_flags", "anchors", "dimensions", "knockout", "signals", "contradicted_by"} {
		if strings.Contains(string(b), `"`+key+`"`) {
			t.Errorf("the respondent view carries %q", key)
		}
	}
}

func TestRespondentOrderDoesNotFollowTheScores(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	q, _ := c.Latest("partner-selection")
	bestFirst := 0
	choice := 0
	for _, s := range q.RespondentView().Sections {
		for _, rq := range s.Questions {
			qq, _ := q.Question(rq.Key)
			if qq.Type != TypeSingleChoice {
				continue
			}
			choice++
			if len(rq.Options) != len(qq.Options) {
				t.Fatalf("%s: options lost", rq.Key)
			}
			first, _ := qq.Option(rq.Options[0].Key)
			top := 0
			for _, o := range qq.Options {
				top = max(top, *o.Score)
			}
			if *first.Score == top {
				bestFirst++
			}
		}
	}
	// The file lists the best option first everywhere; the respondent's order
	// must not (a few coincidences are expected).
	if bestFirst > choice/2 {
		t.Errorf("the best option comes first in %d of %d questions", bestFirst, choice)
	}
}
