package api_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"

	"mspeval/store/storetest"
)

func init() {
	// A labelled corpus is sent as text: validate it as the string it is.
	openapi3filter.RegisterBodyDecoder("text/tab-separated-values", openapi3filter.PlainBodyDecoder)
}

// ruleTestBody is the part of a rule test's answer the tests read.
type ruleTestBody struct {
	DraftID string `json:"draft_id"`
	Fired   []struct {
		Rule, Kind, Dimension string
		Matches               []struct {
			Matched    string
			NegationOf string `json:"negation_of"`
		}
	}
	Matches []struct {
		Rule, Matched string
		Negation      *struct {
			Cue      string
			CountsAs *string `json:"counts_as"`
		}
	}
	Specifics []struct{ Category, Matched string }
	Suggested *struct {
		Rating  float64
		Reasons []string
	}
}

func (b ruleTestBody) fired(rule string) (kind, dimension string, matched []string, ok bool) {
	for _, f := range b.Fired {
		if f.Rule == rule {
			for _, m := range f.Matches {
				matched = append(matched, m.Matched)
			}
			return f.Kind, f.Dimension, matched, true
		}
	}
	return "", "", nil, false
}

// negatedAnswer holds a red phrase said plainly, the same phrase negated, and
// specifics: the partner-selection rules see a stack imposition, and a
// "never rip and replace" that counts as working within the client's tools.
const negatedAnswer = "We never rip and replace. We will migrate clients to our standard stack. " +
	"Your IT lead owns the runbook, reviewed quarterly."

// newDraft clones partner-selection into a draft of workspace A and returns its path.
func newDraft(t *testing.T, f *fixture) string {
	t.Helper()
	var d draftBody
	f.e.must(201, request{Method: "POST", Path: "/api/v1/questionnaire-drafts", As: "editorA",
		Body: map[string]any{"from_key": "partner-selection"}}).decode(t, &d)
	return "/api/v1/questionnaire-drafts/" + d.ID
}

func TestRuleTest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		draft := newDraft(t, f)
		answer := map[string]any{"question_key": "tools_and_standards", "text": negatedAnswer}

		t.Run("RuleFiresWithItsWordsPolarityAndDimension", func(t *testing.T) {
			var got ruleTestBody
			// A viewer may test: nothing is stored.
			e.must(200, request{Method: "POST", Path: draft + "/rule-test", As: "viewerA", Body: answer}).decode(t, &got)
			kind, dim, matched, ok := got.fired("stack_imposition")
			if !ok || kind != "red" || dim != "flexibility" || len(matched) != 1 || matched[0] != "migrate clients to our standard stack" {
				t.Errorf("stack_imposition: got fired=%v %s %s %q, want red flexibility [migrate clients to our standard stack]", ok, kind, dim, matched)
			}
			if _, _, _, ok := got.fired("runbooks"); !ok {
				t.Errorf("runbooks did not fire: %+v", got.Fired)
			}
			if got.Suggested == nil || got.Suggested.Rating != 2.5 || len(got.Suggested.Reasons) == 0 {
				t.Errorf("suggested: got %+v, want 2.5 with reasons", got.Suggested)
			}
			if got.DraftID == "" || !strings.HasSuffix(draft, got.DraftID) {
				t.Errorf("draft_id: got %q for %s", got.DraftID, draft)
			}
		})

		t.Run("NegatedPhraseCountsAsItsDeclaredMeaning", func(t *testing.T) {
			var got ruleTestBody
			e.must(200, request{Method: "POST", Path: draft + "/rule-test", As: "editorA", Body: answer}).decode(t, &got)
			var negated int
			for _, m := range got.Matches {
				if m.Negation == nil {
					continue
				}
				negated++
				if m.Rule != "stack_imposition" || m.Matched != "rip and replace" || m.Negation.Cue != "never" ||
					m.Negation.CountsAs == nil || *m.Negation.CountsAs != "works_within_tools" {
					t.Errorf("negated match: got %s %q by %q counts as %v", m.Rule, m.Matched, m.Negation.Cue, m.Negation.CountsAs)
				}
			}
			if negated != 1 {
				t.Errorf("negated matches: got %d, want 1", negated)
			}
			kind, _, matched, ok := got.fired("works_within_tools")
			if !ok || kind != "green" || len(matched) != 1 || matched[0] != "never rip and replace" {
				t.Errorf("works_within_tools: got fired=%v %s %q, want green [never rip and replace]", ok, kind, matched)
			}
		})

		t.Run("TestsTheDraftsOwnRules", func(t *testing.T) {
			var d draftBody
			e.must(200, request{Method: "GET", Path: draft, As: "editorA"}).decode(t, &d)
			changed := editDocument(t, d.Questionnaire, func(m map[string]any) {
				m["signals"] = append(m["signals"].([]any), map[string]any{
					"key": "named_backup", "label": "Named backup owner", "kind": "green", "dimension": "fit",
					"description": "The answer names who stands in when the owner is away.",
					"patterns":    []string{"backup owner"}})
			})
			e.must(200, request{Method: "PUT", Path: draft, As: "editorA", Body: changed})
			var got ruleTestBody
			e.must(200, request{Method: "POST", Path: draft + "/rule-test", As: "viewerA",
				Body: map[string]any{"question_key": "tools_and_standards", "text": "Each system has an owner and a backup owner."}}).decode(t, &got)
			if _, _, matched, ok := got.fired("named_backup"); !ok || matched[0] != "backup owner" {
				t.Errorf("the draft's new rule: got %+v", got.Fired)
			}
		})

		t.Run("PublishedVersionCanBeTested", func(t *testing.T) {
			var got ruleTestBody
			e.must(200, request{Method: "POST", Path: "/api/v1/questionnaires/partner-selection/versions/2/rule-test", As: "viewerA", Body: answer}).decode(t, &got)
			if _, _, _, ok := got.fired("stack_imposition"); !ok || got.DraftID != "" {
				t.Errorf("built-in v2: got %+v", got)
			}
			// Version 1 declares no evidence block: its rules fire, and no rating is suggested.
			var v1 ruleTestBody
			e.must(200, request{Method: "POST", Path: "/api/v1/questionnaires/partner-selection/versions/1/rule-test", As: "viewerA", Body: answer}).decode(t, &v1)
			if _, _, _, ok := v1.fired("stack_imposition"); !ok || v1.Suggested != nil {
				t.Errorf("built-in v1: got fired %+v, suggested %+v; want stack_imposition and no suggestion", v1.Fired, v1.Suggested)
			}
			e.must(404, request{Method: "POST", Path: "/api/v1/questionnaires/partner-selection/versions/99/rule-test", As: "viewerA", Body: answer})
			e.must(404, request{Method: "POST", Path: "/api/v1/questionnaires/no-such/versions/1/rule-test", As: "viewerA", Body: answer})
		})

		t.Run("AnotherWorkspacesDraftIsNotFound", func(t *testing.T) {
			e.must(404, request{Method: "POST", Path: draft + "/rule-test", As: "ownerB", Body: answer})
		})

		t.Run("SignedOutIsUnauthorized", func(t *testing.T) {
			e.must(401, request{Method: "POST", Path: draft + "/rule-test", Body: answer})
		})

		for _, tc := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"UnknownQuestionIsNamed", map[string]any{"question_key": "no_such_question", "text": "x"}, "question_key"},
			{"ChoiceWithoutTextIsRefused", map[string]any{"question_key": "client_tool_share", "text": "x"}, "question_key"},
			{"EmptyTextIsRefused", map[string]any{"question_key": "tools_and_standards", "text": "  "}, "text"},
			{"OverlongTextIsRefused", map[string]any{"question_key": "tools_and_standards", "text": strings.Repeat("a", 10001)}, "text"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := e.must(422, request{Method: "POST", Path: draft + "/rule-test", As: "viewerA", Body: tc.body}).problem(t)
				if len(p.Errors) != 1 || p.Errors[0].Field != tc.field {
					t.Errorf("field errors: got %+v, want one on %s", p.Errors, tc.field)
				}
			})
		}
	})
}

// corpus is a small labelled corpus: a red text, a negated red text, a green
// text and a neutral one.
const corpus = "question\tlabel\trule\ttext\n" +
	"tools_and_standards\tred\tstack_imposition\tWe migrate every client to our standard stack in the first month.\n" +
	"tools_and_standards\tnegated_red\tstack_imposition\tWe never rip and replace what your team already runs.\n" +
	"documentation_ownership\tgreen\tclient_owned_documentation\tAll documentation lives in your wiki and belongs to you.\n" +
	"tools_and_standards\tneutral\t-\tWe have offices in three cities.\n"

type corpusBody struct {
	Texts    int
	Passes   bool
	Verdicts []struct {
		Measure string
		Value   float64
		Passes  bool
	}
	Rules []struct {
		Rule          string
		Texts, Caught int
		Recall        *float64
	}
}

func TestCorpusCheck(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		draft := newDraft(t, f)
		tsv := http.Header{"Content-Type": {"text/tab-separated-values; charset=utf-8"}}

		check := func(t *testing.T, got corpusBody) {
			t.Helper()
			if got.Texts != 4 || len(got.Verdicts) != 4 {
				t.Fatalf("got %d texts and %d verdicts, want 4 and 4", got.Texts, len(got.Verdicts))
			}
			for _, r := range got.Rules {
				if r.Rule == "stack_imposition" && (r.Texts != 1 || r.Caught != 1 || r.Recall == nil || *r.Recall != 1) {
					t.Errorf("stack_imposition row: got %+v, want 1 of 1 caught", r)
				}
			}
		}

		t.Run("TSVBodyGivesTheConfusionTable", func(t *testing.T) {
			var got corpusBody
			e.must(200, request{Method: "POST", Path: draft + "/corpus-check", As: "viewerA", Raw: corpus, Header: tsv}).decode(t, &got)
			check(t, got)
		})

		t.Run("MultipartUploadGivesTheSame", func(t *testing.T) {
			var buf bytes.Buffer
			w := multipart.NewWriter(&buf)
			part, _ := w.CreateFormFile("file", "corpus.tsv")
			part.Write([]byte(corpus))
			w.Close()
			var got corpusBody
			e.must(200, request{Method: "POST", Path: draft + "/corpus-check", As: "editorA", Raw: buf.String(),
				Header: http.Header{"Content-Type": {w.FormDataContentType()}}}).decode(t, &got)
			check(t, got)
		})

		t.Run("MalformedLineIsNamed", func(t *testing.T) {
			bad := corpus + "tools_and_standards\tred\tonly three fields\n"
			p := e.must(422, request{Method: "POST", Path: draft + "/corpus-check", As: "viewerA", Raw: bad, Header: tsv}).problem(t)
			if len(p.Errors) != 1 || p.Errors[0].Field != "corpus" || !strings.HasPrefix(p.Errors[0].Message, "line 6:") ||
				!strings.Contains(p.Detail, "line 6") {
				t.Errorf("problem: got %q %+v, want line 6 named on corpus", p.Detail, p.Errors)
			}
		})

		t.Run("UnknownRuleIsNamed", func(t *testing.T) {
			bad := strings.Replace(corpus, "client_owned_documentation", "no_such_rule", 1)
			p := e.must(422, request{Method: "POST", Path: draft + "/corpus-check", As: "viewerA", Raw: bad, Header: tsv}).problem(t)
			if len(p.Errors) != 1 || !strings.HasPrefix(p.Errors[0].Message, "line 4:") || !strings.Contains(p.Errors[0].Message, "no_such_rule") {
				t.Errorf("problem: got %+v, want line 4 and the rule named", p.Errors)
			}
		})

		t.Run("HeaderOnlyIsRefused", func(t *testing.T) {
			e.must(422, request{Method: "POST", Path: draft + "/corpus-check", As: "viewerA", Raw: "question\tlabel\trule\ttext\n", Header: tsv})
		})

		t.Run("OtherMediaTypeIsRefused", func(t *testing.T) {
			e.must(415, request{Method: "POST", Path: draft + "/corpus-check", As: "viewerA", Raw: corpus,
				Header: http.Header{"Content-Type": {"application/json"}}, Malformed: true})
		})

		t.Run("AnotherWorkspacesDraftIsNotFound", func(t *testing.T) {
			e.must(404, request{Method: "POST", Path: draft + "/corpus-check", As: "ownerB", Raw: corpus, Header: tsv})
		})
	})
}
