package frontend

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
	"mspeval/questions"
	"mspeval/store"
)

// The draft editor: a form for what authors change most, an "Edit as YAML"
// view for everything, both saved through the app's replace (which refuses a
// document with problems whole, naming each at its field), and publishing.

func headOf(d store.Draft) draftHead {
	h := draftHead{ID: d.ID, Title: d.Title, LocalKey: questions.LocalKey(d.Key), Version: d.Version, Revision: d.Revision}
	if d.BasedOn != nil {
		h.BasedOn, h.BasedOnHref = versionName(d.BasedOn.Key, d.BasedOn.Version), versionHref(d.BasedOn.Key, d.BasedOn.Version)
	}
	return h
}

func (ui *UI) draftPage(c *gin.Context) {
	d, err := ui.app.GetDraft(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return
	}
	ui.showDraft(c, http.StatusOK, d, editorView(formOf(d.Questionnaire), nil, nil, ""))
}

func (ui *UI) showDraft(c *gin.Context, status int, d store.Draft, e draftEditor) {
	e.Draft, e.CanEdit = headOf(d), callerOf(c).Can(app.EditQuestionnaires)
	if e.Revision == 0 {
		e.Revision = d.Revision
	}
	p := ui.questionnaireBase(c, "Draft: "+d.Title)
	if len(e.Problems) > 0 || e.Conflict != "" {
		p.Title = "Not saved: " + p.Title
	}
	p.Data = e
	ui.render(c, status, "draft", p)
}

// draftSave saves the form, or makes the change one of its other buttons asks
// for (add, remove, move) without saving.
func (ui *UI) draftSave(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	d, ok := ui.editableDraft(c)
	if !ok {
		return
	}
	if err := c.Request.ParseForm(); err != nil {
		ui.fail(c, mspeval.Errorf(mspeval.EMALFORMED, "the form could not be read (%v); a questionnaire this large is edited as YAML", err))
		return
	}
	f := parseDraftForm(c.Request.PostForm, d.Questionnaire)
	rev := postedRevision(c)
	if action := c.Request.PostForm.Get("action"); action != "" && action != "save" {
		focus, _ := applyAction(&f, action)
		e := editorView(f, nil, nil, focus)
		e.Unsaved, e.Revision = true, rev
		ui.showDraft(c, http.StatusOK, d, e)
		return
	}
	doc, aliases, err := buildDocument(d.Questionnaire, f)
	if err != nil {
		ui.fail(c, mspeval.Internal(err))
		return
	}
	if _, err := ui.app.ReplaceDraft(ctx, caller, d.ID, doc, questions.FormatJSON, rev); err != nil {
		var problems []questions.FieldProblem
		var conflict string
		switch mspeval.ErrorCode(err) {
		case mspeval.EINVALID:
			problems = fieldProblems(err, d.Key)
		case mspeval.EPRECONDITION:
			// What was typed stays on the page; saving it again is a choice
			// made knowing that it replaces the other save.
			conflict, rev = fullSentence(mspeval.ErrorMessage(err)), d.Revision
		default:
			ui.fail(c, err)
			return
		}
		e := editorView(f, problems, aliases, "")
		e.Unsaved, e.Revision, e.Conflict = true, rev, conflict
		ui.showDraft(c, mspeval.Status(err), d, e)
		return
	}
	c.Redirect(http.StatusSeeOther, "/questionnaire-drafts/"+d.ID+"?done=saved")
}

// postedRevision is the draft's revision a posted form was made from: 0 (any)
// for a form without one.
func postedRevision(c *gin.Context) int {
	rev, _ := strconv.Atoi(c.PostForm("revision"))
	return max(rev, 0)
}

// editableDraft is the draft the route names, for a caller who may edit
// questionnaires; the permission is checked before anything posted is read.
// It reports false when it answered the request itself.
func (ui *UI) editableDraft(c *gin.Context) (store.Draft, bool) {
	caller := callerOf(c)
	if err := caller.May(app.EditQuestionnaires); err != nil {
		ui.fail(c, err)
		return store.Draft{}, false
	}
	d, err := ui.app.GetDraft(c.Request.Context(), caller, c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return store.Draft{}, false
	}
	return d, true
}

// fieldProblems are an EINVALID error's problems at their fields. The
// messages name the questionnaire by the key its author knows, without the
// workspace's namespace.
func fieldProblems(err error, key string) []questions.FieldProblem {
	var e *mspeval.Error
	if !errors.As(err, &e) {
		return nil
	}
	local := strings.NewReplacer(key, questions.LocalKey(key))
	out := make([]questions.FieldProblem, 0, len(e.Fields))
	for _, f := range e.Fields {
		out = append(out, questions.FieldProblem{Field: f.Field, Message: local.Replace(f.Message)})
	}
	if len(out) == 0 {
		out = append(out, questions.FieldProblem{Message: local.Replace(e.Message)})
	}
	return out
}

type draftYAMLData struct {
	Draft    draftHead
	CanEdit  bool
	Text     string
	Problems []yamlProblem
	// Revision and Conflict: as draftEditor's.
	Revision int
	Conflict string
}

// yamlProblem is a problem of the YAML view, with the line of its field when
// the text has that field.
type yamlProblem struct {
	Field, Message string
	Line           int
}

func (ui *UI) draftYAMLPage(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	d, err := ui.app.GetDraft(ctx, caller, c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return
	}
	text, _, err := ui.app.ExportDraft(ctx, caller, d.ID)
	if err != nil {
		ui.fail(c, err)
		return
	}
	ui.showDraftYAML(c, http.StatusOK, d, draftYAMLData{Text: string(text), Revision: d.Revision})
}

func (ui *UI) showDraftYAML(c *gin.Context, status int, d store.Draft, data draftYAMLData) {
	p := ui.questionnaireBase(c, "YAML of the draft: "+d.Title)
	if len(data.Problems) > 0 || data.Conflict != "" {
		p.Title = "Not saved: " + p.Title
	}
	data.Draft, data.CanEdit = headOf(d), callerOf(c).Can(app.EditQuestionnaires)
	p.Data = data
	ui.render(c, status, "draft_yaml", p)
}

// draftYAMLSave replaces the draft with the YAML typed; a refusal shows the
// text again as typed, with every problem and its line.
func (ui *UI) draftYAMLSave(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	d, ok := ui.editableDraft(c)
	if !ok {
		return
	}
	// A browser sends a text box's line breaks as CRLF.
	text := strings.ReplaceAll(c.PostForm("yaml"), "\r\n", "\n")
	rev := postedRevision(c)
	if _, err := ui.app.ReplaceDraft(ctx, caller, d.ID, []byte(text), questions.FormatYAML, rev); err != nil {
		data := draftYAMLData{Text: text, Revision: rev}
		switch mspeval.ErrorCode(err) {
		case mspeval.EINVALID:
			for _, p := range fieldProblems(err, d.Key) {
				data.Problems = append(data.Problems, yamlProblem{Field: p.Field, Message: p.Message, Line: lineOf(text, p.Field)})
			}
		case mspeval.EPRECONDITION:
			data.Conflict, data.Revision = fullSentence(mspeval.ErrorMessage(err)), d.Revision
		default:
			ui.fail(c, err)
			return
		}
		ui.showDraftYAML(c, mspeval.Status(err), d, data)
		return
	}
	c.Redirect(http.StatusSeeOther, "/questionnaire-drafts/"+d.ID+"/yaml?done=saved")
}

func (ui *UI) draftExport(c *gin.Context) {
	data, name, err := ui.app.ExportDraft(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return
	}
	sendYAML(c, data, name)
}

func (ui *UI) draftDelete(c *gin.Context) {
	if err := ui.app.DeleteDraft(c.Request.Context(), callerOf(c), c.Param("id")); err != nil {
		ui.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/questionnaires?done=deleted")
}

type publishData struct {
	Draft   draftHead
	CanEdit bool
	Diff    questions.Diff
	HasDiff bool
	From    string
	Error   string
}

// draftPublishPage asks to confirm publishing, and shows what it changes.
func (ui *UI) draftPublishPage(c *gin.Context) {
	ui.showPublish(c, http.StatusOK, nil)
}

func (ui *UI) showPublish(c *gin.Context, status int, publishErr error) {
	ctx, caller := c.Request.Context(), callerOf(c)
	d, err := ui.app.GetDraft(ctx, caller, c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return
	}
	diff, ok, err := ui.app.DraftChanges(ctx, caller, d.ID)
	if err != nil {
		ui.fail(c, err)
		return
	}
	pd := publishData{Draft: headOf(d), CanEdit: caller.Can(app.EditQuestionnaires), Diff: diff, HasDiff: ok}
	if ok {
		pd.From = versionName(diff.From.Key, diff.From.Version)
	}
	p := ui.questionnaireBase(c, "Publish "+d.Title)
	if publishErr != nil {
		p.Error = mspeval.ErrorMessage(publishErr)
	}
	p.Data = pd
	ui.render(c, status, "draft_publish", p)
}

func (ui *UI) draftPublish(c *gin.Context) {
	q, err := ui.app.PublishDraft(c.Request.Context(), callerOf(c), c.Param("id"), postedRevision(c))
	if err != nil {
		switch mspeval.ErrorCode(err) {
		case mspeval.EPRECONDITION:
			// The page shows what the draft changes now, to publish that.
			err = &mspeval.Error{Code: mspeval.EPRECONDITION, Message: "Not published: " + mspeval.ErrorMessage(err) +
				". What it changes now is below; publish again to publish that."}
			fallthrough
		case mspeval.ECONFLICT, mspeval.EINVALID:
			ui.showPublish(c, mspeval.Status(err), err)
			return
		}
		ui.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, versionHref(q.Key, q.Version)+"&done=published")
}
