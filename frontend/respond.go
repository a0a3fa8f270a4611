package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/questions"
)

// The respondent's pages are reached with the link alone. They show what the
// API's respondent view shows: no scores, guidance, ratings or other candidates.

type respondData struct {
	Token     string
	Form      mspeval.RespondentForm
	Answers   map[string]questions.Answer
	Errors    map[string]string
	Done      int
	Total     int
	Submitted bool
	// Results are the respondent's own results, when the questionnaire shows
	// them (a campaign) and the response is submitted.
	Results *questions.RespondentResult
	// Prospect is what a campaign's respondent sees besides the form: the
	// workspace's branding, talk to us and the PDF (prospect.go).
	Prospect *prospectView
	// Locked: nothing can change, because the response was submitted or the
	// evaluation is closed.
	Locked  bool
	Missing []missing
	Review  []reviewLine
	// Conditional: some questions show only for some answers; without
	// JavaScript they follow the answers when the form is saved.
	Conditional bool
	// NotAsked counts the questions the answers hide, which the review leaves out.
	NotAsked int
}

type missing struct {
	Key, Prompt string
}

type reviewLine struct {
	Key, Prompt, Choice, Text string
	Required, Complete        bool
}

var respondFlashes = map[string]string{
	"saved": "Your answers are saved. You can close this page and come back to the same link at any time before you submit.",
	"file":  "Your answers are saved, and your file with them. You can replace or remove it at any time before you submit.",
}

// respondent loads the form behind a link, or shows why it cannot.
func (ui *UI) respondent(c *gin.Context) (mspeval.RespondentForm, *questions.Questionnaire, bool) {
	form, err := ui.app.RespondentForm(c.Request.Context(), c.Param("token"))
	if err != nil {
		ui.respondError(c, err)
		return form, nil, false
	}
	q, ok := ui.app.Catalog().Get(form.Questionnaire.Key, form.Questionnaire.Version)
	if !ok {
		ui.fail(c, mspeval.Errorf(mspeval.EINTERNAL, "questionnaire %s missing", form.Questionnaire.Key))
		return form, nil, false
	}
	if q.ShowsRespondent() {
		// A campaign's pages may be framed by its workspace's sites.
		ui.frameProspect(c)
	}
	return form, q, true
}

// goneData is the page of a link that does not work: what happened, and
// whom to ask for a new one.
type goneData struct {
	// Gone: the link worked once (it was withdrawn or expired); otherwise it is
	// not a link at all, or not a whole one.
	Gone bool
	// What says what happened, as a sentence.
	What string
	// Who is the member who sent the link and Org their workspace, "" when
	// not known.
	Who, Org string
}

func (ui *UI) respondError(c *gin.Context, err error) {
	// A link that does not (or no longer) work gets a page that says what to do;
	// anything else is the ordinary error page.
	code := mspeval.ErrorCode(err)
	if code != mspeval.ENOTFOUND && code != mspeval.EGONE {
		ui.fail(c, err)
		return
	}
	d := goneData{Gone: code == mspeval.EGONE, What: fullSentence(mspeval.ErrorMessage(err))}
	title := "This link does not work"
	if d.Gone {
		title = "This link no longer works"
		// Only a link that once worked names who sent it: its holder saw that
		// name on the form already.
		if who, org, err := ui.app.LinkSender(c.Request.Context(), c.Param("token")); err == nil {
			d.Who, d.Org = who, org
		}
	}
	ui.render(c, mspeval.Status(err), "respond_gone", page{Title: title, Public: true, Data: d})
}

func (ui *UI) respondPage(c *gin.Context) {
	form, q, ok := ui.respondent(c)
	if !ok {
		return
	}
	ui.showRespond(c, http.StatusOK, form, q, form.Answers, nil, respondFlashes[c.Query("done")], talkInput{})
}

func (ui *UI) showRespond(c *gin.Context, status int, form mspeval.RespondentForm, q *questions.Questionnaire,
	answers map[string]questions.Answer, errs map[string]string, flash string, talk talkInput) {
	d := respondData{Token: c.Param("token"), Form: form, Answers: answers, Errors: errs,
		Submitted: form.Response.Status == mspeval.ResponseSubmitted}
	d.Locked = d.Submitted || form.Evaluation.Closed
	d.Done, d.Total = q.Progress(answers)
	d.Conditional = q.HasConditions()
	if d.Submitted && q.ShowsRespondent() {
		res, err := ui.app.RespondentResults(c.Request.Context(), c.Param("token"))
		if err != nil {
			ui.respondError(c, err)
			return
		}
		d.Results = &res.Results
	}
	if q.ShowsRespondent() {
		p, ok := ui.prospectOf(c, d.Submitted, talk)
		if !ok {
			return
		}
		d.Prospect = p
	}
	title := form.Evaluation.Name
	if d.Submitted {
		title = "Answers submitted"
	}
	p := page{Title: title, Public: true, Flash: flash, Data: d}
	if len(errs) > 0 {
		p.Error = "Some answers need a second look; they are marked below. Nothing else was lost."
	}
	ui.render(c, status, "respond", p)
}

// respondSave is the form's save without JavaScript: every answer in one post.
func (ui *UI) respondSave(c *gin.Context) {
	// The form is read against the link's questionnaire and saved; the page
	// (and its write of the link's opening) is only needed to show errors.
	q, err := ui.app.RespondentQuestionnaire(c.Request.Context(), c.Param("token"))
	if err != nil {
		ui.respondError(c, err)
		return
	}
	// A form with file questions is multipart: its files are read first, up
	// to their limits, and attached once the answers are saved (files.go).
	files, err := readFormFiles(c, q, ui.app.HoldUpload)
	defer files.done()
	if err != nil {
		ui.respondError(c, err)
		return
	}
	in, parseErrs := parseAnswers(c, q)
	if len(parseErrs) == 0 {
		var err error
		if len(in) > 0 || !files.any() {
			_, err = ui.app.RespondentSave(c.Request.Context(), c.Param("token"), in)
		}
		if err == nil {
			if !ui.respondFiles(c, files) {
				return
			}
			next := "/r/" + c.Param("token") + "?done=saved"
			if c.PostForm("action") == "review" {
				next = "/r/" + c.Param("token") + "/review"
			} else if files.focus != "" {
				next = "/r/" + c.Param("token") + "?done=file#q-" + files.focus
			}
			c.Redirect(http.StatusSeeOther, next)
			return
		}
		if mspeval.ErrorCode(err) != mspeval.EINVALID {
			ui.respondError(c, err)
			return
		}
		parseErrs = questionErrors(err)
	}
	form, q, ok := ui.respondent(c)
	if !ok {
		return
	}
	// Show the form again with what was typed, so nothing is lost.
	ui.showRespond(c, http.StatusUnprocessableEntity, form, q, plain(in), parseErrs, "", talkInput{})
}

func (ui *UI) respondReview(c *gin.Context) {
	form, q, ok := ui.respondent(c)
	if !ok {
		return
	}
	ui.showReview(c, http.StatusOK, form, q, "")
}

func (ui *UI) showReview(c *gin.Context, status int, form mspeval.RespondentForm, q *questions.Questionnaire, errMsg string) {
	d := respondData{Token: c.Param("token"), Form: form, Answers: form.Answers,
		Submitted: form.Response.Status == mspeval.ResponseSubmitted}
	d.Done, d.Total = q.Progress(form.Answers)
	// The review lists what the respondent was asked, as the form shows it:
	// a question its answers hide is left out, however it was answered before.
	shown := q.Visibility(form.Answers)
	d.NotAsked = shown.HiddenCount()
	for _, qq := range q.Questions() {
		if !shown.Shows(qq.Key) {
			continue
		}
		a := form.Answers[qq.Key]
		line := reviewLine{Key: qq.Key, Prompt: qq.Prompt, Required: qq.Required, Complete: qq.Complete(a)}
		if a.Text != nil {
			line.Text = *a.Text
		}
		line.Choice = qq.Describe(a)
		d.Review = append(d.Review, line)
		if qq.Required && !line.Complete {
			d.Missing = append(d.Missing, missing{Key: qq.Key, Prompt: qq.Prompt})
		}
	}
	ui.render(c, status, "respond_review", page{Title: "Review your answers", Public: true, Error: errMsg, Data: d})
}

func (ui *UI) respondSubmit(c *gin.Context) {
	_, err := ui.app.RespondentSubmit(c.Request.Context(), c.Param("token"))
	if err != nil {
		if mspeval.ErrorCode(err) == mspeval.EINVALID {
			form, q, ok := ui.respondent(c)
			if !ok {
				return
			}
			ui.showReview(c, http.StatusUnprocessableEntity, form, q, "Some required questions are still open; they are listed below.")
			return
		}
		ui.respondError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/r/"+c.Param("token"))
}

// unsubscribePage asks before unsubscribing: a link scanner that follows the
// email's links must not unsubscribe anyone.
func (ui *UI) unsubscribePage(c *gin.Context) {
	ui.render(c, http.StatusOK, "unsubscribe", page{Title: "Unsubscribe", Public: true, Data: false})
}

// unsubscribe records the opt-out: the button above, and the one-click POST a
// mail client sends for the email's List-Unsubscribe header (RFC 8058).
func (ui *UI) unsubscribe(c *gin.Context) {
	if err := ui.app.OptOut(c.Request.Context(), c.Param("token")); err != nil {
		ui.respondError(c, err)
		return
	}
	ui.render(c, http.StatusOK, "unsubscribe", page{Title: "Unsubscribed", Public: true, Data: true})
}
