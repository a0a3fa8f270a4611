package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval"
)

type createWebhookRequest struct {
	URL    string   `json:"url" validate:"required,max=2000"`
	Events []string `json:"events" validate:"required,min=1,max=10"`
}

func (s *Server) listWebhooks(c *gin.Context) {
	items, err := s.app.ListWebhooks(c.Request.Context(), callerOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	writeList(c, items, "")
}

func (s *Server) createWebhook(c *gin.Context) {
	if err := callerOf(c).May(mspeval.ManageWebhooks); err != nil {
		s.fail(c, err)
		return
	}
	var req createWebhookRequest
	if !s.bind(c, &req) {
		return
	}
	out, err := s.app.CreateWebhook(c.Request.Context(), callerOf(c), req.URL, req.Events)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, out)
}

func (s *Server) deleteWebhook(c *gin.Context) {
	if err := s.app.DeleteWebhook(c.Request.Context(), callerOf(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) rotateWebhook(c *gin.Context) {
	secret, err := s.app.RotateWebhookSecret(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"secret": secret})
}

func (s *Server) webhookDeliveries(c *gin.Context) {
	items, err := s.app.WebhookDeliveries(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	writeList(c, items, "")
}

func (s *Server) redeliver(c *gin.Context) {
	if err := s.app.Redeliver(c.Request.Context(), callerOf(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusAccepted)
}
