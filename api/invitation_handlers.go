package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/store"
)

type createInvitationRequest struct {
	ExpiresAt *timestamp `json:"expires_at"`
	// Email, when set, sends the link by email (SMTP must be configured).
	Email string `json:"email" validate:"omitempty,max=254"`
	Name  string `json:"name" validate:"omitempty,max=200"`
}

// createdInvitation carries the link's secret: this response is the only place
// it ever appears.
type createdInvitation struct {
	Invitation mspeval.Invitation `json:"invitation"`
	Token      string             `json:"token"`
	// URL is the link to send: the respondent's form in the web UI.
	URL string `json:"url"`
}

func (s *Server) listInvitations(c *gin.Context) {
	p, ok := s.page(c)
	if !ok {
		return
	}
	items, next, err := s.app.ListInvitations(c.Request.Context(), callerOf(c), c.Param("id"), p)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeList(c, items, next)
}

func (s *Server) createInvitation(c *gin.Context) {
	if err := callerOf(c).May(mspeval.SendInvitations); err != nil {
		s.fail(c, err)
		return
	}
	var req createInvitationRequest
	// No body means the default expiry.
	if !s.bindOptional(c, &req) {
		return
	}
	inv, secret, err := s.app.SendInvitation(c.Request.Context(), callerOf(c), c.Param("id"),
		store.InvitationOptions{ExpiresAt: req.ExpiresAt.ptr(), Email: req.Email, Name: req.Name})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, createdInvitation{
		Invitation: inv, Token: secret,
		URL: s.cfg.BaseURL + "/r/" + secret,
	})
}

func (s *Server) revokeInvitation(c *gin.Context) {
	if err := s.app.RevokeInvitation(c.Request.Context(), callerOf(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// candidateMessages lists the emails queued for a candidate and the webhook
// deliveries about it, with their state.
func (s *Server) candidateMessages(c *gin.Context) {
	items, err := s.app.CandidateMessages(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	writeList(c, items, "")
}

type bulkRequest struct {
	Rows []store.BulkRow `json:"rows" validate:"required"`
	// Send emails every link; Preview only checks the rows.
	Send    bool `json:"send"`
	Preview bool `json:"preview"`
}

type bulkResponse struct {
	Preview bool              `json:"preview"`
	Rows    int               `json:"rows"`
	Created []bulkCreatedItem `json:"created"`
}

type bulkCreatedItem struct {
	store.BulkResult
	URL string `json:"url"`
}

// bulkInvite adds many candidates with a link each, and with send emails the
// links; a preview checks the rows and creates nothing. All rows or none.
func (s *Server) bulkInvite(c *gin.Context) {
	if err := callerOf(c).May(mspeval.SendInvitations); err != nil {
		s.fail(c, err)
		return
	}
	var req bulkRequest
	if !s.bind(c, &req) {
		return
	}
	res, err := s.app.BulkInvite(c.Request.Context(), callerOf(c), c.Param("id"), req.Rows, req.Send, req.Preview)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := bulkResponse{Preview: req.Preview, Rows: len(req.Rows), Created: []bulkCreatedItem{}}
	for _, r := range res {
		out.Created = append(out.Created, bulkCreatedItem{BulkResult: r, URL: s.cfg.BaseURL + "/r/" + r.Token})
	}
	status := http.StatusCreated
	if req.Preview {
		status = http.StatusOK
	}
	c.JSON(status, out)
}

type remindResponse struct {
	Queued int `json:"queued"`
}

// remindEvaluation reminds every candidate of an evaluation whose emailed link
// is not submitted, revoked or expired (at most once a day each).
func (s *Server) remindEvaluation(c *gin.Context) {
	n, err := s.app.RemindNow(c.Request.Context(), callerOf(c), c.Param("id"), "")
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, remindResponse{Queued: n})
}

// remindCandidate reminds one candidate the same way.
func (s *Server) remindCandidate(c *gin.Context) {
	n, err := s.app.RemindNow(c.Request.Context(), callerOf(c), "", c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, remindResponse{Queued: n})
}
