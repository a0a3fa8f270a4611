package frontend

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/store"
)

type evaluationsData struct {
	Evaluations []mspeval.Evaluation
	CanEdit     bool
	Form        store.EvaluationInput
	Fields      map[string]string
}

// fieldMap turns an error's field errors into a lookup for the form.
func fieldMap(err error) map[string]string {
	out := map[string]string{}
	if e := (*mspeval.Error)(nil); errors.As(err, &e) {
		for _, f := range e.Fields {
			out[f.Field] = f.Message
		}
	}
	return out
}

func (ui *UI) evaluationsPage(c *gin.Context) {
	ui.showEvaluations(c, http.StatusOK, store.EvaluationInput{}, nil)
}

func (ui *UI) showEvaluations(c *gin.Context, status int, form store.EvaluationInput, formErr error) {
	evs, _, err := ui.app.ListEvaluations(c.Request.Context(), callerOf(c), mspeval.Page{Limit: mspeval.MaxPageLimit})
	if err != nil {
		ui.fail(c, err)
		return
	}
	p := ui.base(c, "Evaluations", "evaluations")
	if formErr != nil {
		p.Error = mspeval.ErrorMessage(formErr)
	}
	p.Data = evaluationsData{Evaluations: evs, CanEdit: callerOf(c).Can(mspeval.EditEvaluations), Form: form, Fields: fieldMap(formErr)}
	ui.render(c, status, "evaluations", p)
}

func (ui *UI) evaluationCreate(c *gin.Context) {
	in := store.EvaluationInput{Name: c.PostForm("name"), Description: c.PostForm("description"),
		QuestionnaireKey: "partner-selection", DueDate: c.PostForm("due_date"), BlindRatings: c.PostForm("blind_ratings") == "on",
		TextScoring: checkbox(c, "text_scoring")}
	ev, err := ui.app.CreateEvaluation(c.Request.Context(), callerOf(c), in)
	if err != nil {
		if mspeval.ErrorCode(err) == mspeval.EINVALID {
			ui.showEvaluations(c, http.StatusUnprocessableEntity, in, err)
			return
		}
		ui.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/evaluations/"+ev.ID+"?done=created")
}

// checkbox reads a checkbox of a form: &true when ticked, &false otherwise.
func checkbox(c *gin.Context, name string) *bool {
	on := c.PostForm(name) == "on"
	return &on
}
