package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/store"
)

type answersResponse struct {
	CandidateID string                          `json:"candidate_id"`
	Response    mspeval.Response                `json:"response"`
	Answers     map[string]mspeval.StoredAnswer `json:"answers"`
}

func writeAnswers(c *gin.Context, set store.AnswerSet) {
	c.JSON(http.StatusOK, answersResponse{CandidateID: set.Candidate.ID, Response: set.Candidate.Response, Answers: set.Answers})
}

func (s *Server) getAnswers(c *gin.Context) {
	set, err := s.app.GetAnswers(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	writeAnswers(c, set)
}

func (s *Server) saveAnswers(c *gin.Context) {
	if err := callerOf(c).May(mspeval.EditCandidates); err != nil {
		s.fail(c, err)
		return
	}
	var req answersRequest
	if !s.bind(c, &req) {
		return
	}
	set, err := s.app.SaveAnswers(c.Request.Context(), callerOf(c), c.Param("id"), req.Answers)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeAnswers(c, set)
}

func (s *Server) submitAnswers(c *gin.Context) {
	set, err := s.app.SubmitAnswers(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	writeAnswers(c, set)
}

func (s *Server) reopen(c *gin.Context) {
	set, err := s.app.Reopen(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	writeAnswers(c, set)
}
