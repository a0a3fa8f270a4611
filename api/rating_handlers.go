package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval"
)

type putRatingRequest struct {
	Score *int   `json:"score" validate:"required,min=0,max=4"`
	Note  string `json:"note" validate:"max=2000"`
}

func (s *Server) listRatings(c *gin.Context) {
	items, err := s.store.CandidateRatings(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	writeList(c, items, "")
}

func (s *Server) getRating(c *gin.Context) {
	sum, err := s.store.AnswerRatings(c.Request.Context(), callerOf(c), c.Param("id"), c.Param("question"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, sum)
}

func (s *Server) putRating(c *gin.Context) {
	if err := callerOf(c).Require(mspeval.RoleEditor); err != nil {
		s.fail(c, err)
		return
	}
	var req putRatingRequest
	if !s.bind(c, &req) {
		return
	}
	sum, err := s.store.PutRating(c.Request.Context(), callerOf(c), c.Param("id"), c.Param("question"), *req.Score, req.Note)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, sum)
}

func (s *Server) deleteRating(c *gin.Context) {
	if err := s.store.DeleteRating(c.Request.Context(), callerOf(c), c.Param("id"), c.Param("question")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
