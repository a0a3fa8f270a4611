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
	// Dates writes every date and time of the report, as the workspace chose;
	// the zero value writes the default (day before month, UTC).
	Dates mspeval.Dates
	// PreparedBy names the person who generated the report, for the sign-off
	// block; "" leaves the line for a name to be written in.
	PreparedBy string
}

// Candidate is a candidate's response as the report quotes it.
type Candidate struct {
	Status  string // not_started, in_progress or submitted
	Answers map[string]questions.Answer
	// Contact and Email are the candidate's contact person, as the team
	// entered them ("" for none).
	Contact, Email string
	// SubmittedAt is when the answers were submitted; nil before.
	SubmittedAt *time.Time
	// Raters are the evaluators whose ratings of this candidate's answers
	// count in the report, in the order to show them.
	Raters []Rater
	// Links are the candidate's respondent links, oldest first. Only the
	// candidate report shows them.
	Links []Link
}

// Rater is one evaluator's ratings of one candidate's answers.
type Rater struct {
	Name    string
	Answers int       // how many answers they rated
	Last    time.Time // when they last rated one
}

// Link is one respondent link of a candidate and what became of it.
type Link struct {
	Created time.Time
	// CreatedBy names who made the link; "" when not known.
	CreatedBy string
	Expires   time.Time
	// Each step the respondent took with the link; nil when not (yet) taken.
	Opened, Started, Submitted *time.Time
	Revoked                    *time.Time
	// Emails are the emails that carried the link or reminded of it, oldest
	// first.
	Emails []LinkEmail
}

// LinkEmail is one email with a candidate's link.
type LinkEmail struct {
	// Kind is mspeval.TopicInvitation, TopicReminder or TopicResume.
	Kind string
	To   string
	// State is the outbox's: queued, sending, sent, failed or bounced.
	State  string
	Queued time.Time
	Sent   *time.Time
}

// dimensionName returns a dimension's display name.
func (d *Data) dimensionName(key string) string {
	if dim, ok := d.Questionnaire.Dimension(key); ok {
		return dim.Name
	}
	return key
}

// answerText returns a candidate's free text for a question, or "". A
// question the candidate was not asked has none, whatever it kept from before
// it was hidden.
func (d *Data) answerText(candidateID, question string) string {
	a, ok := d.Candidates[candidateID].Answers[question]
	if !ok || a.Text == nil || !d.asked(candidateID, question) {
		return ""
	}
	return *a.Text
}

// answerChoice describes the chosen option(s) or scale value of an answer;
// "" for a question the candidate was not asked.
func (d *Data) answerChoice(candidateID string, qq *questions.Question) string {
	if !d.asked(candidateID, qq.Key) {
		return ""
	}
	return qq.Describe(d.Candidates[candidateID].Answers[qq.Key])
}

// asked reports whether the candidate was shown the question: its condition
// (show_if), if any, holds for the candidate's answers, by the rule the
// scores follow (questions.Questionnaire.Visibility).
func (d *Data) asked(candidateID, question string) bool {
	return d.Questionnaire.Visibility(d.Candidates[candidateID].Answers).Shows(question)
}

// FromEvaluation assembles a report's data from an evaluation, the engine's
// input and result, and the candidates' response states and contacts.
func FromEvaluation(ev mspeval.Evaluation, workspace string, in scoring.Input, res scoring.Result,
	candidates map[string]mspeval.Candidate, generated time.Time, whatIf bool) *Data {
	d := &Data{Evaluation: ev.Name, Workspace: workspace, Generated: generated, DueDate: ev.DueDate, WhatIf: whatIf,
		Questionnaire: in.Questionnaire, Result: res, Candidates: map[string]Candidate{}}
	for _, c := range in.Candidates {
		mc := candidates[c.ID]
		d.Candidates[c.ID] = Candidate{Status: mc.Response.Status, Answers: c.Answers,
			Contact: mc.ContactName, Email: mc.ContactEmail, SubmittedAt: mc.Response.SubmittedAt}
	}
	return d
}
