package questions

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"reflect"
	"testing"
)

func builtinVersion(t *testing.T, version int) *Questionnaire {
	t.Helper()
	c, err := Builtin()
	if err != nil {
		t.Fatalf("built-in questionnaires do not load: %v", err)
	}
	q, ok := c.Get("partner-selection", version)
	if !ok {
		t.Fatalf("partner-selection version %d is not built in", version)
	}
	return q
}

// v1Checksum is the SHA-256 of partner-selection.v1.yaml as published.
// Databases hold it; a changed byte would lock every deployment out.
const v1Checksum = "e06e5032780c1dc3ba9a53b92be8e0b9a4df2a64627c3b374058d8998fa8ad82"

func TestV1IsUnchanged(t *testing.T) {
	data, err := os.ReadFile("builtin/partner-selection.v1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != v1Checksum {
		t.Errorf("partner-selection.v1.yaml: got checksum %s, want %s; a published version never changes, edit v2 or add v3", got, v1Checksum)
	}
	if builtinVersion(t, 1).Evidence != nil {
		t.Error("version 1 declares no evidence")
	}
}

// TestV2KeepsV1Questions pins that version 2 only adds text evidence: the same
// sections and questions, word for word, with the same options and scores. An
// option may be disputed by more rules (contradicted_by), never by fewer.
func TestV2KeepsV1Questions(t *testing.T) {
	v1, v2 := builtinVersion(t, 1), builtinVersion(t, 2)
	if v1.Title != v2.Title || v1.Description != v2.Description || !reflect.DeepEqual(v1.Dimensions, v2.Dimensions) {
		t.Error("title, description or dimensions differ")
	}
	if len(v1.Sections) != len(v2.Sections) {
		t.Fatalf("sections: got %d, want %d", len(v2.Sections), len(v1.Sections))
	}
	for si := range v1.Sections {
		a, b := v1.Sections[si], v2.Sections[si]
		if a.Key != b.Key || a.Title != b.Title || a.Intro != b.Intro || len(a.Questions) != len(b.Questions) {
			t.Fatalf("section %q differs", a.Key)
		}
		for qi := range a.Questions {
			qa, qb := a.Questions[qi], b.Questions[qi]
			for oi := range qa.Options {
				if oi >= len(qb.Options) {
					break
				}
				for _, rule := range qa.Options[oi].ContradictedBy {
					found := false
					for _, r := range qb.Options[oi].ContradictedBy {
						found = found || r == rule
					}
					if !found {
						t.Errorf("question %q option %q: version 2 dropped contradicted_by %q", qa.Key, qa.Options[oi].Key, rule)
					}
				}
				qa.Options[oi].ContradictedBy, qb.Options[oi].ContradictedBy = nil, nil
			}
			if !reflect.DeepEqual(qa, qb) {
				t.Errorf("question %q differs between version 1 and 2", qa.Key)
			}
		}
	}
}

// The theme keys every caller of the rules relies on, with their colour.
var v2Themes = map[string]SignalKind{
	"reassurance": SignalRed, "takeover_language": SignalRed, "stack_imposition": SignalRed,
	"knowledge_hoarding": SignalRed, "admin_retention": SignalRed, "exit_lock_in": SignalRed,
	"sla_only_success": SignalRed, "ticket_only_communication": SignalRed, "provider_decides": SignalRed,
	"internal_it_as_obstacle": SignalRed, "rigid_scope": SignalRed,
	"client_owned_documentation": SignalGreen, "runbooks": SignalGreen, "handover_exit_plan": SignalGreen,
	"named_owner": SignalGreen, "escalation_path": SignalGreen, "client_admin_rights": SignalGreen,
	"review_cadence": SignalGreen, "shared_dashboard": SignalGreen, "discovery_first": SignalGreen,
	"works_within_tools": SignalGreen, "responsibility_split": SignalGreen, "leading_trailing_metrics": SignalGreen,
	"written_change_process": SignalGreen, "knowledge_transfer": SignalGreen, "disagreement_process": SignalGreen,
	"outcomes_for_team": SignalGreen,
}

func TestV2RuleSet(t *testing.T) {
	q := builtinVersion(t, 2)
	kinds := map[string]SignalKind{}
	for _, s := range q.Signals {
		kinds[s.Key] = s.Kind
	}
	t.Run("EveryThemeIsARuleOfItsColour", func(t *testing.T) {
		for key, kind := range v2Themes {
			if kinds[key] != kind {
				t.Errorf("rule %q: got kind %q, want %q", key, kinds[key], kind)
			}
		}
	})
	t.Run("NegatedRedsCountAsGreen", func(t *testing.T) {
		for _, s := range q.Signals {
			if s.Negated != nil && s.Negated.CountsAs != "" && (s.Kind != SignalRed || kinds[s.Negated.CountsAs] != SignalGreen) {
				t.Errorf("rule %q (%s) counts, negated, as %q (%s); want a red rule counting as a green one",
					s.Key, s.Kind, s.Negated.CountsAs, kinds[s.Negated.CountsAs])
			}
		}
	})
	t.Run("EveryThemeIsAConceptRule", func(t *testing.T) {
		// Enumerated phrases fit the texts they were written from and miss
		// the next MSP's wording; families of words generalise.
		for _, s := range q.Signals {
			if len(s.Match) == 0 {
				t.Errorf("rule %q: no concept conjunctions (match), only patterns", s.Key)
			}
		}
	})
	t.Run("EveryPatternIsMatchedOnTheFastPath", func(t *testing.T) {
		// A pattern without a literal start or with an unbounded repetition
		// is scanned over the whole text: correct, but slow.
		m := q.compiledMatchers()
		for _, i := range m.phrases.slow {
			t.Errorf("pattern %d (%v) has no literal start or is unbounded", i, m.phraseRefs[i])
		}
	})
	t.Run("EvidenceIsDeclared", func(t *testing.T) {
		e := q.Evidence
		if e == nil || len(e.Negation.Cues) == 0 || len(e.Specifics) < 5 || len(e.Vagueness.Cues) == 0 || e.Rating.PerSpecific <= 0 {
			t.Fatalf("got %+v, want negation, specifics, vagueness and a rating formula", e)
		}
		want := map[string]bool{"named_role": true, "cadence": true, "time_limit": true, "artefact": true, "example": true, "number": true, "outcome": true}
		for _, c := range e.Specifics {
			delete(want, c.Key)
		}
		if len(want) > 0 {
			t.Errorf("specifics categories missing: %v", want)
		}
	})
}
