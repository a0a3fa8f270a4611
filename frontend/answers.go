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
	ui.showSavedAnswers(c, http.StatusOK, nil)
}

// showSavedAnswers shows the answers page with the answers as stored, and
// errs beside their questions.
func (ui *UI) showSavedAnswers(c *gin.Context, status int, errs map[string]string) {
	set, err := ui.app.GetAnswers(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return
	}
	answers := map[string]questions.Answer{}
	for k, a := range set.Answers {
		answers[k] = a.Answer
	}
	ui.showAnswers(c, status, set.Candidate, answers, errs, nil)
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

// answersSave saves the answers typed, then the files the form carries (a
// form with file questions is multipart, as the respondent's is), then
// submits when asked. A refused file shows the page again with why beside
// its question; the answers are saved by then.
func (ui *UI) answersSave(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	// Checked before the body is read: a viewer's post reads no file.
	if err := caller.May(mspeval.EditCandidates); err != nil {
		ui.fail(c, err)
		return
	}
	cand, err := ui.app.GetCandidate(ctx, caller, c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return
	}
	q, _ := ui.app.Catalog().Get(cand.Response.QuestionnaireKey, cand.Response.QuestionnaireVersion)
	files, err := readFormFiles(c, q, ui.app.HoldUpload)
	defer files.done()
	if err != nil {
		ui.fail(c, err)
		return
	}
	in, errs := parseAnswers(c, q)
	if len(errs) == 0 {
		if len(in) > 0 || !files.any() {
			_, err = ui.app.SaveAnswers(ctx, caller, cand.ID, in)
		}
		if err == nil && files.any() {
			var fileErrs map[string]string
			var status int
			if fileErrs, status, err = ui.saveFormFiles(c, files, ui.memberFiles(c, cand.ID)); err == nil && len(fileErrs) > 0 {
				ui.showSavedAnswers(c, status, fileErrs)
				return
			}
			if err == nil && files.focus != "" && c.PostForm("action") != "submit" {
				c.Redirect(http.StatusSeeOther, "/candidates/"+cand.ID+"/answers#q-"+files.focus)
				return
			}
		}
		if err == nil && c.PostForm("action") == "submit" {
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
