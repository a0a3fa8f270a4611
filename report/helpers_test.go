package report

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"mspeval/demo"
	"mspeval/questions"
	"mspeval/scoring"
)

var testTime = time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)

func builtin(t testing.TB) *questions.Questionnaire {
	t.Helper()
	c, err := questions.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	q, _ := c.Latest("partner-selection")
	return q
}

// demoData is the demo evaluation as a report sees it, with two evaluators'
// ratings on a few answers so that notes and disagreements show.
func demoData(t testing.TB) *Data {
	t.Helper()
	f, err := demo.Parse()
	if err != nil {
		t.Fatal(err)
	}
	q := builtin(t)
	d := &Data{Evaluation: f.Evaluation.Name, Workspace: f.Workspace, Generated: testTime, DueDate: "2026-12-22",
		Questionnaire: q, Candidates: map[string]Candidate{}}
	in := scoring.Input{Questionnaire: q}
	for i, dc := range f.Candidates {
		id := fmt.Sprintf("cand%02d", i)
		answers := map[string]questions.Answer{}
		for k, a := range dc.Answers {
			if a != nil {
				answers[k] = *a
			}
		}
		status := "in_progress"
		if dc.Submitted {
			status = "submitted"
		}
		d.Candidates[id] = Candidate{Status: status, Answers: answers}
		sc := scoring.Candidate{ID: id, Name: dc.Name, Answers: answers, Ratings: map[string][]scoring.Rating{}}
		if i < 2 {
			sc.Ratings["handover_example"] = []scoring.Rating{
				{Evaluator: "u1", Name: "Dana Whitfield", Score: float64(3 - i), Note: "Concrete example with dates."},
				{Evaluator: "u2", Name: "Ravi Patel", Score: float64(1 + i*2)},
			}
		}
		in.Candidates = append(in.Candidates, sc)
	}
	res, err := scoring.Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	d.Result = res
	return d
}

// manyData is an evaluation of n generated candidates with names in several
// scripts, one of them answering with a long text.
func manyData(t testing.TB, n int, longText int) *Data {
	t.Helper()
	q := builtin(t)
	names := []string{"Société Générale IT", "Ωmega Managed Services", "Сервис ИТ", "Ünal & Søn Bilişim", "北京 IT 服务 😀", `<script>alert(1)</script>`}
	d := &Data{Evaluation: "Partner review with many candidates", Workspace: "Acme Holdings", Generated: testTime,
		Questionnaire: q, Candidates: map[string]Candidate{}}
	in := scoring.Input{Questionnaire: q}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("c%03d", i)
		name := fmt.Sprintf("%s %d", names[i%len(names)], i)
		answers := map[string]questions.Answer{}
		for j, qq := range q.Questions() {
			var a questions.Answer
			switch qq.Type {
			case questions.TypeSingleChoice, questions.TypeYesNo:
				k := qq.Options[(i+j)%len(qq.Options)].Key
				a.Choice = &k
			case questions.TypeMultipleChoice:
				a.Choices = []string{qq.Options[i%len(qq.Options)].Key}
			case questions.TypeScale:
				v := qq.Scale.Min + (i+j)%(qq.Scale.Max-qq.Scale.Min+1)
				a.Scale = &v
			}
			if qq.Type == questions.TypeText || qq.Text != nil {
				text := "We document every change in your wiki; we'll handle it if you prefer."
				if i == 0 && j == 0 && longText > 0 {
					text = strings.Repeat("Our engineers write runbooks into your SharePoint and walk your team through them. ", longText/80+1)[:longText]
				}
				a.Text = &text
			}
			answers[qq.Key] = a
		}
		d.Candidates[id] = Candidate{Status: "submitted", Answers: answers}
		in.Candidates = append(in.Candidates, scoring.Candidate{ID: id, Name: name, Answers: answers})
	}
	res, err := scoring.Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	d.Result = res
	return d
}

func strconvFormat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
