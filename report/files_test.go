package report

import (
	"bytes"
	"strings"
	"testing"

	"mspeval/questions"
	"mspeval/scoring"
)

// fileData is an evaluation on partner-selection with a file question
// added: "With plan" attached its exit plan, which an evaluator rated 3;
// "Without plan" attached nothing.
func fileData(t *testing.T) *Data {
	t.Helper()
	text, err := questions.Encode(builtin(t))
	if err != nil {
		t.Fatal(err)
	}
	doc, problems := questions.Decode(text, questions.FormatYAML)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	doc.Sections[0].Questions = append(doc.Sections[0].Questions, questions.Question{
		Key: "exit_plan_file", Prompt: "Attach your exit plan.", Type: questions.TypeFile,
		Dimensions: []questions.DimensionWeight{{Dimension: "dependency_risk", Weight: 2}},
		Guidance: questions.Guidance{ListenFor: "A plan the client owns.",
			Anchors: map[int]string{0: "a", 1: "b", 2: "c", 3: "d", 4: "e"}},
	})
	if text, err = questions.Encode(doc); err != nil {
		t.Fatal(err)
	}
	q, err := questions.Parse("with-files.yaml", text)
	if err != nil {
		t.Fatal(err)
	}
	plan := questions.Answer{File: &questions.FileRef{Name: "Exit plan — Société.pdf", Type: "application/pdf", Size: 1258291, SHA256: "ab"}}
	d := &Data{Evaluation: "Files review", Workspace: "Acme", Generated: testTime, Questionnaire: q, Candidates: map[string]Candidate{}}
	in := scoring.Input{Questionnaire: q}
	for _, c := range []struct {
		id, name string
		answers  map[string]questions.Answer
		ratings  map[string][]scoring.Rating
	}{
		{"with", "With plan", map[string]questions.Answer{"exit_plan_file": plan},
			map[string][]scoring.Rating{"exit_plan_file": {{Evaluator: "u1", Name: "Dana", Score: 3}}}},
		{"without", "Without plan", map[string]questions.Answer{}, nil},
	} {
		d.Candidates[c.id] = Candidate{Status: "submitted", Answers: c.answers}
		in.Candidates = append(in.Candidates, scoring.Candidate{ID: c.id, Name: c.name, Answers: c.answers, Ratings: c.ratings})
	}
	res, err := scoring.Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	d.Result = res
	return d
}

func TestEvidenceFilesInTheReports(t *testing.T) {
	d := fileData(t)
	t.Run("AFileIsScoredByItsRatingOnly", func(t *testing.T) {
		for _, c := range d.Result.Candidates {
			for _, a := range c.Answers {
				if a.Question != "exit_plan_file" {
					continue
				}
				want := map[string]string{"with": scoring.SourceConsensus, "without": scoring.SourceUnanswered}[c.ID]
				if a.Source != want || a.OptionScore != nil {
					t.Errorf("%s: got source %s, option score %v; want %s and no option score", c.Name, a.Source, a.OptionScore, want)
				}
			}
		}
	})
	t.Run("ComparisonPDFNamesEachFile", func(t *testing.T) {
		flat := strings.Join(strings.Fields(pdfText(t, comparisonBytes(t, d))), " ")
		for _, want := range []string{"Evidence files", "Exit plan — Société.pdf", "PDF", "1.2 MB", "Without plan no file",
			"A file is scored only by the evaluators' ratings"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the comparison PDF does not say %q", want)
			}
		}
	})
	t.Run("CandidatePDFNamesTheFileAtItsQuestion", func(t *testing.T) {
		flat := strings.Join(strings.Fields(pdfText(t, candidateBytes(t, d, "with"))), " ")
		if !strings.Contains(flat, "Attached file: Exit plan — Société.pdf (PDF, 1.2 MB)") {
			t.Errorf("the candidate PDF does not name the file:\n%s", flat)
		}
	})
	t.Run("WithoutFileQuestionsNothingChanges", func(t *testing.T) {
		if bytes.Contains([]byte(pdfText(t, comparisonBytes(t, demoData(t)))), []byte("Evidence files")) {
			t.Error("a questionnaire without file questions gets an evidence files section")
		}
	})
}
