package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval/questions"
	"mspeval/store"
)

// The preview of a draft: the respondent's form as a link to it will show it
// once the draft is published, built from the same respondent view (no
// scores, no evaluator guidance) and the same form template, with nothing that
// saves. It comes three ways:
//   - the page itself, which is laid out for phones as the form is;
//   - ?width=phone, the page in a 390-pixel frame, so that an author at a
//     desktop sees the phone layout with the phone's own breakpoints;
//   - ?frame=1, what that frame shows, the only page that this site itself
//     may frame.

// phoneWidth is the frame's width in CSS pixels: a common phone's.
const phoneWidth = 390

type previewData struct {
	Draft store.Draft
	Form  questions.RespondentQuestionnaire
	// Answers and Errors are the form's: none.
	Answers map[string]questions.Answer
	Errors  map[string]string
	// Workspace names who asks, as the respondent's form does.
	Workspace string
	// Total counts the required questions the form starts with.
	Total int
	// Mode is "page", "phone" (the page in a phone-wide frame) or "frame"
	// (the page inside that frame).
	Mode        string
	PhoneWidth  int
	Conditional bool
	// Results: the questionnaire shows respondents their results once they
	// submit (a campaign's survey).
	Results bool
}

func (ui *UI) previewPage(c *gin.Context) {
	d, err := ui.app.GetDraft(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return
	}
	q := d.Questionnaire
	data := previewData{Draft: d, Form: q.RespondentView(), Mode: "page", PhoneWidth: phoneWidth,
		Conditional: q.HasConditions(), Results: q.ShowsRespondent()}
	_, data.Total = q.Progress(nil)
	switch {
	case c.Query("frame") == "1":
		data.Mode = "frame"
		// Only this site may frame it: the phone-width view below.
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy("'self'"))
		h.Set("X-Frame-Options", "SAMEORIGIN")
	case c.Query("width") == "phone":
		data.Mode = "phone"
	}
	p := ui.base(c, "Preview · "+d.Title, "questionnaires")
	data.Workspace = p.Workspace
	// The respondent's page has no navigation; the preview's banner leads back.
	p.Public, p.Data = true, data
	ui.render(c, http.StatusOK, "preview", p)
}
