package report

import (
	"bytes"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"mspeval/questions"
	"mspeval/scoring"
)

// conditionalData is an evaluation on questions/testdata/conditional.yaml:
// "Both ways" answers yes, so it is asked everything but handback; "In-house
// none" answers no and was asked neither team_size nor escalation nor
// handback, though it answered two of them before changing its answers.
func conditionalData(t *testing.T) *Data {
	t.Helper()
	data, err := os.ReadFile("../questions/testdata/conditional.yaml")
	if err != nil {
		t.Fatal(err)
	}
	q, err := questions.Parse("conditional.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	pick := func(s string) questions.Answer { return questions.Answer{Choice: &s} }
	four, one, stale := 4, 1, "STALE TEXT: we'll handle it all."
	answers := map[string]map[string]questions.Answer{
		"both": {"has_team": pick("yes"), "team_size": {Scale: &four}, "model": pick("alongside"), "docs": pick("client"),
			"escalation": pick("named")},
		"none": {"has_team": pick("no"), "team_size": {Scale: &one}, "model": pick("advise"), "docs": pick("shared"),
			"handback": {Text: &stale}},
	}
	d := &Data{Evaluation: "Conditional review", Workspace: "Acme", Generated: testTime, Questionnaire: q,
		Candidates: map[string]Candidate{}}
	in := scoring.Input{Questionnaire: q}
	for _, id := range []string{"both", "none"} {
		d.Candidates[id] = Candidate{Status: "submitted", Answers: answers[id]}
		c := scoring.Candidate{ID: id, Name: map[string]string{"both": "Both ways", "none": "In-house none"}[id], Answers: answers[id]}
		if id == "none" {
			// Rated before it was hidden: a knockout and a note, were it asked.
			c.Ratings = map[string][]scoring.Rating{"team_size": {{Evaluator: "u1", Name: "Dana", Score: 0, Note: "STALE NOTE"}}}
		}
		in.Candidates = append(in.Candidates, c)
	}
	res, err := scoring.Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	d.Result = res
	return d
}

func TestNotAskedQuestionsInTheReports(t *testing.T) {
	d := conditionalData(t)
	t.Run("ComparisonPDFSaysNotAskedAndWhy", func(t *testing.T) {
		text := pdfText(t, comparisonBytes(t, d))
		flat := strings.Join(strings.Fields(text), " ")
		if got := strings.Count(flat, "not asked"); got < 4 {
			// none: team_size, handback, escalation; both: handback.
			t.Errorf("the matrix marks %d cells not asked, want 4 or more:\n%s", got, text)
		}
		for _, want := range []string{"not asked: the question was not shown to this candidate", "A question a candidate was not shown is marked “not asked”"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the PDF does not say %q", want)
			}
		}
		if strings.Contains(flat, "STALE") || !strings.Contains(flat, "Knockouts None: no candidate fell under a question's minimum") {
			t.Errorf("the PDF shows a note, or a knockout, of a question that was not asked:\n%s", text)
		}
	})
	t.Run("CandidatePDFSaysNotAskedInsteadOfTheAnswer", func(t *testing.T) {
		flat := strings.Join(strings.Fields(pdfText(t, candidateBytes(t, d, "none"))), " ")
		if got := strings.Count(flat, "Not asked: not shown to this candidate"); got != 3 {
			t.Errorf("not asked lines: got %d, want 3:\n%s", got, flat)
		}
		if !strings.Contains(flat, "Asked only when “Does the client keep an internal IT team?” is answered “Yes”.") {
			t.Errorf("the candidate PDF does not say when team_size is asked:\n%s", flat)
		}
		// Only notes, which is asked, has no answer.
		if strings.Contains(flat, "STALE") || strings.Count(flat, "No answer") != 1 {
			t.Errorf("the candidate PDF shows a hidden answer, or calls a not-asked question unanswered:\n%s", flat)
		}
	})
	t.Run("AnswersCSVGivesNotAskedWithNothingElse", func(t *testing.T) {
		var b bytes.Buffer
		if err := AnswersCSV(&b, d); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		found := 0
		for _, r := range rows[1:] {
			if r[col["candidate"]] != "In-house none" || (r[col["question_key"]] != "team_size" && r[col["question_key"]] != "handback") {
				continue
			}
			found++
			if r[col["source"]] != scoring.SourceNotAsked || r[col["score"]] != "" || r[col["choice"]] != "" ||
				r[col["answer_text"]] != "" || r[col["ratings"]] != "" || r[col["signals"]] != "" {
				t.Errorf("a not-asked row: got %v", r)
			}
		}
		if found != 2 {
			t.Errorf("not-asked rows found: %d, want 2", found)
		}
	})
	t.Run("WorkbookMatrixSaysNotAsked", func(t *testing.T) {
		var b bytes.Buffer
		if err := XLSX(&b, d); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("Matrix")
		if err != nil {
			t.Fatal(err)
		}
		col := 0
		for i, h := range rows[0] {
			if strings.HasSuffix(h, "In-house none") {
				col = i
			}
		}
		// Row 2 is has_team, answered; row 3 is team_size, not asked.
		if rows[1][col] == "not asked" || rows[2][col] != "not asked" {
			t.Errorf("matrix column %d: has_team %q, team_size %q", col, rows[1][col], rows[2][col])
		}
	})
}
