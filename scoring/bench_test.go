package scoring

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gopkg.in/yaml.v3"

	"mspeval/questions"
)

// sixtyQuestions is the built-in questionnaire with its questions repeated under
// new keys until there are 60, signal rules and all.
func sixtyQuestions(b testing.TB) *questions.Questionnaire {
	base := *partnerSelection(b)
	var sec questions.Section
	sec.Key, sec.Title = "all", "All"
	for i := 0; len(sec.Questions) < 60; i++ {
		for _, qq := range base.Questions() {
			if len(sec.Questions) == 60 {
				break
			}
			c := *qq
			c.Key = fmt.Sprintf("%s_%d", qq.Key, i)
			sec.Questions = append(sec.Questions, c)
		}
	}
	base.Sections = []questions.Section{sec}
	for i := range base.Signals {
		base.Signals[i].Questions = nil
	}
	data, err := yaml.Marshal(&base)
	if err != nil {
		b.Fatal(err)
	}
	q, err := questions.Parse("sixty.yaml", data)
	if err != nil {
		b.Fatal(err)
	}
	return q
}

// BenchmarkComparison100x60x5 scores 100 candidates on 60 questions with five
// evaluators' ratings on every answer, sensitivity included.
func BenchmarkComparison100x60x5(b *testing.B) {
	q := sixtyQuestions(b)
	r := rand.New(rand.NewPCG(42, 42))
	in := genInput(r, q, 100)
	// Every answer a different text of a realistic length (about 400 characters).
	for i := range in.Candidates {
		for k, a := range in.Candidates[i].Answers {
			if a.Text != nil {
				t := fmt.Sprintf("%s Candidate %d on %s: we write runbooks in your wiki, name an owner and a backup owner, "+
					"review the escalation path monthly, and keep your tools. Where we disagree we say so, with the evidence, "+
					"and your IT lead decides. We'll handle the after-hours calls and leave the roadmap with you.", *a.Text, i, k)
				a.Text = &t
				in.Candidates[i].Answers[k] = a
			}
		}
	}
	for i := range in.Candidates {
		for _, qq := range q.Questions() {
			var rs []Rating
			for e := 0; e < 5; e++ {
				rs = append(rs, Rating{Evaluator: fmt.Sprintf("e%d", e), Score: float64(r.IntN(5))})
			}
			in.Candidates[i].Ratings[qq.Key] = rs
		}
	}
	b.Run("FirstTime", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			in.Signals = NewSignalCache(0)
			if _, err := Evaluate(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	// What a weight slider costs: the texts' signals are already known.
	b.Run("Recomputed", func(b *testing.B) {
		in.Signals = NewSignalCache(0)
		if _, err := Evaluate(in); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := Evaluate(in); err != nil {
				b.Fatal(err)
			}
		}
	})
}
