package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval/store"
)

// workspaceRequest changes the workspace's settings; an absent field stays,
// an empty one goes back to the default.
type workspaceRequest struct {
	DateStyle *string `json:"date_style" validate:"omitempty,max=20"`
	TimeZone  *string `json:"time_zone" validate:"omitempty,max=64"`
}

func (s *Server) getWorkspace(c *gin.Context) {
	ws, err := s.app.Workspace(c.Request.Context(), callerOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ws)
}

func (s *Server) patchWorkspace(c *gin.Context) {
	var req workspaceRequest
	if !s.bind(c, &req) {
		return
	}
	ws, err := s.app.SetWorkspace(c.Request.Context(), callerOf(c), store.WorkspaceInput{DateStyle: req.DateStyle, TimeZone: req.TimeZone})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ws)
}
