package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/store"
)

// The length limits of these fields are checked once, by the store, for every
// surface; the tags check only what the JSON must carry.
type createCandidateRequest struct {
	Name         string `json:"name" validate:"required"`
	ContactName  string `json:"contact_name"`
	ContactEmail string `json:"contact_email"`
	Website      string `json:"website"`
	Notes        string `json:"notes"`
}

type updateCandidateRequest struct {
	Name         *string `json:"name" validate:"omitempty"`
	ContactName  *string `json:"contact_name" validate:"omitempty"`
	ContactEmail *string `json:"contact_email" validate:"omitempty"`
	Website      *string `json:"website" validate:"omitempty"`
	Notes        *string `json:"notes" validate:"omitempty"`
}

func (s *Server) listCandidates(c *gin.Context) {
	p, ok := s.page(c)
	if !ok {
		return
	}
	items, next, err := s.app.ListCandidates(c.Request.Context(), callerOf(c), c.Param("id"), p)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeList(c, items, next)
}

func (s *Server) createCandidate(c *gin.Context) {
	if err := callerOf(c).May(mspeval.EditCandidates); err != nil {
		s.fail(c, err)
		return
	}
	var req createCandidateRequest
	if !s.bind(c, &req) {
		return
	}
	cand, err := s.app.CreateCandidate(c.Request.Context(), callerOf(c), c.Param("id"), store.CandidateInput(req))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/candidates/"+cand.ID)
	c.JSON(http.StatusCreated, cand)
}

func (s *Server) getCandidate(c *gin.Context) {
	cand, err := s.app.GetCandidate(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, cand)
}

func (s *Server) updateCandidate(c *gin.Context) {
	if err := callerOf(c).May(mspeval.EditCandidates); err != nil {
		s.fail(c, err)
		return
	}
	var req updateCandidateRequest
	if !s.bind(c, &req) {
		return
	}
	cand, err := s.app.UpdateCandidate(c.Request.Context(), callerOf(c), c.Param("id"), store.CandidatePatch(req))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, cand)
}

func (s *Server) deleteCandidate(c *gin.Context) {
	if err := s.app.DeleteCandidate(c.Request.Context(), callerOf(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
