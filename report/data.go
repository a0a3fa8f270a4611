package report

import (
	"time"

	"mspeval"
	"mspeval/questions"
	"mspeval/scoring"
)

// Data is everything a report shows.
type Data struct {
	Evaluation    string // the evaluation's name
	Workspace     string
	Generated     time.Time
	DueDate       string
	WhatIf        bool // the weights are what-if weights, not the saved ones
	Questionnaire *questions.Questionnaire
	Result        scoring.Result
	// Candidates by ID: what the result does not carry.
	Candidates map[string]Candidate
}

// Candidate is a candidate's response as the report quotes it.
type Candidate struct {
	Status  string // not_started, in_progress or submitted
	Answers map[string]questions.Answer
}

// dimensionName returns a dimension's display name.
func (d *Data) dimensionName(key string) string {
	if dim, ok := d.Questionnaire.Dimension(key); ok {
		return dim.Name
	}
	return key
}

// answerText returns a candidate's free text for a question, or "".
func (d *Data) answerText(candidateID, question string) string {
	a, ok := d.Candidates[candidateID].Answers[question]
	if !ok || a.Text == nil {
		return ""
	}
	return *a.Text
}

// answerChoice describes the chosen option(s) or scale value of an answer.
func (d *Data) answerChoice(candidateID string, qq *questions.Question) string {
	return qq.Describe(d.Candidates[candidateID].Answers[qq.Key])
}

// FromEvaluation assembles a report's data from an evaluation, the engine's
// input and result, and the candidates' response states.
func FromEvaluation(ev mspeval.Evaluation, workspace string, in scoring.Input, res scoring.Result,
	candidates map[string]mspeval.Candidate, generated time.Time, whatIf bool) *Data {
	d := &Data{Evaluation: ev.Name, Workspace: workspace, Generated: generated, DueDate: ev.DueDate, WhatIf: whatIf,
		Questionnaire: in.Questionnaire, Result: res, Candidates: map[string]Candidate{}}
	for _, c := range in.Candidates {
		d.Candidates[c.ID] = Candidate{Status: candidates[c.ID].Response.Status, Answers: c.Answers}
	}
	return d
}
