package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// The respondent's routes are reached with the link's secret alone. They answer
// with the respondent's view only: no scores, guidance or other candidates.

func (s *Server) respondentForm(c *gin.Context) {
	form, err := s.app.RespondentForm(c.Request.Context(), c.Param("token"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, form)
}

func (s *Server) respondentSave(c *gin.Context) {
	var req answersRequest
	if !s.bind(c, &req) {
		return
	}
	draft, err := s.app.RespondentSave(c.Request.Context(), c.Param("token"), req.Answers)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, draft)
}

func (s *Server) respondentSubmit(c *gin.Context) {
	draft, err := s.app.RespondentSubmit(c.Request.Context(), c.Param("token"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, draft)
}

// respondentUnsubscribe stops the workspace that sent a link from emailing the
// address it was sent to (the email's one-click unsubscribe, RFC 8058).
func (s *Server) respondentUnsubscribe(c *gin.Context) {
	if err := s.app.OptOut(c.Request.Context(), c.Param("token")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// respondentResults returns a respondent's own results, when the
// questionnaire shows them and the response is submitted.
func (s *Server) respondentResults(c *gin.Context) {
	res, err := s.app.RespondentResults(c.Request.Context(), c.Param("token"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}
