package frontend

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
	"mspeval/questions"
	"mspeval/scoring"
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
	// File is the file attached to a file question, nil for none.
	File *questions.FileRef
	// NotAsked: the respondent was not shown the question (its condition
	// does not hold for their answers), so it is neither scored nor rated;
	// ShownWhen says when it is asked.
	NotAsked  bool
	ShownWhen string
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
	// Stale counts the ratings (the caller may see) whose answer changed since.
	Stale int
	// Ratable counts the answers there are to rate, RatedByMe those the caller
	// rated, and NextUnrated is the first answer the caller has not rated ("").
	Ratable, RatedByMe int
	NextUnrated        string
}

func (ui *UI) reviewPage(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	cmp, result, err := ui.app.CandidateScore(ctx, caller, c.Param("id"), app.WhatIf{})
	if err != nil {
		ui.fail(c, err)
		return
	}
	cand := cmp.Candidates[result.ID]
	summaries, err := ui.app.CandidateRatings(ctx, caller, cand.ID)
	if err != nil {
		ui.fail(c, err)
		return
	}
	byQuestion := map[string]mspeval.RatingSummary{}
	stale := 0
	for _, s := range summaries {
		byQuestion[s.QuestionKey] = s
		for _, r := range s.Ratings {
			if r.Stale {
				stale++
			}
		}
	}
	res := cmp.Result
	d := reviewData{Evaluation: cmp.Evaluation, Candidate: cand, Dimensions: res.Dimensions, Result: result,
		CanRate: caller.Can(mspeval.RateAnswers), Total: len(res.Candidates), Stale: stale}
	// Neighbours in rank order, for moving through the candidates.
	for i, r := range res.Candidates {
		if r.ID != cand.ID {
			continue
		}
		if i > 0 {
			prev := cmp.Candidates[res.Candidates[i-1].ID]
			d.Prev = &prev
		}
		if i+1 < len(res.Candidates) {
			next := cmp.Candidates[res.Candidates[i+1].ID]
			d.Next = &next
		}
	}
	var answers map[string]questions.Answer
	for _, ic := range cmp.Input.Candidates {
		if ic.ID == cand.ID {
			answers = ic.Answers
		}
	}
	for i, qq := range cmp.Questionnaire.Questions() {
		if result.Answers[i].Source == scoring.SourceNotAsked {
			// Whatever the question kept from before it was hidden counts
			// nowhere, so the page shows none of it, as the scores do.
			d.Items = append(d.Items, reviewItem{Number: i + 1, Q: qq, Score: result.Answers[i], NotAsked: true,
				ShownWhen: cmp.Questionnaire.ShownWhen(qq.Key)})
			continue
		}
		a, ok := answers[qq.Key]
		item := reviewItem{Number: i + 1, Q: qq, Answered: ok && !a.IsEmpty(), Score: result.Answers[i],
			Choice: qq.Describe(a), Ratings: byQuestion[qq.Key]}
		if a.File != nil {
			item.File, item.Choice = a.File, ""
		}
		switch {
		case a.Text != nil && item.Score.Evidence != nil:
			item.Segments = evidenceSegments(*a.Text, item.Score.Evidence)
		case a.Text != nil:
			item.Segments = segments(*a.Text, result.Signals, qq.Key)
		}
		for _, ct := range result.Contradictions {
			if ct.Question == qq.Key {
				item.Contradictions = append(item.Contradictions, ct)
			}
		}
		d.Items = append(d.Items, item)
		if item.Answered {
			d.Ratable++
			if item.Ratings.Mine != nil && !item.Ratings.Mine.Stale {
				d.RatedByMe++
			} else if d.NextUnrated == "" {
				d.NextUnrated = qq.Key
			}
		}
	}
	p := ui.base(c, "Review: "+cand.Name, "evaluations")
	p.Data = d
	ui.render(c, http.StatusOK, "review", p)
}

func (ui *UI) ratingSave(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	id, question := c.Param("id"), c.Param("question")
	if err := caller.May(mspeval.RateAnswers); err != nil { // before reading what was sent
		ui.fail(c, err)
		return
	}
	var err error
	if c.PostForm("action") == "withdraw" {
		err = ui.app.DeleteRating(ctx, caller, id, question)
	} else {
		score, convErr := strconv.Atoi(c.PostForm("score"))
		if convErr != nil {
			err = mspeval.Invalid("choose a score from 0 to 4", mspeval.FieldError{Field: "score", Message: "choose a score from 0 to 4"})
		} else {
			_, err = ui.app.PutRating(ctx, caller, id, question, score, c.PostForm("note"))
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
	if c.GetHeader("X-Rate-In-Place") == "1" {
		// review.js rated in place: the page updates itself, no reload.
		c.JSON(http.StatusOK, gin.H{"done": done})
		return
	}
	c.Redirect(http.StatusSeeOther, "/candidates/"+id+"/review?done="+done+"#q-"+question)
}
