package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval"
)

type putRatingRequest struct {
	Score *int   `json:"score" validate:"required,min=0,max=4"`
	Note  string `json:"note"`
}

func (s *Server) listRatings(c *gin.Context) {
	items, err := s.app.CandidateRatings(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	writeList(c, items, "")
}

func (s *Server) getRating(c *gin.Context) {
	sum, err := s.app.AnswerRatings(c.Request.Context(), callerOf(c), c.Param("id"), c.Param("question"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, sum)
}

func (s *Server) putRating(c *gin.Context) {
	if err := callerOf(c).May(mspeval.RateAnswers); err != nil {
		s.fail(c, err)
		return
	}
	var req putRatingRequest
	if !s.bind(c, &req) {
		return
	}
	sum, err := s.app.PutRating(c.Request.Context(), callerOf(c), c.Param("id"), c.Param("question"), *req.Score, req.Note)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, sum)
}

func (s *Server) deleteRating(c *gin.Context) {
	if err := s.app.DeleteRating(c.Request.Context(), callerOf(c), c.Param("id"), c.Param("question")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
