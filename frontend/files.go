package frontend

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/questions"
)

// Evidence files on the respondent's form. Without JavaScript the form is
// posted as multipart/form-data with a file input per file question: every
// button of the form saves the answers and attaches the files chosen, and a
// file's own buttons ("Upload", "Remove the file") do the same for that
// file, so a file never costs the typed answers. With JavaScript
// (static/files.js) a file goes to the API as soon as it is chosen, and the
// rest of the draft autosaves as before. Downloads, from the form and from
// the review page, are the API's routes: they check the link or the
// workspace, and send the file as a safe attachment.

// uploadTime is how long a form with files may take to arrive, past the
// server's read timeout (set for forms without files).
const uploadTime = 10 * time.Minute

// formFieldBudget bounds the form's fields, apart from its files: every text
// answer at its longest, with room to spare.
const formFieldBudget = 1 << 20

// formFiles is what a posted form asks of its file questions.
type formFiles struct {
	uploads []formUpload
	// remove is the question whose file the respondent asked to remove.
	remove string
	// focus is the question to come back to after the save.
	focus string
	// errs are the files refused while reading, by question.
	errs map[string]error
	// release gives back the upload slot the files are read under; nil
	// while none is held.
	release func()
}

type formUpload struct {
	key, name string
	data      []byte
}

func (f formFiles) any() bool { return len(f.uploads) > 0 || f.remove != "" || len(f.errs) > 0 }

// done gives back the upload slot, once the files are stored or refused.
func (f formFiles) done() {
	if f.release != nil {
		f.release()
	}
}

// readFormFiles reads a multipart form posted to a form of answers (the
// respondent's, or the team's answers page): its
// fields go where gin's PostForm reads them, its files are returned. A file
// is read up to its question's limit and the body as a whole up to the
// limits of all the file questions and formFieldBudget; a body over that is
// an error, a file over its own limit is refused on its own. A form that is
// not multipart is left as it is.
//
// The files are read under one of the process's upload slots, taken by hold
// (app.Service.HoldUpload) at the first file chosen and given back by the
// caller with done. When every slot is taken, the form's files are skipped
// unread into memory and refused on their own, each saying to try again,
// while its typed answers are read and saved as usual: a busy service never
// costs the respondent their answers.
func readFormFiles(c *gin.Context, q *questions.Questionnaire, hold func() (func(), error)) (formFiles, error) {
	out := formFiles{errs: map[string]error{}}
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if mt != "multipart/form-data" {
		return out, nil
	}
	limit := int64(formFieldBudget)
	for _, qq := range q.Questions() {
		if qq.Type == questions.TypeFile {
			limit += qq.MaxFileBytes() + 4<<10
		}
	}
	tooLarge := mspeval.Errorf(mspeval.ETOOLARGE, "the form is larger than its files and answers can be; choose smaller files and send it again")
	if c.Request.ContentLength > limit {
		return out, tooLarge
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	// Files over a slow phone connection take longer than the server's read
	// timeout allows a request.
	_ = http.NewResponseController(c.Writer).SetReadDeadline(time.Now().Add(uploadTime))
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return out, mspeval.Errorf(mspeval.EMALFORMED, "the form could not be read; send it again")
	}
	fields := url.Values{}
	budget := int64(formFieldBudget)
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return out, formReadError(err, tooLarge)
		}
		key, isFile := strings.CutPrefix(part.FormName(), "f.")
		qq, _ := q.Question(key)
		if !isFile || qq == nil || qq.Type != questions.TypeFile {
			v, err := io.ReadAll(io.LimitReader(part, budget+1))
			if err != nil {
				return out, formReadError(err, tooLarge)
			}
			if budget -= int64(len(v)); budget < 0 {
				return out, tooLarge
			}
			if part.FileName() == "" {
				fields.Add(part.FormName(), string(v))
			}
			continue
		}
		if out.release == nil && part.FileName() != "" {
			if out.release, err = hold(); err != nil {
				if _, err := io.Copy(io.Discard, part); err != nil {
					return out, formReadError(err, tooLarge)
				}
				out.errs[key] = uploadsBusy(err)
				continue
			}
		}
		data, err := io.ReadAll(io.LimitReader(part, qq.MaxFileBytes()+1))
		if err != nil {
			return out, formReadError(err, tooLarge)
		}
		switch {
		case len(data) == 0 && part.FileName() == "":
			// The input was left empty.
		case int64(len(data)) > qq.MaxFileBytes():
			out.errs[key] = fileTooLarge(qq)
		default:
			out.uploads = append(out.uploads, formUpload{key: key, name: part.FileName(), data: data})
		}
	}
	c.Request.PostForm, c.Request.Form = fields, fields
	c.Request.MultipartForm = &multipart.Form{Value: fields}
	if k := fields.Get("file_remove"); k != "" {
		out.remove, out.focus = k, k
	}
	if k := fields.Get("file_upload"); k != "" {
		out.focus = k
	}
	return out, nil
}

// uploadsBusy is a file refused because the service is reading as many
// files as it takes at once (app.Service.HoldUpload), as the form says it.
func uploadsBusy(err error) error {
	return &mspeval.Error{Code: mspeval.EUNAVAILABLE, RetryAfter: retryAfter(err),
		Message: "The service is receiving many files at once, so this one was not attached. Choose it again in a few seconds."}
}

func formReadError(err, tooLarge error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge
	}
	return mspeval.Errorf(mspeval.EMALFORMED, "the form could not be read; send it again")
}

// fileTooLarge says a file is over its question's limit, as the app does.
func fileTooLarge(qq *questions.Question) error {
	return mspeval.Errorf(mspeval.ETOOLARGE, "The file is larger than %s, the most this question takes. Nothing was attached.",
		questions.FormatBytes(qq.MaxFileBytes()))
}

// fileActions attach and remove the files of one response: through the
// respondent's link, or as a member of the candidate's workspace.
type fileActions struct {
	attach func(key, name string, data []byte) error
	remove func(key string) error
}

// linkFiles are the actions of the respondent whose link the route names.
func (ui *UI) linkFiles(c *gin.Context) fileActions {
	ctx, token := c.Request.Context(), c.Param("token")
	return fileActions{
		attach: func(key, name string, data []byte) error {
			_, err := ui.app.AttachRespondentFile(ctx, token, key, name, data)
			return err
		},
		remove: func(key string) error { _, err := ui.app.RemoveRespondentFile(ctx, token, key); return err },
	}
}

// memberFiles are the actions of the signed-in member for a candidate.
func (ui *UI) memberFiles(c *gin.Context, candidateID string) fileActions {
	ctx, caller := c.Request.Context(), callerOf(c)
	return fileActions{
		attach: func(key, name string, data []byte) error {
			_, err := ui.app.AttachFile(ctx, caller, candidateID, key, name, data)
			return err
		},
		remove: func(key string) error { _, err := ui.app.RemoveFile(ctx, caller, candidateID, key); return err },
	}
}

// saveFormFiles attaches and removes what the form asked, each file on its
// own, and returns the refusals by question with the status to show them,
// or an error about the response itself (submitted, closed, link gone).
func (ui *UI) saveFormFiles(c *gin.Context, f formFiles, do fileActions) (map[string]string, int, error) {
	errs := map[string]string{}
	status := http.StatusUnprocessableEntity
	fail := func(key string, err error) {
		errs[key] = fileMessage(err)
		status = mspeval.Status(err)
		if ra := retryAfter(err); ra > 0 {
			c.Header("Retry-After", strconv.Itoa(ra))
		}
	}
	for key, err := range f.errs {
		fail(key, err)
	}
	for _, u := range f.uploads {
		if err := do.attach(u.key, u.name, u.data); err != nil {
			if !fieldError(err) {
				return nil, 0, err
			}
			fail(u.key, err)
		}
	}
	if f.remove != "" {
		err := do.remove(f.remove)
		switch {
		case err == nil, mspeval.ErrorCode(err) == mspeval.ENOTFOUND: // removed already (a second press)
		case fieldError(err):
			fail(f.remove, err)
		default:
			return nil, 0, err
		}
	}
	return errs, status, nil
}

// respondFiles saves the files a posted form carries, once its answers are
// saved. It reports false when it answered the request itself: a refused
// file shows the form again, with why beside its question, and the saved
// answers as they now are.
func (ui *UI) respondFiles(c *gin.Context, f formFiles) bool {
	if !f.any() {
		return true
	}
	errs, status, err := ui.saveFormFiles(c, f, ui.linkFiles(c))
	if err != nil {
		ui.respondError(c, err)
		return false
	}
	if len(errs) == 0 {
		return true
	}
	form, q, ok := ui.respondent(c)
	if ok {
		ui.showRespond(c, status, form, q, form.Answers, errs, "", talkInput{})
	}
	return false
}

// fieldError reports whether err is about a file itself (its kind, size or
// content) rather than about the response (submitted, closed, link gone).
func fieldError(err error) bool {
	switch mspeval.ErrorCode(err) {
	case mspeval.EINVALID, mspeval.EUNSUPPORTED, mspeval.ETOOLARGE:
		return true
	}
	return false
}

// fileMessage is a file's refusal as a sentence for the form.
func fileMessage(err error) string {
	var e *mspeval.Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		return "The file " + strings.TrimSuffix(e.Fields[0].Message, ".") + ". Nothing was attached."
	}
	return mspeval.ErrorMessage(err)
}

// fileLimits is what a file question's form field says of its limits.
type fileLimits struct {
	MaxBytes int64
	// Size is the limit in words, Kinds the kinds the question takes.
	Size, Kinds string
	// Accept is the file input's accept attribute: a hint to the device's
	// file picker; the server checks the content whatever it is.
	Accept string
}

// fileLimitsOf reads a file question's limits from the respondent's view of
// it or from the questionnaire's.
func fileLimitsOf(q any) fileLimits {
	var max int64
	var kinds []questions.FileKind
	switch v := q.(type) {
	case questions.RespondentQuestion:
		if v.File != nil {
			max, kinds = v.File.MaxBytes, v.File.Accept
		}
	case questions.Question:
		max, kinds = v.MaxFileBytes(), v.AcceptedKinds()
	case *questions.Question:
		max, kinds = v.MaxFileBytes(), v.AcceptedKinds()
	}
	if max == 0 {
		max = questions.DefaultMaxFileBytes
	}
	if len(kinds) == 0 {
		kinds = questions.FileKinds()
	}
	labels := make([]string, len(kinds))
	var accept []string
	for i, k := range kinds {
		labels[i] = k.Label()
		accept = append(accept, k.Extension(), k.MediaType())
		if k == questions.FileJPEG {
			accept = append(accept, ".jpeg")
		}
	}
	words := labels[0]
	if n := len(labels); n > 1 {
		words = strings.Join(labels[:n-1], ", ") + " or " + labels[n-1]
	}
	return fileLimits{MaxBytes: max, Size: questions.FormatBytes(max), Kinds: words, Accept: strings.Join(accept, ",")}
}

// fileLabel names a stored file's media type for people ("Word document").
func fileLabel(mediaType string) string {
	if k, ok := questions.KindOf(mediaType); ok {
		return k.Label()
	}
	return mediaType
}

// hasFileQuestions reports whether a form's sections (the respondent's view
// or the questionnaire's) ask for a file: the form is then posted as
// multipart/form-data.
func hasFileQuestions(sections any) bool {
	switch v := sections.(type) {
	case []questions.RespondentSection:
		for _, s := range v {
			for _, q := range s.Questions {
				if q.Type == questions.TypeFile {
					return true
				}
			}
		}
	case []questions.Section:
		for _, s := range v {
			for _, q := range s.Questions {
				if q.Type == questions.TypeFile {
					return true
				}
			}
		}
	}
	return false
}
