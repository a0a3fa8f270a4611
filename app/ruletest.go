package app

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"mspeval"
	"mspeval/questions"
	"mspeval/scoring"
)

// Testing the rules: an author pastes an answer and sees what the
// questionnaire's phrase rules make of it, or runs the labelled-corpus check
// on a file. Both read only, so viewers may run them as editors do; both use
// the engine that scores real answers (scoring.AssessText, scoring.CheckCorpus),
// so what they show is what a candidate's answer would get.

// RuleTestInput is an answer to test: the question it answers and its text.
type RuleTestInput struct {
	QuestionKey string
	Text        string
}

// RuleTest is what one answer text shows under a questionnaire's rules.
type RuleTest struct {
	Questionnaire *questions.Questionnaire
	Question      *questions.Question
	Text          string
	// Applying lists the rules that read this question's answers (a rule may
	// be limited to some questions), in the questionnaire's order.
	Applying []questions.SignalRule
	Evidence scoring.Evidence
}

// Rule returns a rule of the questionnaire by key, for a page or response
// that names what a match counts as.
func (t RuleTest) Rule(key string) (questions.SignalRule, bool) {
	for _, r := range t.Questionnaire.Signals {
		if r.Key == key {
			return r, true
		}
	}
	return questions.SignalRule{}, false
}

// TextQuestions lists the questions that take a written answer (a text
// question, or a choice with a text part): the ones an author can test.
func TextQuestions(q *questions.Questionnaire) []*questions.Question {
	var out []*questions.Question
	for _, qq := range q.Questions() {
		if takesText(qq) {
			out = append(out, qq)
		}
	}
	return out
}

func takesText(qq *questions.Question) bool { return qq.Type == questions.TypeText || qq.Text != nil }

// TestDraftRules reads a text with a draft's rules.
func (s *Service) TestDraftRules(ctx context.Context, c mspeval.Caller, draftID string, in RuleTestInput) (RuleTest, error) {
	d, err := s.GetDraft(ctx, c, draftID)
	if err != nil {
		return RuleTest{}, err
	}
	return testRules(d.Questionnaire, in)
}

// TestRules reads a text with a published version's rules: a built-in's or
// one of the workspace's own.
func (s *Service) TestRules(ctx context.Context, c mspeval.Caller, key string, version int, in RuleTestInput) (RuleTest, error) {
	q, err := s.Questionnaire(ctx, c, key, version)
	if err != nil {
		return RuleTest{}, err
	}
	return testRules(q, in)
}

func testRules(q *questions.Questionnaire, in RuleTestInput) (RuleTest, error) {
	qq, ok := q.Question(in.QuestionKey)
	var fields []mspeval.FieldError
	switch {
	case in.QuestionKey == "":
		fields = append(fields, mspeval.FieldError{Field: "question_key", Message: "is required: name the question the answer is for"})
	case !ok:
		fields = append(fields, mspeval.FieldError{Field: "question_key",
			Message: fmt.Sprintf("no question %q in %s version %d", in.QuestionKey, q.Key, q.Version)})
	case !takesText(qq):
		fields = append(fields, mspeval.FieldError{Field: "question_key",
			Message: fmt.Sprintf("question %q takes no written answer; pick a text question or a choice with a text part", in.QuestionKey)})
	}
	switch n := utf8.RuneCountInString(in.Text); {
	case strings.TrimSpace(in.Text) == "":
		fields = append(fields, mspeval.FieldError{Field: "text", Message: "is empty: paste an answer to test"})
	case n > questions.MaxTextLength:
		fields = append(fields, mspeval.FieldError{Field: "text",
			Message: fmt.Sprintf("is %d characters long; an answer holds at most %d", n, questions.MaxTextLength)})
	}
	if len(fields) > 0 {
		return RuleTest{}, mspeval.Invalid("the answer cannot be tested", fields...)
	}
	t := RuleTest{Questionnaire: q, Question: qq, Text: in.Text, Evidence: scoring.AssessText(q, qq.Key, in.Text)}
	for _, r := range q.Signals {
		if len(r.Questions) == 0 || slices.Contains(r.Questions, qq.Key) {
			t.Applying = append(t.Applying, r)
		}
	}
	return t, nil
}

// CorpusCheck is how a questionnaire's rules fare on a labelled corpus, with
// a verdict on each of the engine's thresholds.
type CorpusCheck struct {
	Report   scoring.CorpusReport
	Verdicts []CorpusVerdict
	// Passes: every threshold is met.
	Passes bool
}

// Corpus measures, as CorpusVerdict.Measure names them.
const (
	MeasureRedRecall     = "red_recall"
	MeasureGreenRecall   = "green_recall"
	MeasurePrecision     = "precision"
	MeasureWrongPolarity = "wrong_polarity"
)

// CorpusVerdict is one threshold and whether the rules meet it. Value and
// Threshold are fractions (0 to 1) for the ratios, and a count of texts for
// wrong_polarity, which is a maximum; the others are minimums.
type CorpusVerdict struct {
	Measure   string
	Value     float64
	Threshold float64
	AtMost    bool
	Passes    bool
	// Count of Of is what the value is made of ("95 of 100 red texts caught").
	Count, Of int
	// Sentence says it in words.
	Sentence string
}

// CheckDraftCorpus runs a draft's rules over a labelled corpus (the TSV that
// `mspeval signals check` reads). A corpus that cannot be read is EINVALID,
// naming the line.
func (s *Service) CheckDraftCorpus(ctx context.Context, c mspeval.Caller, draftID string, corpus io.Reader) (CorpusCheck, error) {
	d, err := s.GetDraft(ctx, c, draftID)
	if err != nil {
		return CorpusCheck{}, err
	}
	return checkCorpus(d.Questionnaire, corpus)
}

func checkCorpus(q *questions.Questionnaire, corpus io.Reader) (CorpusCheck, error) {
	rep, err := scoring.CheckCorpus(q, corpus)
	if err != nil {
		// CheckCorpus's errors all begin with the line they are about.
		return CorpusCheck{}, mspeval.Invalid("the corpus cannot be checked: "+err.Error(),
			mspeval.FieldError{Field: "corpus", Message: err.Error()})
	}
	if rep.Texts == 0 {
		return CorpusCheck{}, mspeval.Invalid("the corpus holds no labelled texts",
			mspeval.FieldError{Field: "corpus", Message: "has a header line but no texts under it"})
	}
	out := CorpusCheck{Report: rep, Passes: len(rep.Failures()) == 0}
	out.Verdicts = []CorpusVerdict{
		atLeast(MeasureRedRecall, rep.RedRecall(), rep.RedRecalled, rep.RedTexts, scoring.MinRedRecall, "red texts", "caught by their rule"),
		atLeast(MeasureGreenRecall, rep.GreenRecall(), rep.GreenRecalled, rep.GreenTexts, scoring.MinGreenRecall, "green texts", "caught by their rule"),
		atLeast(MeasurePrecision, rep.Precision(), rep.RightFirings, rep.Firings, scoring.MinPrecision, "firings", "with the right polarity"),
	}
	negated := rep.ByLabel[scoring.LabelNegatedRed] + rep.ByLabel[scoring.LabelNegatedGreen]
	out.Verdicts = append(out.Verdicts, CorpusVerdict{Measure: MeasureWrongPolarity, Value: float64(rep.WrongPolarity),
		Threshold: scoring.MaxWrongPolarity, AtMost: true, Passes: rep.WrongPolarity <= scoring.MaxWrongPolarity,
		Count: rep.WrongPolarity, Of: negated,
		Sentence: fmt.Sprintf("%d of %d negated texts flagged with the wrong polarity (at most %d)", rep.WrongPolarity, negated, scoring.MaxWrongPolarity)})
	return out, nil
}

// atLeast is a minimum's verdict; v is the report's own ratio (1 when there
// is nothing to count, as the report counts it).
func atLeast(measure string, v float64, n, of int, min float64, what, which string) CorpusVerdict {
	sentence := fmt.Sprintf("%d of %d %s %s: %.1f %% (at least %.0f %%)", n, of, what, which, 100*v, 100*min)
	if of == 0 {
		sentence = fmt.Sprintf("no %s in the corpus, so none missed (at least %.0f %%)", what, 100*min)
	}
	return CorpusVerdict{Measure: measure, Value: v, Threshold: min, Passes: v >= min, Count: n, Of: of, Sentence: sentence}
}
