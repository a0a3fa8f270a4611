package frontend

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
	"mspeval/scoring"
	"mspeval/store"
)

type weightInput struct {
	Key, Name string
	Value     float64
	Share     float64
	Risk      bool
	Max       float64 // the slider's end: 100, or more when a saved weight is larger
}

type compareData struct {
	Evaluation mspeval.Evaluation
	Result     scoring.Result
	Statuses   map[string]string
	Weights    []weightInput
	WhatIf     bool
	Query      string // the weights as a query string, for the downloads
	Leader     string
	CanEdit    bool
}

// comparePage shows the ranking under the saved weights, or under what-if
// weights from the query (a value that cannot be used is ignored here rather
// than refused: it may come from an edited address). It reads the scoring data
// once.
func (ui *UI) comparePage(c *gin.Context) {
	given := map[string]string{}
	for k := range c.Request.URL.Query() {
		given[k] = c.Query(k)
	}
	caller := callerOf(c)
	cmp, err := ui.app.Compare(c.Request.Context(), caller, c.Param("id"), app.WhatIf{Values: given, Lenient: true})
	if err != nil {
		ui.fail(c, err)
		return
	}
	res := cmp.Result
	d := compareData{Evaluation: cmp.Evaluation, Result: res, Statuses: map[string]string{}, WhatIf: cmp.WhatIf,
		CanEdit: caller.Can(mspeval.EditEvaluations)}
	q := url.Values{}
	for _, dim := range cmp.Questionnaire.Dimensions {
		w := cmp.Weights[dim.Key]
		d.Weights = append(d.Weights, weightInput{Key: dim.Key, Name: dim.Name, Value: w,
			Share: res.Weights[dim.Key], Risk: dim.HigherIsWorse, Max: max(100, w)})
		q.Set(dim.Key, strconv.FormatFloat(w, 'f', -1, 64))
	}
	d.Query = q.Encode()
	for id, cand := range cmp.Candidates {
		d.Statuses[id] = cand.Response.Status
	}
	d.Leader = leaderSentence(res)
	p := ui.base(c, "Compare: "+cmp.Evaluation.Name, "evaluations")
	p.Data = d
	ui.render(c, http.StatusOK, "compare", p)
}

func (ui *UI) weightsSave(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	if err := caller.May(mspeval.EditEvaluations); err != nil { // before reading what was sent
		ui.fail(c, err)
		return
	}
	ev, err := ui.app.GetEvaluation(ctx, caller, c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return
	}
	w := map[string]float64{}
	for k := range ev.Weights {
		v, err := strconv.ParseFloat(c.PostForm(k), 64)
		if err != nil {
			ui.fail(c, mspeval.Invalid("weights must be numbers", mspeval.FieldError{Field: "weights." + k, Message: "must be a number"}))
			return
		}
		w[k] = v
	}
	if _, err := ui.app.UpdateEvaluation(ctx, caller, ev.ID, store.EvaluationPatch{Weights: w}); err != nil {
		ui.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/evaluations/"+ev.ID+"/compare?done=weights")
}

// sentence capitalises the first letter of a phrase.
func sentence(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// leaderSentence says who leads and how firmly; a tie for first is called a
// tie, never a lead.
func leaderSentence(res scoring.Result) string {
	if len(res.Candidates) == 0 {
		return ""
	}
	top := res.Candidates[0]
	if top.Tied {
		names := []string{top.Name}
		for _, r := range res.Candidates[1:] {
			if r.Rank == top.Rank {
				names = append(names, r.Name)
			}
		}
		return fmt.Sprintf("%s are tied for first: their overall scores are within %.1f points. %s.",
			strings.Join(names, " and "), scoring.TieTolerance, sentence(res.Sensitivity.Note))
	}
	return fmt.Sprintf("%s ranks first under %.0f %% of weightings. %s.", top.Name, 100*top.FirstShare, sentence(res.Sensitivity.Note))
}
