package frontend

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"mspeval"
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

// queryWeights reads what-if weights (?fit=50&...) as the API does; on this
// page a value that cannot be used is ignored rather than refused.
func queryWeights(c *gin.Context, data store.ScoringData) (map[string]float64, bool) {
	given := map[string]string{}
	for k := range c.Request.URL.Query() {
		given[k] = c.Query(k)
	}
	weights, whatIf, problems := scoring.WhatIf(data.Input.Questionnaire, data.Evaluation.Weights, given)
	for _, p := range problems {
		if p.Key == "weights" {
			return data.Evaluation.Weights, false
		}
	}
	return weights, whatIf
}

func (ui *UI) comparePage(c *gin.Context) {
	data, err := ui.store.ScoringData(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return
	}
	weights, whatIf := queryWeights(c, data)
	_, res, err := ui.scored(c, c.Param("id"), weights)
	if err != nil {
		ui.fail(c, err)
		return
	}
	d := compareData{Evaluation: data.Evaluation, Result: res, Statuses: map[string]string{}, WhatIf: whatIf,
		CanEdit: callerOf(c).Role.AtLeast(mspeval.RoleEditor)}
	q := url.Values{}
	for _, dim := range data.Input.Questionnaire.Dimensions {
		d.Weights = append(d.Weights, weightInput{Key: dim.Key, Name: dim.Name, Value: weights[dim.Key],
			Share: res.Weights[dim.Key], Risk: dim.HigherIsWorse, Max: max(100, weights[dim.Key])})
		q.Set(dim.Key, strconv.FormatFloat(weights[dim.Key], 'f', -1, 64))
	}
	d.Query = q.Encode()
	for id, cand := range data.Candidates {
		d.Statuses[id] = cand.Response.Status
	}
	if len(res.Candidates) > 0 {
		top := res.Candidates[0]
		d.Leader = fmt.Sprintf("%s ranks first under %.0f %% of weightings. %s.", top.Name, 100*top.FirstShare, sentence(res.Sensitivity.Note))
	}
	p := ui.base(c, "Compare: "+data.Evaluation.Name, "evaluations")
	p.Data = d
	ui.render(c, http.StatusOK, "compare", p)
}

func (ui *UI) weightsSave(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	ev, err := ui.store.GetEvaluation(ctx, caller, c.Param("id"))
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
	if _, err := ui.store.UpdateEvaluation(ctx, caller, ev.ID, store.EvaluationPatch{Weights: w}); err != nil {
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
