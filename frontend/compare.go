package frontend

import (
	"math"
	"net/http"
	"net/url"
	"sort"
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
	Share     float64
	// Whole is the share in whole percent, rounded so that a page's shares
	// add up to exactly 100: what the label says and where the slider sits.
	Whole int
	Risk  bool
}

// withWholeShares fills each weight's Whole from its Share by the largest
// remainder: every share is rounded down, and the points still missing to
// 100 go to the largest remainders, in the weights' order on a tie.
func withWholeShares(ws []weightInput) []weightInput {
	left := 100
	for i := range ws {
		ws[i].Whole = int(math.Floor(ws[i].Share))
		left -= ws[i].Whole
	}
	order := make([]int, len(ws))
	for i := range order {
		order[i] = i
	}
	rest := func(i int) float64 { return ws[i].Share - math.Floor(ws[i].Share) }
	sort.SliceStable(order, func(a, b int) bool { return rest(order[a]) > rest(order[b]) })
	for k := 0; k < left && k < len(order); k++ {
		ws[order[k]].Whole++
	}
	return ws
}

type compareData struct {
	Evaluation mspeval.Evaluation
	Result     scoring.Result
	Statuses   map[string]string
	Weights    []weightInput
	WhatIf     bool
	// Query is the weights as a query string with its "?", for the
	// downloads. The "?" comes with it because html/template escapes a value
	// written after a literal "?" as one query component ("&" and "=" too),
	// while it only normalizes one written in the address's path.
	Query   string
	Leader  string
	CanEdit bool
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
		d.Weights = append(d.Weights, weightInput{Key: dim.Key, Name: dim.Name,
			Share: res.Weights[dim.Key], Risk: dim.HigherIsWorse})
		q.Set(dim.Key, strconv.FormatFloat(w, 'f', -1, 64))
	}
	// The sliders move in shares: they sit where the labels say and add up to
	// 100 (compare.js keeps them so as one moves).
	d.Weights = withWholeShares(d.Weights)
	d.Query = "?" + q.Encode()
	for id, cand := range cmp.Candidates {
		d.Statuses[id] = cand.Response.Status
	}
	d.Leader = scoring.LeaderSentence(res)
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
