package scoring

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"mspeval/questions"
)

// sixtyQuestions is the built-in questionnaire (version 1) with its questions
// repeated under new keys until there are 60, signal rules and all.
func sixtyQuestions(b testing.TB) *questions.Questionnaire {
	return sixtyFrom(b, partnerSelection(b))
}

// sixtyFrom repeats a questionnaire's questions under new keys until there are
// 60, and lets every signal rule apply to all of them.
func sixtyFrom(b testing.TB, q *questions.Questionnaire) *questions.Questionnaire {
	base := *q
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
	base.Signals = append([]questions.SignalRule(nil), base.Signals...)
	for i := range base.Signals {
		base.Signals[i].Questions = nil
	}
	data, err := yaml.Marshal(&base)
	if err != nil {
		b.Fatal(err)
	}
	sixty, err := questions.Parse("sixty.yaml", data)
	if err != nil {
		b.Fatal(err)
	}
	return sixty
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
		// Collect what the first-time runs left behind, so that it is not
		// charged to these.
		runtime.GC()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := Evaluate(in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// evidenceTexts are sentences of the kinds MSPs write: specifics, reassurance,
// takeover and negated red flags. A benchmark text strings four of them
// together, about 400 characters.
var evidenceTexts = []string{
	"Your IT lead keeps the roadmap and the final say; we add capacity where you ask.",
	"At a 200-person manufacturer we review the ownership matrix monthly with their IT manager.",
	"We never rip and replace: we work within your existing tools and your own ServiceNow queue.",
	"Don't worry, we'll handle it and you can leave the details with us.",
	"We take over the day-to-day running of IT so your internal lead can step back.",
	"There are no exit fees, termination charges or minimum terms, and handover is included.",
	"Escalations go to our on-call engineer first and after 30 minutes to your IT manager.",
	"Documentation lives in your SharePoint and both teams update it with every change.",
	"We pride ourselves on a flexible, tailored service and whatever you need, we will do.",
	"Our engineers keep the admin passwords in our own vault for security reasons.",
	"We track reopened tickets and repeat incidents against a baseline agreed in month one.",
	"Nothing changes in production without a written change request on the change calendar.",
}

// BenchmarkComparisonWithEvidence100x60x5 is the same comparison on version 2
// with text evidence and text scoring on: 100 candidates, 60 questions, five
// evaluators' ratings on every other answer, and 6,000 answer texts of about
// 400 characters, each different.
func BenchmarkComparisonWithEvidence100x60x5(b *testing.B) {
	q := sixtyFrom(b, partnerSelectionV2(b))
	r := rand.New(rand.NewPCG(7, 7))
	in := genInput(r, q, 100)
	in.TextScoring = true
	texts := 0
	for i := range in.Candidates {
		c := &in.Candidates[i]
		for _, qq := range q.Questions() {
			a := c.Answers[qq.Key]
			var sb strings.Builder
			fmt.Fprintf(&sb, "Candidate %d, %s. ", i, qq.Key)
			for k := 0; k < 4; k++ {
				sb.WriteString(evidenceTexts[r.IntN(len(evidenceTexts))])
				sb.WriteByte(' ')
			}
			t := strings.TrimSpace(sb.String())
			a.Text = &t
			c.Answers[qq.Key] = a
			texts++
			var rs []Rating
			if r.IntN(2) == 0 {
				for e := 0; e < 5; e++ {
					rs = append(rs, Rating{Evaluator: fmt.Sprintf("e%d", e), Score: float64(r.IntN(5))})
				}
			}
			c.Ratings[qq.Key] = rs
		}
	}
	// Compile the questionnaire's matchers (done once per loaded version, on
	// first use) before timing: "first time" is about the texts.
	AssessText(q, q.Questions()[0].Key, "warm up")
	b.Run("FirstTime", func(b *testing.B) {
		b.ReportMetric(float64(texts), "texts")
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			in.Signals = NewSignalCache(0)
			if _, err := Evaluate(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Recomputed", func(b *testing.B) {
		in.Signals = NewSignalCache(0)
		if _, err := Evaluate(in); err != nil {
			b.Fatal(err)
		}
		// Collect what the first-time runs left behind, so that it is not
		// charged to these.
		runtime.GC()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := Evaluate(in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAssessText reads texts of growing length made of the benchmark
// sentences: the time per byte should stay flat (matching is linear).
func BenchmarkAssessText(b *testing.B) {
	q := partnerSelectionV2(b)
	AssessText(q, "role_alongside_internal_it", "warm up")
	for _, size := range []int{400, 4000, 10000} {
		var sb strings.Builder
		for i := 0; sb.Len() < size; i++ {
			sb.WriteString(evidenceTexts[i%len(evidenceTexts)])
			sb.WriteByte(' ')
		}
		text := sb.String()[:size]
		b.Run(fmt.Sprintf("%dBytes", size), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for i := 0; i < b.N; i++ {
				AssessText(q, "role_alongside_internal_it", text)
			}
		})
	}
}
