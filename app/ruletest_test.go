package app_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"mspeval"
	"mspeval/app"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestCorpusVerdictsAgreeWithTheReport runs a draft of partner-selection over
// the engine's own labelled corpus: each verdict says what the report's
// thresholds say, and the draft passes as the built-in does.
func TestCorpusVerdictsAgreeWithTheReport(t *testing.T) {
	s := storetest.Open(t, storetest.DSN(t, store.SQLite), nil)
	svc := app.New(s, app.Options{})
	ctx := context.Background()
	owner := storetest.Account(t, s, "owner@a.example", "Workspace A", mspeval.RoleOwner)
	viewer := storetest.Account(t, s, "viewer@a.example", "Workspace A", mspeval.RoleViewer)
	d, err := svc.CloneDraft(ctx, owner, store.CloneInput{FromKey: "partner-selection"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../scoring/testdata/corpus.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cc, err := svc.CheckDraftCorpus(ctx, viewer, d.ID, f)
	if err != nil {
		t.Fatalf("a viewer checking the corpus: %v", err)
	}
	if fails := cc.Report.Failures(); !cc.Passes || len(fails) > 0 {
		t.Errorf("passes: got %v with failures %q, want the built-in rules to pass their own corpus", cc.Passes, fails)
	}
	measures := []string{app.MeasureRedRecall, app.MeasureGreenRecall, app.MeasurePrecision, app.MeasureWrongPolarity}
	if len(cc.Verdicts) != len(measures) {
		t.Fatalf("verdicts: got %d, want %d", len(cc.Verdicts), len(measures))
	}
	for i, v := range cc.Verdicts {
		if v.Measure != measures[i] || !v.Passes || v.Of == 0 || !strings.Contains(v.Sentence, "of") {
			t.Errorf("verdict %d: got %+v, want %s passing, counted out of something", i, v, measures[i])
		}
	}
	if v := cc.Verdicts[0]; v.Value != cc.Report.RedRecall() || v.Count != cc.Report.RedRecalled || v.Of != cc.Report.RedTexts {
		t.Errorf("red recall: got %+v, want the report's %d of %d", v, cc.Report.RedRecalled, cc.Report.RedTexts)
	}
}

// TestRuleTestInputIsChecked names each refused input at its field.
func TestRuleTestInputIsChecked(t *testing.T) {
	s := storetest.Open(t, storetest.DSN(t, store.SQLite), nil)
	svc := app.New(s, app.Options{})
	viewer := storetest.Account(t, s, "viewer@a.example", "Workspace A", mspeval.RoleViewer)
	for _, tc := range []struct {
		name  string
		in    app.RuleTestInput
		field string
	}{
		{"NoQuestion", app.RuleTestInput{Text: "x"}, "question_key"},
		{"UnknownQuestion", app.RuleTestInput{QuestionKey: "nope", Text: "x"}, "question_key"},
		{"ScaleTakesNoText", app.RuleTestInput{QuestionKey: "client_tool_share", Text: "x"}, "question_key"},
		{"BlankText", app.RuleTestInput{QuestionKey: "handover_example", Text: " \n "}, "text"},
		{"TextTooLong", app.RuleTestInput{QuestionKey: "handover_example", Text: strings.Repeat("é", 10001)}, "text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.TestRules(context.Background(), viewer, "partner-selection", 2, tc.in)
			var fields []mspeval.FieldError
			if e, ok := err.(*mspeval.Error); ok {
				fields = e.Fields
			}
			if mspeval.ErrorCode(err) != mspeval.EINVALID || len(fields) != 1 || fields[0].Field != tc.field {
				t.Errorf("got %v %+v, want one field error on %s", err, fields, tc.field)
			}
		})
	}
	// 10,000 characters, not bytes: a text of accented letters at the limit passes.
	if _, err := svc.TestRules(context.Background(), viewer, "partner-selection", 2,
		app.RuleTestInput{QuestionKey: "handover_example", Text: strings.Repeat("é", 10000)}); err != nil {
		t.Errorf("10,000 characters: %v", err)
	}
}
