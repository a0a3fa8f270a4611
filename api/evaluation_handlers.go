package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/store"
)

type createEvaluationRequest struct {
	Name                 string             `json:"name" validate:"required"`
	Description          string             `json:"description"`
	QuestionnaireKey     string             `json:"questionnaire_key" validate:"required,max=64"`
	QuestionnaireVersion int                `json:"questionnaire_version" validate:"min=0"`
	Weights              map[string]float64 `json:"weights"`
	DueDate              string             `json:"due_date"`
	BlindRatings         bool               `json:"blind_ratings"`
	TextScoring          *bool              `json:"text_scoring"`
	LinkGraceDays        *int               `json:"link_grace_days"`
	CloseAtDue           bool               `json:"close_at_due"`
}

type updateEvaluationRequest struct {
	Name          *string            `json:"name" validate:"omitempty"`
	Description   *string            `json:"description" validate:"omitempty"`
	Weights       map[string]float64 `json:"weights"`
	DueDate       optionalString     `json:"due_date"`
	Status        *string            `json:"status" validate:"omitempty,oneof=open closed"`
	BlindRatings  *bool              `json:"blind_ratings"`
	TextScoring   *bool              `json:"text_scoring"`
	LinkGraceDays *int               `json:"link_grace_days"`
	CloseAtDue    *bool              `json:"close_at_due"`
	ReminderDays  *[]int             `json:"reminder_days"`
}

func (s *Server) listEvaluations(c *gin.Context) {
	p, ok := s.page(c)
	if !ok {
		return
	}
	items, next, err := s.app.ListEvaluations(c.Request.Context(), callerOf(c), p)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeList(c, items, next)
}

func (s *Server) createEvaluation(c *gin.Context) {
	if err := callerOf(c).May(mspeval.EditEvaluations); err != nil {
		s.fail(c, err)
		return
	}
	var req createEvaluationRequest
	if !s.bind(c, &req) {
		return
	}
	ev, err := s.app.CreateEvaluation(c.Request.Context(), callerOf(c), store.EvaluationInput{
		Name: req.Name, Description: req.Description, QuestionnaireKey: req.QuestionnaireKey,
		QuestionnaireVersion: req.QuestionnaireVersion, Weights: req.Weights, DueDate: req.DueDate,
		BlindRatings: req.BlindRatings, TextScoring: req.TextScoring, LinkGraceDays: req.LinkGraceDays, CloseAtDue: req.CloseAtDue,
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/evaluations/"+ev.ID)
	c.JSON(http.StatusCreated, ev)
}

func (s *Server) getEvaluation(c *gin.Context) {
	ev, err := s.app.GetEvaluation(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ev)
}

func (s *Server) updateEvaluation(c *gin.Context) {
	if err := callerOf(c).May(mspeval.EditEvaluations); err != nil {
		s.fail(c, err)
		return
	}
	var req updateEvaluationRequest
	if !s.bind(c, &req) {
		return
	}
	ev, err := s.app.UpdateEvaluation(c.Request.Context(), callerOf(c), c.Param("id"), store.EvaluationPatch{
		Name: req.Name, Description: req.Description, Weights: req.Weights, DueDate: req.DueDate.ptr(), Status: req.Status,
		BlindRatings: req.BlindRatings, TextScoring: req.TextScoring, LinkGraceDays: req.LinkGraceDays, CloseAtDue: req.CloseAtDue,
		ReminderDays: req.ReminderDays,
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ev)
}

func (s *Server) deleteEvaluation(c *gin.Context) {
	if err := s.app.DeleteEvaluation(c.Request.Context(), callerOf(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
