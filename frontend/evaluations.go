package frontend

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
	"mspeval/store"
)

type evaluationsData struct {
	Evaluations []mspeval.Evaluation
	CanEdit     bool
	Form        store.EvaluationInput
	Fields      map[string]string
	// Questionnaires a new evaluation may use, the default first.
	Questionnaires []questionnaireChoice
}

// questionnaireChoice is a questionnaire of the new evaluation's form, with
// a line saying what it is for.
type questionnaireChoice struct {
	Key, Title, Hint string
}

// defaultQuestionnaire is what a new evaluation uses unless told otherwise.
const defaultQuestionnaire = "partner-selection"

// questionnaireChoices lists the latest version of every questionnaire the
// workspace may use, the built-ins (the default first) and then its own
// published ones, as the app lists them.
func (ui *UI) questionnaireChoices(ctx context.Context, caller mspeval.Caller) ([]questionnaireChoice, error) {
	list, err := ui.app.ListQuestionnaires(ctx, caller)
	if err != nil {
		return nil, err
	}
	var out []questionnaireChoice
	for _, s := range list {
		q, err := ui.app.Questionnaire(ctx, caller, s.Key, s.Latest)
		if err != nil {
			return nil, err
		}
		ch := questionnaireChoice{Key: s.Key, Title: s.Title,
			Hint: "Judge MSPs: your team rates each candidate's answers and compares them."}
		if q.ShowsRespondent() {
			ch.Hint = "A campaign to prospects: each respondent sees their own results, and your team gets the leads."
		}
		if s.Origin == app.OriginWorkspace {
			ch.Title = fmt.Sprintf("%s (your workspace, version %d)", s.Title, s.Latest)
			ch.Hint = "Your workspace's own questionnaire. " + ch.Hint
		}
		if s.Key == defaultQuestionnaire {
			out = append([]questionnaireChoice{ch}, out...)
			continue
		}
		out = append(out, ch)
	}
	return out, nil
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
	if form.QuestionnaireKey == "" {
		form.QuestionnaireKey = defaultQuestionnaire
	}
	choices, err := ui.questionnaireChoices(c.Request.Context(), callerOf(c))
	if err != nil {
		ui.fail(c, err)
		return
	}
	p.Data = evaluationsData{Evaluations: evs, CanEdit: callerOf(c).Can(mspeval.EditEvaluations), Form: form, Fields: fieldMap(formErr),
		Questionnaires: choices}
	ui.render(c, status, "evaluations", p)
}

func (ui *UI) evaluationCreate(c *gin.Context) {
	// The store takes only the catalog's keys and says so beside the field.
	in := store.EvaluationInput{Name: c.PostForm("name"), Description: c.PostForm("description"),
		QuestionnaireKey: c.DefaultPostForm("questionnaire_key", defaultQuestionnaire), DueDate: c.PostForm("due_date"), BlindRatings: c.PostForm("blind_ratings") == "on",
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
