package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
	"mspeval/questions"
)

// questionnaireSummary is a questionnaire in a list: its latest version and all versions.
type questionnaireSummary struct {
	Key         string `json:"key"`
	LocalKey    string `json:"local_key"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Origin      string `json:"origin"`
	Latest      int    `json:"latest_version"`
	Versions    []int  `json:"versions"`
}

func toSummary(q app.QuestionnaireSummary) questionnaireSummary {
	return questionnaireSummary{Key: q.Key, LocalKey: q.LocalKey, Title: q.Title, Description: q.Description,
		Origin: q.Origin, Latest: q.Latest, Versions: q.Versions}
}

func (s *Server) listQuestionnaires(c *gin.Context) {
	list, err := s.app.ListQuestionnaires(c.Request.Context(), callerOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	items := make([]questionnaireSummary, len(list))
	for i, q := range list {
		items[i] = toSummary(q)
	}
	writeList(c, items, "")
}

func (s *Server) latestQuestionnaire(c *gin.Context) {
	q, err := s.app.Questionnaire(c.Request.Context(), callerOf(c), c.Param("key"), 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, q)
}

// versionParam reads the :version of a path; anything but a whole number
// from 1 names no version.
func (s *Server) versionParam(c *gin.Context) (int, bool) {
	v, err := strconv.Atoi(c.Param("version"))
	if err != nil || v < 1 {
		s.fail(c, mspeval.NotFound("questionnaire version"))
		return 0, false
	}
	return v, true
}

func (s *Server) questionnaireVersion(c *gin.Context) {
	v, ok := s.versionParam(c)
	if !ok {
		return
	}
	q, err := s.app.Questionnaire(c.Request.Context(), callerOf(c), c.Param("key"), v)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, q)
}

func (s *Server) exportQuestionnaire(c *gin.Context) {
	v, ok := s.versionParam(c)
	if !ok {
		return
	}
	data, name, err := s.app.ExportQuestionnaire(c.Request.Context(), callerOf(c), c.Param("key"), v)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeYAML(c, data, name)
}

// yamlType is how questionnaire files are sent and taken.
const yamlType = "application/yaml"

func writeYAML(c *gin.Context, data []byte, name string) {
	c.Header("Content-Disposition", contentDisposition(name))
	c.Data(http.StatusOK, yamlType+"; charset=utf-8", data)
}

// compareQuestionnaires compares two versions named in the query: from_key and
// to_key, with from_version and to_version (the latest when left out).
func (s *Server) compareQuestionnaires(c *gin.Context) {
	var fields []mspeval.FieldError
	ref := func(side string) questions.VersionRef {
		r := questions.VersionRef{Key: c.Query(side + "_key")}
		if r.Key == "" {
			fields = append(fields, mspeval.FieldError{Field: side + "_key", Message: "is required"})
		}
		if v := c.Query(side + "_version"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				fields = append(fields, mspeval.FieldError{Field: side + "_version", Message: "must be a whole number from 1"})
			}
			r.Version = n
		}
		return r
	}
	from, to := ref("from"), ref("to")
	if len(fields) > 0 {
		s.fail(c, mspeval.Invalid("name the two versions to compare", fields...))
		return
	}
	d, err := s.app.CompareQuestionnaires(c.Request.Context(), callerOf(c), from, to)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}
