package questions

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// Tests on the content of the built-in partner-selection questionnaire and the demo
// data. The loader already checks structure; these check what the guide asks for.

func builtinPartnerSelection(t *testing.T) *Questionnaire {
	t.Helper()
	c, err := Builtin()
	if err != nil {
		t.Fatalf("built-in questionnaires do not load: %v", err)
	}
	q, ok := c.Get("partner-selection", 1)
	if !ok {
		t.Fatal("partner-selection version 1 is not built in")
	}
	return q
}

var chapter6Prompts = []string{
	"How do you see your role alongside our internal IT team?",
	"What do you expect us to stay responsible for?",
	"How do you avoid stepping on toes?",
	"How flexible are you around our tools and standards?",
	"What happens when we disagree?",
	"How do you make sure we don't become dependent on you?",
	"What does good communication look like in practice?",
	"What does success look like after the first year?",
}

func TestBuiltinChapter6Prompts(t *testing.T) {
	q := builtinPartnerSelection(t)
	byPrompt := map[string]*Question{}
	for _, qq := range q.Questions() {
		byPrompt[qq.Prompt] = qq
	}
	for _, prompt := range chapter6Prompts {
		t.Run(prompt+" is a required single choice with required text", func(t *testing.T) {
			qq, ok := byPrompt[prompt]
			if !ok {
				t.Fatalf("got no question with this prompt word for word, want one")
			}
			if qq.Type != TypeSingleChoice {
				t.Errorf("type: got %q, want %q", qq.Type, TypeSingleChoice)
			}
			if !qq.Required {
				t.Errorf("required: got false, want true")
			}
			if qq.Text == nil || !qq.Text.Required || strings.TrimSpace(qq.Text.Label) == "" {
				t.Errorf("paired text: got %+v, want a labelled, required text part", qq.Text)
			}
			if n := len(qq.Options); n < 4 || n > 5 {
				t.Errorf("options: got %d, want 4 or 5", n)
			}
			lo, hi := 4, 0
			for _, o := range qq.Options {
				lo, hi = min(lo, *o.Score), max(hi, *o.Score)
			}
			if hi != 4 || lo > 1 {
				t.Errorf("option scores: got %d..%d, want the best at 4 and the worst at 0 or 1", lo, hi)
			}
			if qq.Source != "Chapter 6" {
				t.Errorf("source: got %q, want %q", qq.Source, "Chapter 6")
			}
		})
	}
	t.Run("the eight prompts come first, in the guide's order", func(t *testing.T) {
		qs := q.Questions()
		for i, prompt := range chapter6Prompts {
			if i >= len(qs) {
				t.Fatalf("got %d questions, want at least %d", len(qs), len(chapter6Prompts))
			}
			if qs[i].Prompt != prompt {
				t.Errorf("question %d: got %q, want %q", i+1, qs[i].Prompt, prompt)
			}
		}
	})
}

func TestBuiltinOperatingModelQuestions(t *testing.T) {
	q := builtinPartnerSelection(t)
	t.Run("at least twelve questions beyond the eight from chapter 6", func(t *testing.T) {
		if got := len(q.Questions()) - len(chapter6Prompts); got < 12 {
			t.Errorf("got %d further questions, want at least 12", got)
		}
	})
	t.Run("the operating-model topics each have a question", func(t *testing.T) {
		for _, key := range []string{
			"ownership_matrix", "escalation_path", "shared_reporting", "governance_cadence",
			"scope_change_process", "documentation_ownership", "exit_handover", "admin_access",
			"flex_capacity", "security_coverage", "leading_trailing_metrics",
			"completion_quality", "first_90_days",
		} {
			if _, ok := q.Question(key); !ok {
				t.Errorf("question %q: got none, want one", key)
			}
		}
	})
	t.Run("every question has help, a source and red flags", func(t *testing.T) {
		for _, qq := range q.Questions() {
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
	t.Run("two or three knockouts at most", func(t *testing.T) {
		var keys []string
		for _, qq := range q.Questions() {
			if qq.Knockout != nil {
				keys = append(keys, qq.Key)
			}
		}
		if len(keys) == 0 || len(keys) > 3 {
			t.Errorf("knockouts: got %v, want 1 to 3", keys)
		}
	})
	t.Run("a multiple-choice question can reach 4 and has an exclusive none option scoring 0", func(t *testing.T) {
		for _, qq := range q.Questions() {
			if qq.Type != TypeMultipleChoice {
				continue
			}
			sum, exclusive := 0, 0
			for _, o := range qq.Options {
				if o.Exclusive {
					exclusive++
					if *o.Score != 0 {
						t.Errorf("question %q option %q: got score %d, want 0", qq.Key, o.Key, *o.Score)
					}
					continue
				}
				sum += *o.Score
			}
			if sum < 4 {
				t.Errorf("question %q: got a best total of %d, want at least 4", qq.Key, sum)
			}
			if exclusive != 1 {
				t.Errorf("question %q: got %d exclusive options, want 1", qq.Key, exclusive)
			}
		}
	})
	t.Run("options are contradicted only by red signals", func(t *testing.T) {
		kinds := map[string]SignalKind{}
		for _, s := range q.Signals {
			kinds[s.Key] = s.Kind
		}
		n := 0
		for _, qq := range q.Questions() {
			for _, o := range qq.Options {
				for _, s := range o.ContradictedBy {
					n++
					if kinds[s] != SignalRed {
						t.Errorf("question %q option %q: contradicted by %q of kind %q, want a red signal", qq.Key, o.Key, s, kinds[s])
					}
				}
			}
		}
		if n == 0 {
			t.Errorf("got no contradicted_by at all, want some")
		}
	})
}

func TestBuiltinDimensions(t *testing.T) {
	q := builtinPartnerSelection(t)
	want := []struct {
		key           string
		weight        float64
		higherIsWorse bool
	}{
		{"fit", 40, false},
		{"flexibility", 30, false},
		{"dependency_risk", 30, true},
	}
	if len(q.Dimensions) != len(want) {
		t.Fatalf("got %d dimensions, want %d", len(q.Dimensions), len(want))
	}
	for i, w := range want {
		d := q.Dimensions[i]
		if d.Key != w.key || d.DefaultWeight != w.weight || d.HigherIsWorse != w.higherIsWorse {
			t.Errorf("dimension %d: got %s weight %g higher_is_worse %v, want %s weight %g higher_is_worse %v",
				i, d.Key, d.DefaultWeight, d.HigherIsWorse, w.key, w.weight, w.higherIsWorse)
		}
	}
	t.Run("every dimension is fed by at least one question", func(t *testing.T) {
		fed := map[string]bool{}
		for _, qq := range q.Questions() {
			for _, dw := range qq.Dimensions {
				fed[dw.Dimension] = true
			}
		}
		for _, w := range want {
			if !fed[w.key] {
				t.Errorf("dimension %q: got no question, want at least one", w.key)
			}
		}
	})
}

func TestBuiltinUsesEveryQuestionType(t *testing.T) {
	q := builtinPartnerSelection(t)
	used := map[QuestionType]int{}
	for _, qq := range q.Questions() {
		used[qq.Type]++
	}
	for _, typ := range []QuestionType{TypeText, TypeSingleChoice, TypeMultipleChoice, TypeYesNo, TypeScale} {
		if used[typ] == 0 {
			t.Errorf("type %q: got 0 questions, want at least 1", typ)
		}
	}
	if used[TypeSingleChoice] <= len(q.Questions())/2 {
		t.Errorf("single_choice: got %d of %d questions, want most", used[TypeSingleChoice], len(q.Questions()))
	}
}

// Demo data -----------------------------------------------------------------

type demoAnswerData struct {
	Choice  *string  `yaml:"choice"`
	Choices []string `yaml:"choices"`
	Scale   *int     `yaml:"scale"`
	Text    *string  `yaml:"text"`
}

type demoCandidateData struct {
	Name         string                    `yaml:"name"`
	ContactName  string                    `yaml:"contact_name"`
	ContactEmail string                    `yaml:"contact_email"`
	Website      string                    `yaml:"website"`
	Submitted    bool                      `yaml:"submitted"`
	Answers      map[string]demoAnswerData `yaml:"answers"`
}

type demoFileData struct {
	Workspace  string `yaml:"workspace"`
	Evaluation struct {
		Name        string `yaml:"name"`
		Description string `yaml:"description"`
		DueInDays   int    `yaml:"due_in_days"`
	} `yaml:"evaluation"`
	Candidates []demoCandidateData `yaml:"candidates"`
}

func readDemo(t *testing.T) demoFileData {
	t.Helper()
	data, err := os.ReadFile("../demo/demo.yaml")
	if err != nil {
		t.Fatalf("reading the demo file: %v", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var d demoFileData
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("parsing the demo file: %v", err)
	}
	return d
}

func (c demoCandidateData) answers() map[string]Answer {
	out := make(map[string]Answer, len(c.Answers))
	for k, a := range c.Answers {
		out[k] = Answer{Choice: a.Choice, Choices: a.Choices, Scale: a.Scale, Text: a.Text}
	}
	return out
}

func TestDemoAnswers(t *testing.T) {
	q := builtinPartnerSelection(t)
	d := readDemo(t)
	if len(d.Candidates) != 3 {
		t.Fatalf("candidates: got %d, want 3", len(d.Candidates))
	}
	for _, c := range d.Candidates {
		t.Run(c.Name+" answers are valid", func(t *testing.T) {
			for key, a := range c.answers() {
				qq, ok := q.Question(key)
				if !ok {
					t.Errorf("answer %q: got no such question, want a question key", key)
					continue
				}
				if probs := qq.Check(a); len(probs) > 0 {
					t.Errorf("answer %q: got problems %+v, want none", key, probs)
				}
			}
		})
		if c.Submitted {
			t.Run(c.Name+" is submitted with every required answer", func(t *testing.T) {
				if missing := q.MissingRequired(c.answers()); len(missing) > 0 {
					t.Errorf("got missing required answers %v, want none", missing)
				}
			})
		}
		t.Run(c.Name+" uses example domains only", func(t *testing.T) {
			host := strings.TrimPrefix(c.Website, "https://")
			if !strings.HasSuffix(host, ".example") {
				t.Errorf("website: got %q, want a .example host", c.Website)
			}
			okMail := false
			for _, dom := range []string{"@example.com", "@example.org", "@example.net"} {
				okMail = okMail || strings.HasSuffix(c.ContactEmail, dom)
			}
			if !okMail {
				t.Errorf("contact email: got %q, want an example.com/.org/.net address", c.ContactEmail)
			}
		})
	}
}
