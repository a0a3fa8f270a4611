package frontend

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
	"mspeval/scoring"
	"mspeval/store"
)

type candidateRow struct {
	Candidate   mspeval.Candidate
	Invitations []mspeval.Invitation
	// Live is the newest invitation that still works, if any.
	Live *mspeval.Invitation
	// Emails are the latest emails to the candidate, newest first.
	Emails []mspeval.OutboxItem
	// LinkState is the live link's state in words: "created" for a link made
	// to be copied, "emailed" once the outbox sent it (a link is never said to
	// be sent when nobody sent it), then opened, in progress or submitted.
	LinkState string
	// TeamAnswered: the team typed answers in and no link was ever made.
	TeamAnswered bool
}

// newCandidateRow finds a candidate's live link and how it and the answers
// came about.
func newCandidateRow(cand mspeval.Candidate, invs []mspeval.Invitation, emails []mspeval.OutboxItem) candidateRow {
	row := candidateRow{Candidate: cand, Invitations: invs, Emails: emails}
	for i := len(invs) - 1; i >= 0; i-- {
		if st := invs[i].Status; st != mspeval.InvitationRevoked && st != mspeval.InvitationExpired {
			row.Live = &row.Invitations[i]
			break
		}
	}
	if row.Live != nil {
		row.LinkState = strings.ReplaceAll(row.Live.Status, "_", " ")
		if row.Live.Status == mspeval.InvitationSent {
			row.LinkState = "created"
			for _, e := range emails {
				if e.InvitationID == row.Live.ID && e.State == store.OutboxSent {
					row.LinkState = "emailed"
				}
			}
		}
	}
	status := cand.Response.Status
	row.TeamAnswered = len(invs) == 0 && status != "" && status != mspeval.ResponseNotStarted
	return row
}

// newLink is a link just created: its only showing, with a message to paste.
type newLink struct {
	CandidateID string
	Candidate   string
	URL         string
	Subject     string
	Body        string
}

type evaluationData struct {
	Evaluation    mspeval.Evaluation
	Candidates    []candidateRow
	CanEdit       bool
	NewLink       *newLink
	CandidateForm store.CandidateInput
	Fields        map[string]string
	Weights       []weightInput
	// MailEnabled: links can be emailed from here.
	MailEnabled bool
	// Bulk is the state of the "add many" form after a preview or a create.
	Bulk *bulkData
	// Campaign is the public link's section, for a campaign only (sales.go).
	Campaign *campaignView
}

type bulkData struct {
	CSV         string
	Send        bool
	Rows        []store.BulkRow
	RowProblems map[int]string
	Problems    []mspeval.FieldError
	Created     []bulkCreated
	Sent        bool
	Error       string
}

type bulkCreated struct {
	store.BulkResult
	URL string
}

func (ui *UI) evaluationPage(c *gin.Context) {
	ui.showEvaluation(c, http.StatusOK, c.Param("id"), nil, store.CandidateInput{}, nil)
}

func (ui *UI) showEvaluation(c *gin.Context, status int, id string, link *newLink, form store.CandidateInput, formErr error) {
	ui.showEvaluationWith(c, status, id, link, form, formErr, nil)
}

func (ui *UI) showEvaluationWith(c *gin.Context, status int, id string, link *newLink, form store.CandidateInput, formErr error, bulk *bulkData) {
	ui.renderEvaluation(c, status, id, evaluationData{NewLink: link, CandidateForm: form, Bulk: bulk}, formErr, nil)
}

// renderEvaluation shows the evaluation page; d carries the state of its
// forms (a new link, what was typed), and campaign the campaign form after a
// refused save, whose field problems are its own.
func (ui *UI) renderEvaluation(c *gin.Context, status int, id string, d evaluationData, formErr error, campaign *campaignView) {
	ctx, caller := c.Request.Context(), callerOf(c)
	ev, err := ui.app.GetEvaluation(ctx, caller, id)
	if err != nil {
		ui.fail(c, err)
		return
	}
	cands, _, err := ui.app.ListCandidates(ctx, caller, id, mspeval.Page{Limit: mspeval.MaxPageLimit})
	if err != nil {
		ui.fail(c, err)
		return
	}
	invs, err := ui.app.EvaluationInvitations(ctx, caller, id)
	if err != nil {
		ui.fail(c, err)
		return
	}
	emails, err := ui.app.EvaluationEmails(ctx, caller, id)
	if err != nil {
		ui.fail(c, err)
		return
	}
	d.Evaluation, d.CanEdit, d.MailEnabled = ev, caller.Can(mspeval.EditCandidates), ui.app.MailEnabled()
	if campaign == nil {
		d.Fields = fieldMap(formErr)
	}
	if q, ok := ui.app.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion); ok {
		shares, _ := scoring.Shares(q, ev.Weights) // saved weights were checked when saved
		for _, dim := range q.Dimensions {
			d.Weights = append(d.Weights, weightInput{Key: dim.Key, Name: dim.Name, Share: shares[dim.Key]})
		}
		d.Weights = withWholeShares(d.Weights)
		if q.ShowsRespondent() {
			if d.Campaign, err = ui.campaignSection(ctx, caller, ev, campaign); err != nil {
				ui.fail(c, err)
				return
			}
		}
	}
	for _, cand := range cands {
		d.Candidates = append(d.Candidates, newCandidateRow(cand, invs[cand.ID], emails[cand.ID]))
	}
	p := ui.base(c, ev.Name, "evaluations")
	if f, ok := salesFlashes[c.Query("done")]; ok {
		p.Flash = f
	}
	if formErr != nil {
		p.Error = mspeval.ErrorMessage(formErr)
	}
	p.Data = d
	ui.render(c, status, "evaluation", p)
}

func (ui *UI) evaluationUpdate(c *gin.Context) {
	name, desc, due, status := c.PostForm("name"), c.PostForm("description"), c.PostForm("due_date"), c.PostForm("status")
	var reminders *[]int
	if c.Request.PostForm.Has("reminder_days") {
		days, err := store.ParseReminderDays(c.PostForm("reminder_days"))
		if err != nil {
			ui.fail(c, err)
			return
		}
		if days == nil {
			days = []int{}
		}
		reminders = &days
	}
	blind, text, closeAtDue := c.PostForm("blind_ratings") == "on", c.PostForm("text_scoring") == "on", c.PostForm("close_at_due") == "on"
	var grace *int
	if v := c.PostForm("link_grace_days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			ui.fail(c, mspeval.Invalid("the grace period is not a number", mspeval.FieldError{Field: "link_grace_days", Message: "must be a whole number of days"}))
			return
		}
		grace = &n
	}
	_, err := ui.app.UpdateEvaluation(c.Request.Context(), callerOf(c), c.Param("id"), store.EvaluationPatch{
		Name: &name, Description: &desc, DueDate: &due, Status: &status, BlindRatings: &blind, TextScoring: &text,
		CloseAtDue: &closeAtDue, LinkGraceDays: grace, ReminderDays: reminders,
	})
	if err != nil {
		ui.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/evaluations/"+c.Param("id")+"?done=saved")
}

func (ui *UI) candidateCreate(c *gin.Context) {
	in := store.CandidateInput{Name: c.PostForm("name"), ContactName: c.PostForm("contact_name"),
		ContactEmail: c.PostForm("contact_email"), Website: c.PostForm("website")}
	if _, err := ui.app.CreateCandidate(c.Request.Context(), callerOf(c), c.Param("id"), in); err != nil {
		if mspeval.ErrorCode(err) == mspeval.EINVALID {
			ui.showEvaluation(c, http.StatusUnprocessableEntity, c.Param("id"), nil, in, err)
			return
		}
		ui.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/evaluations/"+c.Param("id")+"?done=candidate#candidates")
}

// invitationCreate makes a link and shows it at once, with a message ready to
// paste into an email: the link's secret is never shown again.
func (ui *UI) invitationCreate(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	cand, err := ui.app.GetCandidate(ctx, caller, c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return
	}
	ev, err := ui.app.GetEvaluation(ctx, caller, cand.EvaluationID)
	if err != nil {
		ui.fail(c, err)
		return
	}
	if email := c.PostForm("email"); email != "" {
		// Emailed through the outbox: the link is never shown here.
		if _, _, err := ui.app.SendInvitation(ctx, caller, cand.ID, store.InvitationOptions{Email: email, Name: cand.ContactName}); err != nil {
			ui.fail(c, err)
			return
		}
		c.Redirect(http.StatusSeeOther, "/evaluations/"+cand.EvaluationID+"?done=emailed#candidates")
		return
	}
	var expires *time.Time
	if v := c.PostForm("expires_on"); v != "" {
		day, err := time.Parse("2006-01-02", v)
		if err != nil {
			ui.fail(c, mspeval.Invalid("the date is not valid", mspeval.FieldError{Field: "expires_on", Message: "must be a date, YYYY-MM-DD"}))
			return
		}
		end := day.AddDate(0, 0, 1) // the link works through the whole day (UTC)
		expires = &end
	}
	inv, secret, err := ui.app.CreateInvitation(ctx, caller, cand.ID, expires)
	if err != nil {
		ui.fail(c, err)
		return
	}
	ws, _ := ui.app.Workspace(ctx, caller)
	link := &newLink{CandidateID: cand.ID, Candidate: cand.Name, URL: ui.cfg.BaseURL + "/r/" + secret}
	link.Subject, link.Body = invitationMessage(ev, cand, inv, ws, caller, link.URL)
	ui.showEvaluation(c, http.StatusOK, cand.EvaluationID, link, store.CandidateInput{}, nil)
}

// invitationMessage drafts the email a sales or buying team sends from its own
// mailbox: who is asking, what for, by when, and the link.
// Its dates are written the way the workspace's documents write them.
func invitationMessage(ev mspeval.Evaluation, cand mspeval.Candidate, inv mspeval.Invitation, ws mspeval.Workspace, caller mspeval.Caller, url string) (string, string) {
	workspace, dates := ws.Name, ws.Dates()
	subject := fmt.Sprintf("%s: questionnaire for %s", workspace, cand.Name)
	greeting := "Hello,"
	if cand.ContactName != "" {
		greeting = "Hello " + cand.ContactName + ","
	}
	due := ""
	if ev.DueDate != "" {
		due = fmt.Sprintf(" Please submit your answers by %s.", dates.DayOf(ev.DueDate))
	}
	sender := caller.Name
	if sender == "" {
		sender = caller.Email
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", greeting)
	fmt.Fprintf(&b, "%s is choosing a co-managed IT partner (%s), and we would like %s to take part.\n\n", workspace, ev.Name, cand.Name)
	fmt.Fprintf(&b, "The questionnaire asks how you would work alongside our internal IT team. It needs no account: "+
		"open the link, answer at your own pace (every answer is saved as you go) and submit when you are done.%s\n\n", due)
	fmt.Fprintf(&b, "%s\n\n", url)
	fmt.Fprintf(&b, "The link is for %s only and works until %s.\n\n", cand.Name, dates.Day(inv.ExpiresAt))
	fmt.Fprintf(&b, "Thank you,\n%s\n%s\n", sender, workspace)
	return subject, b.String()
}

func (ui *UI) invitationRevoke(c *gin.Context) {
	back := safeNext(c.PostForm("back"))
	if err := ui.app.RevokeInvitation(c.Request.Context(), callerOf(c), c.Param("id")); err != nil {
		ui.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, withDone(back, "revoked"))
}

func (ui *UI) candidateReopen(c *gin.Context) {
	set, err := ui.app.Reopen(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/evaluations/"+set.Candidate.EvaluationID+"?done=reopened#candidates")
}

func (ui *UI) candidateDelete(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	cand, err := ui.app.GetCandidate(ctx, caller, c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return
	}
	if err := ui.app.DeleteCandidate(ctx, caller, cand.ID); err != nil {
		ui.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/evaluations/"+cand.EvaluationID+"?done=deleted#candidates")
}

// withDone adds a flash key to a local path, before any fragment.
func withDone(path, done string) string {
	frag := ""
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path, frag = path[:i], path[i:]
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "done=" + done + frag
}

// bulkAdd previews or creates many candidates from a pasted or uploaded list.
// A preview shows every row with its problem; nothing is created until every
// row is right, and then all are created at once.
func (ui *UI) bulkAdd(c *gin.Context) {
	ctx, caller, id := c.Request.Context(), callerOf(c), c.Param("id")
	if err := caller.May(mspeval.SendInvitations); err != nil { // before reading what was sent
		ui.fail(c, err)
		return
	}
	d := &bulkData{CSV: c.PostForm("csv"), Send: c.PostForm("send") == "on", RowProblems: map[int]string{}}
	if fh, err := c.FormFile("file"); err == nil && fh.Size > 0 {
		f, err := fh.Open()
		if err != nil {
			ui.fail(c, mspeval.Invalid("the file cannot be read", mspeval.FieldError{Field: "file", Message: err.Error()}))
			return
		}
		b, _ := io.ReadAll(io.LimitReader(f, 1<<20))
		f.Close()
		d.CSV = string(b)
	}
	rows, err := app.ParseBulkCSV(strings.NewReader(d.CSV))
	if err != nil {
		d.Error = formError(err)
		ui.showEvaluationWith(c, mspeval.Status(err), id, nil, store.CandidateInput{}, nil, d)
		return
	}
	d.Rows = rows
	res, err := ui.app.BulkInvite(ctx, caller, id, rows, d.Send, c.PostForm("action") != "create")
	if err != nil {
		var e *mspeval.Error
		if !errors.As(err, &e) || e.Code != mspeval.EINVALID {
			ui.fail(c, err)
			return
		}
		d.Problems = e.Fields
		for _, fe := range e.Fields {
			var i int
			var field string
			if n, _ := fmt.Sscanf(strings.NewReplacer("[", " ", "].", " ").Replace(fe.Field), "rows %d %s", &i, &field); n == 2 {
				d.RowProblems[i] = strings.TrimSpace(d.RowProblems[i] + " " + field + " " + fe.Message)
			} else {
				d.Error = fe.Field + " " + fe.Message
			}
		}
		ui.showEvaluationWith(c, http.StatusUnprocessableEntity, id, nil, store.CandidateInput{}, nil, d)
		return
	}
	for _, r := range res {
		d.Created = append(d.Created, bulkCreated{BulkResult: r, URL: ui.cfg.BaseURL + "/r/" + r.Token})
	}
	d.Sent = d.Send && len(res) > 0
	ui.showEvaluationWith(c, http.StatusOK, id, nil, store.CandidateInput{}, nil, d)
}

// remind sends reminders now: to one candidate, or to everyone in an
// evaluation who has not submitted.
func (ui *UI) remind(c *gin.Context, evaluationID, candidateID string) {
	n, err := ui.app.RemindNow(c.Request.Context(), callerOf(c), evaluationID, candidateID)
	if err != nil {
		ui.fail(c, err)
		return
	}
	if evaluationID == "" {
		cand, err := ui.app.GetCandidate(c.Request.Context(), callerOf(c), candidateID)
		if err != nil {
			ui.fail(c, err)
			return
		}
		evaluationID = cand.EvaluationID
	}
	done := "reminded"
	if n == 0 {
		done = "none-reminded"
	}
	c.Redirect(http.StatusSeeOther, "/evaluations/"+evaluationID+"?done="+done+"#candidates")
}

func (ui *UI) remindEvaluation(c *gin.Context) { ui.remind(c, c.Param("id"), "") }
func (ui *UI) remindCandidate(c *gin.Context)  { ui.remind(c, "", c.Param("id")) }
