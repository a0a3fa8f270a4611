package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/store"
)

type createTokenRequest struct {
	Name      string     `json:"name" validate:"required,max=100"`
	Role      string     `json:"role" validate:"omitempty,oneof=owner editor viewer"`
	ExpiresAt *timestamp `json:"expires_at"`
}

// createdToken carries the token's secret, shown this once.
type createdToken struct {
	Token  mspeval.APIToken `json:"token"`
	Secret string           `json:"secret"`
}

func (s *Server) listTokens(c *gin.Context) {
	p, ok := s.page(c)
	if !ok {
		return
	}
	items, next, err := s.app.ListTokens(c.Request.Context(), callerOf(c), p)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeList(c, items, next)
}

func (s *Server) createToken(c *gin.Context) {
	if err := callerOf(c).May(mspeval.ManageTokens); err != nil {
		s.fail(c, err)
		return
	}
	var req createTokenRequest
	if !s.bind(c, &req) {
		return
	}
	tok, secret, err := s.app.CreateToken(c.Request.Context(), callerOf(c), store.NewToken{
		Name: req.Name, Role: mspeval.Role(req.Role), ExpiresAt: req.ExpiresAt.ptr(),
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, createdToken{Token: tok, Secret: secret})
}

func (s *Server) revokeToken(c *gin.Context) {
	if err := s.app.RevokeToken(c.Request.Context(), callerOf(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
