package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
	"mspeval/store"
)

type addMemberRequest struct {
	Email    string `json:"email" validate:"required,max=254"`
	Name     string `json:"name"`
	Role     string `json:"role" validate:"required,oneof=owner editor viewer"`
	Password string `json:"password"`
}

type updateMemberRequest struct {
	Role string `json:"role" validate:"required,oneof=owner editor viewer"`
}

type changePasswordRequest struct {
	CurrentPassword string `json:"current_password" validate:"required,max=1024"`
	NewPassword     string `json:"new_password" validate:"required,max=1024"`
}

func (s *Server) listMembers(c *gin.Context) {
	items, err := s.app.ListMembers(c.Request.Context(), callerOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	writeList(c, items, "")
}

func (s *Server) addMember(c *gin.Context) {
	if err := callerOf(c).May(mspeval.ManageMembers); err != nil {
		s.fail(c, err)
		return
	}
	var req addMemberRequest
	if !s.bind(c, &req) {
		return
	}
	m, err := s.app.AddMember(c.Request.Context(), callerOf(c), store.NewMember{
		Email: req.Email, Name: req.Name, Role: mspeval.Role(req.Role), Password: req.Password,
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	// 202 whatever the address: the person joins on accepting, and the answer
	// never says whether an account exists.
	c.JSON(http.StatusAccepted, m)
}

func (s *Server) listMemberInvitations(c *gin.Context) {
	items, err := s.app.ListMemberInvitations(c.Request.Context(), callerOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	writeList(c, items, "")
}

func (s *Server) withdrawMemberInvitation(c *gin.Context) {
	if err := s.app.WithdrawMemberInvitation(c.Request.Context(), callerOf(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) myInvitations(c *gin.Context) {
	items, err := s.app.MyInvitations(c.Request.Context(), callerOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	writeList(c, items, "")
}

func (s *Server) acceptInvitation(c *gin.Context) {
	m, err := s.app.AcceptInvitation(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, m)
}

func (s *Server) declineInvitation(c *gin.Context) {
	if err := s.app.DeclineInvitation(c.Request.Context(), callerOf(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) updateMember(c *gin.Context) {
	if err := callerOf(c).May(mspeval.ManageMembers); err != nil {
		s.fail(c, err)
		return
	}
	var req updateMemberRequest
	if !s.bind(c, &req) {
		return
	}
	m, err := s.app.SetMemberRole(c.Request.Context(), callerOf(c), c.Param("id"), mspeval.Role(req.Role))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, m)
}

func (s *Server) removeMember(c *gin.Context) {
	if err := s.app.RemoveMember(c.Request.Context(), callerOf(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) changePassword(c *gin.Context) {
	caller := callerOf(c)
	var req changePasswordRequest
	if !s.bind(c, &req) {
		return
	}
	cookie, _ := c.Cookie(SessionCookie)
	done, err := s.app.ChangePassword(c.Request.Context(), caller, req.CurrentPassword, req.NewPassword, cookie, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, done)
}

func (s *Server) myNotifications(c *gin.Context) {
	n, err := s.app.MyNotifications(c.Request.Context(), callerOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, n)
}

type notificationsRequest struct {
	Submissions *bool `json:"submissions" validate:"required"`
}

func (s *Server) setMyNotifications(c *gin.Context) {
	var req notificationsRequest
	if !s.bind(c, &req) {
		return
	}
	n := app.Notifications{Submissions: *req.Submissions}
	if err := s.app.SetMyNotifications(c.Request.Context(), callerOf(c), n); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, n)
}
