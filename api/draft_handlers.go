package api

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
	"mspeval/questions"
	"mspeval/store"
)

// draftResponse is a questionnaire draft; Questionnaire is left out of lists.
type draftResponse struct {
	ID            string                   `json:"id"`
	Key           string                   `json:"key"`
	LocalKey      string                   `json:"local_key"`
	Version       int                      `json:"version"`
	Title         string                   `json:"title"`
	BasedOn       *versionRef              `json:"based_on"`
	Revision      int                      `json:"revision"`
	CreatedAt     time.Time                `json:"created_at"`
	UpdatedAt     time.Time                `json:"updated_at"`
	Questionnaire *questions.Questionnaire `json:"questionnaire,omitempty"`
}

type versionRef struct {
	Key     string `json:"key"`
	Version int    `json:"version"`
}

func toDraftResponse(d store.Draft) draftResponse {
	out := draftResponse{ID: d.ID, Key: d.Key, LocalKey: questions.LocalKey(d.Key), Version: d.Version, Title: d.Title,
		Revision: d.Revision, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt, Questionnaire: d.Questionnaire}
	if d.BasedOn != nil {
		out.BasedOn = &versionRef{Key: d.BasedOn.Key, Version: d.BasedOn.Version}
	}
	return out
}

type cloneDraftRequest struct {
	FromKey     string `json:"from_key" validate:"required,max=64"`
	FromVersion int    `json:"from_version" validate:"min=0"`
	Key         string `json:"key" validate:"max=64"`
}

func (s *Server) listDrafts(c *gin.Context) {
	list, err := s.app.ListDrafts(c.Request.Context(), callerOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	items := make([]draftResponse, len(list))
	for i, d := range list {
		items[i] = toDraftResponse(d)
	}
	writeList(c, items, "")
}

func (s *Server) getDraft(c *gin.Context) {
	d, err := s.app.GetDraft(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	writeDraft(c, http.StatusOK, d)
}

// writeDraft answers with a draft and its entity tag, the tag a later
// change sends in If-Match to be refused if someone saved in between.
func writeDraft(c *gin.Context, status int, d store.Draft) {
	c.Header("ETag", `"`+strconv.Itoa(d.Revision)+`"`)
	c.JSON(status, toDraftResponse(d))
}

// ifRevision reads a change's If-Match: no header, or "*", is any revision
// (0); one strong entity tag of a draft is its revision. A header that no
// draft's tag can match (a weak tag, a list, any other text) is refused as
// RFC 9110 says, with 412.
func ifRevision(c *gin.Context) (int, error) {
	h := strings.TrimSpace(c.GetHeader("If-Match"))
	if h == "" || h == "*" {
		return 0, nil
	}
	if inner, ok := strings.CutPrefix(h, `"`); ok {
		if digits, ok := strings.CutSuffix(inner, `"`); ok {
			if n, err := strconv.Atoi(digits); err == nil && n > 0 {
				return n, nil
			}
		}
	}
	return 0, mspeval.Errorf(mspeval.EPRECONDITION,
		"If-Match %s matches no revision of a draft: send the ETag that GET /api/v1/questionnaire-drafts/{id} answered, such as \"3\"", h)
}

func (s *Server) cloneDraft(c *gin.Context) {
	if err := callerOf(c).May(app.EditQuestionnaires); err != nil {
		s.fail(c, err)
		return
	}
	var req cloneDraftRequest
	if !s.bind(c, &req) {
		return
	}
	d, err := s.app.CloneDraft(c.Request.Context(), callerOf(c), store.CloneInput{FromKey: req.FromKey, FromVersion: req.FromVersion, Key: req.Key})
	if err != nil {
		s.fail(c, err)
		return
	}
	writeCreatedDraft(c, d)
}

func (s *Server) importDraft(c *gin.Context) {
	if err := callerOf(c).May(app.EditQuestionnaires); err != nil {
		s.fail(c, err)
		return
	}
	data, format, err := readDocument(c.Request)
	if err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.app.ImportDraft(c.Request.Context(), callerOf(c), data, format)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeCreatedDraft(c, d)
}

func writeCreatedDraft(c *gin.Context, d store.Draft) {
	c.Header("Location", "/api/v1/questionnaire-drafts/"+d.ID)
	writeDraft(c, http.StatusCreated, d)
}

func (s *Server) replaceDraft(c *gin.Context) {
	if err := callerOf(c).May(app.EditQuestionnaires); err != nil {
		s.fail(c, err)
		return
	}
	rev, err := ifRevision(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	data, format, err := readDocument(c.Request)
	if err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.app.ReplaceDraft(c.Request.Context(), callerOf(c), c.Param("id"), data, format, rev)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeDraft(c, http.StatusOK, d)
}

func (s *Server) deleteDraft(c *gin.Context) {
	if err := s.app.DeleteDraft(c.Request.Context(), callerOf(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) exportDraft(c *gin.Context) {
	data, name, err := s.app.ExportDraft(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	writeYAML(c, data, name)
}

func (s *Server) publishDraft(c *gin.Context) {
	rev, err := ifRevision(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	q, err := s.app.PublishDraft(c.Request.Context(), callerOf(c), c.Param("id"), rev)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/questionnaires/"+q.Key+"/versions/"+strconv.Itoa(q.Version))
	c.JSON(http.StatusCreated, q)
}

// readDocument reads a questionnaire document: YAML (application/yaml) or its
// JSON form (application/json), in UTF-8, within the API's size limit.
func readDocument(r *http.Request) ([]byte, questions.Format, error) {
	if r.ContentLength > MaxBodyBytes {
		return nil, 0, tooLarge()
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, 0, tooLarge()
		}
		return nil, 0, &mspeval.Error{Code: mspeval.EMALFORMED, Message: "the request body could not be read", Err: err}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, 0, mspeval.Errorf(mspeval.EMALFORMED, "the request body is empty; send a questionnaire as YAML or JSON")
	}
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	var format questions.Format
	switch {
	case err == nil && mt == "application/json":
		format = questions.FormatJSON
	case err == nil && mt == yamlType:
		format = questions.FormatYAML
	default:
		return nil, 0, mspeval.Errorf(mspeval.EUNSUPPORTED, "send the questionnaire as application/yaml or application/json, not %s", strconv.QuoteToASCII(ct))
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, 0, mspeval.Errorf(mspeval.EUNSUPPORTED, "send the body as UTF-8, not %s", strconv.QuoteToASCII(cs))
	}
	if !utf8.Valid(body) {
		return nil, 0, mspeval.Errorf(mspeval.EMALFORMED, "the request body is not valid UTF-8")
	}
	return body, format, nil
}
