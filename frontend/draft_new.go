package frontend

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
	"mspeval/questions"
	"mspeval/store"
)

// A draft starts as a clone of a published version or as an imported file.

// draftClone starts a draft from a published version.
func (ui *UI) draftClone(c *gin.Context) {
	if err := callerOf(c).May(app.EditQuestionnaires); err != nil {
		ui.fail(c, err)
		return
	}
	from, key := c.PostForm("from"), strings.TrimSpace(c.PostForm("key"))
	fromKey, fromVersion, ok := parseVersion(from)
	var d store.Draft
	var err error = mspeval.Invalid("choose what to start from", mspeval.FieldError{Field: "from_key", Message: "choose a questionnaire version"})
	if ok {
		d, err = ui.app.CloneDraft(c.Request.Context(), callerOf(c), store.CloneInput{FromKey: fromKey, FromVersion: fromVersion, Key: key})
	}
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/questionnaire-drafts/"+d.ID+"?done=cloned")
		return
	}
	switch mspeval.ErrorCode(err) {
	case mspeval.EINVALID, mspeval.ECONFLICT:
		ui.showQuestionnaires(c, mspeval.Status(err), func(qd *questionnairesData) {
			qd.Clone, qd.CloneKey, qd.Fields = from, key, fieldMap(err)
			if mspeval.ErrorCode(err) == mspeval.ECONFLICT {
				qd.Fields["key"] = mspeval.ErrorMessage(err)
			}
		})
	default:
		ui.fail(c, err)
	}
}

// draftImport makes a draft of an uploaded questionnaire file; a file with
// problems stores nothing, and every problem is listed.
func (ui *UI) draftImport(c *gin.Context) {
	if err := callerOf(c).May(app.EditQuestionnaires); err != nil {
		ui.fail(c, err)
		return
	}
	data, err := uploadedFile(c, "file")
	var d store.Draft
	if err == nil {
		format := questions.FormatYAML
		if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
			format = questions.FormatJSON
		}
		d, err = ui.app.ImportDraft(c.Request.Context(), callerOf(c), data, format)
	}
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/questionnaire-drafts/"+d.ID+"?done=imported")
		return
	}
	switch mspeval.ErrorCode(err) {
	case mspeval.EINVALID, mspeval.ECONFLICT, mspeval.EMALFORMED, mspeval.ETOOLARGE:
		ui.showQuestionnaires(c, mspeval.Status(err), func(qd *questionnairesData) {
			qd.ImportProblems = problemTexts(err)
		})
	default:
		ui.fail(c, err)
	}
}

// uploadedFile reads one uploaded file of the form, bounded, in UTF-8.
func uploadedFile(c *gin.Context, name string) ([]byte, error) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxImportBytes+64<<10)
	fh, err := c.FormFile(name)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, mspeval.Errorf(mspeval.ETOOLARGE, "the file is larger than %d KiB", maxImportBytes>>10)
		}
		return nil, mspeval.Errorf(mspeval.EMALFORMED, "choose a questionnaire file (YAML) to import")
	}
	if fh.Size > maxImportBytes {
		return nil, mspeval.Errorf(mspeval.ETOOLARGE, "the file is larger than %d KiB", maxImportBytes>>10)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, mspeval.Internal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxImportBytes+1))
	if err != nil {
		return nil, mspeval.Internal(err)
	}
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return nil, mspeval.Errorf(mspeval.EMALFORMED, "the file is empty")
	case !utf8.Valid(data):
		return nil, mspeval.Errorf(mspeval.EMALFORMED, "the file is not text in UTF-8; export it from the questionnaire list or save it as UTF-8")
	}
	return data, nil
}

// problemTexts lists an error's problems, each with its field.
func problemTexts(err error) []string {
	var e *mspeval.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return []string{mspeval.ErrorMessage(err)}
	}
	out := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		if f.Field == "" {
			out = append(out, f.Message)
			continue
		}
		out = append(out, f.Field+": "+f.Message)
	}
	return out
}
