package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/questions"
)

// The buyer's team types in a candidate's answers (from a call or a document)
// with the same form the respondent uses.

type answersData struct {
	Candidate mspeval.Candidate
	Sections  []questions.Section
	Answers   map[string]questions.Answer
	Errors    map[string]string
	Locked    bool
	ReadOnly  bool // a viewer reads the answers and changes nothing
}

func (ui *UI) answersPage(c *gin.Context) {
	set, err := ui.app.GetAnswers(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return
	}
	answers := map[string]questions.Answer{}
	for k, a := range set.Answers {
		answers[k] = a.Answer
	}
	ui.showAnswers(c, http.StatusOK, set.Candidate, answers, nil, nil)
}

func (ui *UI) showAnswers(c *gin.Context, status int, cand mspeval.Candidate, answers map[string]questions.Answer, errs map[string]string, err error) {
	q, ok := ui.app.Catalog().Get(cand.Response.QuestionnaireKey, cand.Response.QuestionnaireVersion)
	if !ok {
		ui.fail(c, mspeval.NotFound("questionnaire"))
		return
	}
	p := ui.base(c, "Answers of "+cand.Name, "evaluations")
	if err != nil {
		p.Error = mspeval.ErrorMessage(err)
	}
	p.Data = answersData{Candidate: cand, Sections: q.Sections, Answers: answers, Errors: errs,
		Locked:   cand.Response.Status == mspeval.ResponseSubmitted,
		ReadOnly: !callerOf(c).Can(mspeval.EditCandidates)}
	ui.render(c, status, "answers", p)
}

func (ui *UI) answersSave(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	cand, err := ui.app.GetCandidate(ctx, caller, c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return
	}
	q, _ := ui.app.Catalog().Get(cand.Response.QuestionnaireKey, cand.Response.QuestionnaireVersion)
	in, errs := parseAnswers(c, q)
	if len(errs) == 0 {
		if _, err = ui.app.SaveAnswers(ctx, caller, cand.ID, in); err == nil && c.PostForm("action") == "submit" {
			_, err = ui.app.SubmitAnswers(ctx, caller, cand.ID)
		}
		if err == nil {
			done := "answers"
			if c.PostForm("action") == "submit" {
				done = "submitted"
			}
			c.Redirect(http.StatusSeeOther, "/evaluations/"+cand.EvaluationID+"?done="+done+"#candidates")
			return
		}
		if code := mspeval.ErrorCode(err); code != mspeval.EINVALID {
			ui.fail(c, err)
			return
		}
		errs = questionErrors(err)
	}
	ui.showAnswers(c, http.StatusUnprocessableEntity, cand, plain(in), errs, err)
}
