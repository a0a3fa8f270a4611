package scoring

import "mspeval/questions"

// Input is everything one evaluation's scores depend on.
type Input struct {
	Questionnaire *questions.Questionnaire
	// Weights are the evaluation's dimension weights; only their ratios matter.
	Weights    map[string]float64
	Candidates []Candidate
	// Signals, when set, remembers what answer texts show between
	// evaluations. Results are the same with or without it.
	Signals *SignalCache
	// TextScoring scores unrated answers provisionally from their texts, when
	// the questionnaire declares evidence: a text-only answer by its suggested
	// rating, a choice by its option's score as far as the text supports it.
	// Off, unrated texts are unscored and options score alone.
	TextScoring bool
}

// Candidate is one MSP's answers and the ratings its answers got.
type Candidate struct {
	ID      string
	Name    string
	Answers map[string]questions.Answer
	// Ratings by question key.
	Ratings map[string][]Rating
}

// Rating is one evaluator's 0-4 score on one answer.
type Rating struct {
	Evaluator string  `json:"evaluator"`
	Name      string  `json:"evaluator_name,omitempty"`
	Score     float64 `json:"score"`
	Note      string  `json:"note,omitempty"`
}
