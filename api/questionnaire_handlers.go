package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"mspeval"
)

// questionnaireSummary is a questionnaire in a list: its latest version and all versions.
type questionnaireSummary struct {
	Key         string `json:"key"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Latest      int    `json:"latest_version"`
	Versions    []int  `json:"versions"`
}

func (s *Server) listQuestionnaires(c *gin.Context) {
	var items []questionnaireSummary
	for _, q := range s.app.Catalog().All() {
		if n := len(items); n > 0 && items[n-1].Key == q.Key {
			items[n-1].Latest = q.Version
			items[n-1].Title, items[n-1].Description = q.Title, q.Description
			items[n-1].Versions = append(items[n-1].Versions, q.Version)
			continue
		}
		items = append(items, questionnaireSummary{Key: q.Key, Title: q.Title, Description: q.Description,
			Latest: q.Version, Versions: []int{q.Version}})
	}
	writeList(c, items, "")
}

func (s *Server) latestQuestionnaire(c *gin.Context) {
	q, ok := s.app.Catalog().Latest(c.Param("key"))
	if !ok {
		s.fail(c, mspeval.NotFound("questionnaire"))
		return
	}
	c.JSON(http.StatusOK, q)
}

func (s *Server) questionnaireVersion(c *gin.Context) {
	v, err := strconv.Atoi(c.Param("version"))
	if err != nil {
		s.fail(c, mspeval.NotFound("questionnaire version"))
		return
	}
	q, ok := s.app.Catalog().Get(c.Param("key"), v)
	if !ok {
		s.fail(c, mspeval.NotFound("questionnaire version"))
		return
	}
	c.JSON(http.StatusOK, q)
}
