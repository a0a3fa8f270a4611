package frontend

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/questions"
	"mspeval/scoring"
	"mspeval/store"
)

// The answer review: one candidate at a time, each answer beside its question's
// rubric, with matched signals marked in the text, contradictions called out, and
// the rating control.

type reviewItem struct {
	Number         int
	Q              *questions.Question
	Choice         string
	Segments       []segment
	Answered       bool
	Score          scoring.AnswerScore
	Contradictions []scoring.Contradiction
	Ratings        mspeval.RatingSummary
}

type reviewData struct {
	Evaluation mspeval.Evaluation
	Candidate  mspeval.Candidate
	Result     scoring.CandidateResult
	Dimensions []scoring.DimensionInfo
	Items      []reviewItem
	CanRate    bool
	Prev, Next *mspeval.Candidate
	Total      int
}

// scored loads an evaluation and scores it under its saved weights, applying
// blind ratings for the caller.
func (ui *UI) scored(c *gin.Context, evaluationID string, weights map[string]float64) (store.ScoringData, scoring.Result, error) {
	caller := callerOf(c)
	data, err := ui.store.ScoringData(c.Request.Context(), caller, evaluationID)
	if err != nil {
		return data, scoring.Result{}, err
	}
	if weights != nil {
		data.Input.Weights = weights
	}
	data.Input.Signals = ui.signals
	res, err := scoring.Evaluate(data.Input)
	if err != nil {
		return data, res, mspeval.Invalid(err.Error())
	}
	// Blind ratings keep editors (the evaluators) independent; owners see the
	// consensus, viewers (procurement) the results.
	if data.Evaluation.BlindRatings && caller.Role == mspeval.RoleEditor {
		for i := range res.Candidates {
			scoring.Blind(&res.Candidates[i], data.RatedByCaller)
		}
	}
	return data, res, nil
}

func (ui *UI) reviewPage(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	cand, err := ui.store.GetCandidate(ctx, caller, c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return
	}
	data, res, err := ui.scored(c, cand.EvaluationID, nil)
	if err != nil {
		ui.fail(c, err)
		return
	}
	summaries, err := ui.store.CandidateRatings(ctx, caller, cand.ID)
	if err != nil {
		ui.fail(c, err)
		return
	}
	byQuestion := map[string]mspeval.RatingSummary{}
	for _, s := range summaries {
		byQuestion[s.QuestionKey] = s
	}
	d := reviewData{Evaluation: data.Evaluation, Candidate: cand, Dimensions: res.Dimensions,
		CanRate: caller.Role.AtLeast(mspeval.RoleEditor), Total: len(res.Candidates)}
	for _, r := range res.Candidates {
		if r.ID == cand.ID {
			d.Result = r
		}
	}
	// Neighbours in rank order, for moving through the candidates.
	for i, r := range res.Candidates {
		if r.ID != cand.ID {
			continue
		}
		if i > 0 {
			prev := data.Candidates[res.Candidates[i-1].ID]
			d.Prev = &prev
		}
		if i+1 < len(res.Candidates) {
			next := data.Candidates[res.Candidates[i+1].ID]
			d.Next = &next
		}
	}
	var answers map[string]questions.Answer
	for _, ic := range data.Input.Candidates {
		if ic.ID == cand.ID {
			answers = ic.Answers
		}
	}
	for i, qq := range data.Input.Questionnaire.Questions() {
		a, ok := answers[qq.Key]
		item := reviewItem{Number: i + 1, Q: qq, Answered: ok && !a.IsEmpty(), Score: d.Result.Answers[i],
			Choice: qq.Describe(a), Ratings: byQuestion[qq.Key]}
		if a.Text != nil {
			item.Segments = segments(*a.Text, d.Result.Signals, qq.Key)
		}
		for _, ct := range d.Result.Contradictions {
			if ct.Question == qq.Key {
				item.Contradictions = append(item.Contradictions, ct)
			}
		}
		d.Items = append(d.Items, item)
	}
	p := ui.base(c, "Review: "+cand.Name, "evaluations")
	p.Data = d
	ui.render(c, http.StatusOK, "review", p)
}

func (ui *UI) ratingSave(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	id, question := c.Param("id"), c.Param("question")
	var err error
	if c.PostForm("action") == "withdraw" {
		err = ui.store.DeleteRating(ctx, caller, id, question)
	} else {
		score, convErr := strconv.Atoi(c.PostForm("score"))
		if convErr != nil {
			err = mspeval.Invalid("choose a score from 0 to 4", mspeval.FieldError{Field: "score", Message: "choose a score from 0 to 4"})
		} else {
			_, err = ui.store.PutRating(ctx, caller, id, question, score, c.PostForm("note"))
		}
	}
	if err != nil {
		ui.fail(c, err)
		return
	}
	done := "rated"
	if c.PostForm("action") == "withdraw" {
		done = "unrated"
	}
	c.Redirect(http.StatusSeeOther, "/candidates/"+id+"/review?done="+done+"#q-"+question)
}
