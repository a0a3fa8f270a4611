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
		CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt, Questionnaire: d.Questionnaire}
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
	c.JSON(http.StatusOK, toDraftResponse(d))
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
	c.JSON(http.StatusCreated, toDraftResponse(d))
}

func (s *Server) replaceDraft(c *gin.Context) {
	if err := callerOf(c).May(app.EditQuestionnaires); err != nil {
		s.fail(c, err)
		return
	}
	data, format, err := readDocument(c.Request)
	if err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.app.ReplaceDraft(c.Request.Context(), callerOf(c), c.Param("id"), data, format)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toDraftResponse(d))
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
	q, err := s.app.PublishDraft(c.Request.Context(), callerOf(c), c.Param("id"))
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
