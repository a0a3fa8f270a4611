package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"

	"mspeval"
	"mspeval/app"
	"mspeval/questions"
	"mspeval/report"
	"mspeval/scoring"
	"mspeval/store"
	"mspeval/store/storetest"
)

// scaleAnswers answers every question of q, varied by i: options rotate, and
// texts alternate between a specific and a vague one.
func scaleAnswers(q *questions.Questionnaire, i int) map[string]*questions.Answer {
	texts := []string{
		"A named engineer owns your tickets; we review the runbook with your IT lead every quarter and hand over in writing.",
		"We are flexible and always there for you; trust us to take care of everything.",
		"Exit: we hand over admin credentials, documentation and a 30-day transition plan, owned by our service manager.",
	}
	out := map[string]*questions.Answer{}
	for j, qq := range q.Questions() {
		a := &questions.Answer{}
		pick := (i + j) % 7
		switch qq.Type {
		case questions.TypeText:
			t := texts[(i+j)%len(texts)]
			a.Text = &t
		case questions.TypeSingleChoice, questions.TypeYesNo:
			k := qq.Options[pick%len(qq.Options)].Key
			a.Choice = &k
		case questions.TypeMultipleChoice:
			a.Choices = []string{qq.Options[pick%len(qq.Options)].Key}
		case questions.TypeScale:
			v := qq.Scale.Min + pick%(qq.Scale.Max-qq.Scale.Min+1)
			a.Scale = &v
		}
		if qq.Text != nil && qq.Type != questions.TypeText {
			t := texts[(i+j+1)%len(texts)]
			a.Text = &t
		}
		out[qq.Key] = a
	}
	return out
}

// BenchmarkScale200 measures, on one evaluation of 200 candidates that answer
// every question of partner-selection v2, every answer rated by an evaluator,
// side by side:
//
//	engine      scoring.Evaluate on the data already loaded (text evidence cached)
//	route       GET /evaluations/{id}/comparison through HTTP: load, score, encode
//	pdf-memory  report.ComparisonPDF from report data already built
//	pdf-route   GET /evaluations/{id}/report.pdf through HTTP
//
// The goals (issue 13): route at most 2× engine, pdf-route at most 2×
// pdf-memory.
func BenchmarkScale200(b *testing.B) {
	ctx := context.Background()
	e := newEnv(b, storetest.DSN(b, store.SQLite))
	owner := e.signIn("owner", "owner@scale.example", "Scale", mspeval.RoleOwner)
	ev, err := e.store.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "Scale", QuestionnaireKey: "partner-selection", QuestionnaireVersion: 2})
	if err != nil {
		b.Fatal(err)
	}
	q, _ := e.store.Catalog().Get("partner-selection", 2)
	for i := 0; i < 200; i++ {
		c, err := e.store.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: fmt.Sprintf("MSP %03d", i)})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.store.SaveAnswers(ctx, owner, c.ID, scaleAnswers(q, i)); err != nil {
			b.Fatal(err)
		}
		for j, qq := range q.Questions() {
			if err := e.store.PutRating(ctx, owner, c.ID, qq.Key, (i+j)%5, ""); err != nil {
				b.Fatal(err)
			}
		}
	}
	svc := app.New(e.store, app.Options{})
	get := func(b *testing.B, path string) {
		req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
		req.Header = e.auth["owner"].Clone()
		res, err := e.srv.Client().Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			b.Fatalf("%s: %d", path, res.StatusCode)
		}
	}

	b.Run("engine", func(b *testing.B) {
		data, err := e.store.ScoringData(ctx, owner, ev.ID)
		if err != nil {
			b.Fatal(err)
		}
		in := data.Input
		in.Signals = scoring.NewSignalCache(0)
		in.TextScoring = data.Evaluation.TextScoring
		if _, err := scoring.Evaluate(in); err != nil { // warm the evidence cache, as the service's is
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := scoring.Evaluate(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("route", func(b *testing.B) {
		get(b, "/api/v1/evaluations/"+ev.ID+"/comparison") // warm
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			get(b, "/api/v1/evaluations/"+ev.ID+"/comparison")
		}
	})
	b.Run("pdf-memory", func(b *testing.B) {
		d, err := svc.Report(ctx, owner, ev.ID, app.WhatIf{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			var buf bytes.Buffer
			if err := report.ComparisonPDF(&buf, d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pdf-route", func(b *testing.B) {
		get(b, "/api/v1/evaluations/"+ev.ID+"/report.pdf")
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			get(b, "/api/v1/evaluations/"+ev.ID+"/report.pdf")
		}
	})
}
