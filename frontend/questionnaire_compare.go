package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/questions"
)

type comparisonData struct {
	Diff     questions.Diff
	From, To string
	FromHref string
	ToHref   string
	Sources  []choice
	FromSel  string
	ToSel    string
}

// questionnaireComparison compares two versions the workspace may use
// (?from=key@version&to=key@version), side by side.
func (ui *UI) questionnaireComparison(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	fromKey, fromVersion, ok1 := parseVersion(c.Query("from"))
	toKey, toVersion, ok2 := parseVersion(c.Query("to"))
	if !ok1 || !ok2 {
		ui.fail(c, mspeval.Invalid("choose two questionnaire versions to compare"))
		return
	}
	diff, err := ui.app.CompareQuestionnaires(ctx, caller, questions.VersionRef{Key: fromKey, Version: fromVersion},
		questions.VersionRef{Key: toKey, Version: toVersion})
	if err != nil {
		ui.fail(c, err)
		return
	}
	list, err := ui.app.ListQuestionnaires(ctx, caller)
	if err != nil {
		ui.fail(c, err)
		return
	}
	d := comparisonData{Diff: diff, From: versionName(diff.From.Key, diff.From.Version), To: versionName(diff.To.Key, diff.To.Version),
		FromHref: versionHref(diff.From.Key, diff.From.Version), ToHref: versionHref(diff.To.Key, diff.To.Version),
		FromSel: versionValue(diff.From.Key, diff.From.Version), ToSel: versionValue(diff.To.Key, diff.To.Version),
		Sources: versionChoices(list)}
	p := ui.questionnaireBase(c, "Compare "+d.From+" with "+d.To)
	p.Data = d
	ui.render(c, http.StatusOK, "questionnaire_compare", p)
}
