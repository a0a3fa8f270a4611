package api

import "github.com/gin-gonic/gin"

// routes declares every API route in one place.
func (s *Server) routes(e *gin.RouterGroup) {
	e.GET("/healthz", s.healthz)
	e.GET("/api/v1/openapi.json", s.openAPIJSON)
	e.GET("/api/v1/openapi.yaml", s.openAPIYAML)

	v1 := e.Group("/api/v1")

	// Signing in, and the respondent's link, need no account.
	v1.POST("/session", s.signIn)
	// Signing out works with an expired session too: it clears the cookie.
	v1.DELETE("/session", s.signOut)
	v1.GET("/respond/:token", s.respondentForm)
	v1.PUT("/respond/:token/answers", s.respondentSave)
	v1.POST("/respond/:token/submit", s.respondentSubmit)
	v1.POST("/respond/:token/unsubscribe", s.respondentUnsubscribe)
	v1.GET("/respond/:token/results", s.respondentResults)
	v1.GET("/respond/:token/results.pdf", s.respondentResultsPDF)
	v1.POST("/respond/:token/sales-ready", s.respondentSalesReady)
	// A campaign's public link: its first page, and the start of a lead's own
	// response, reached through the private link the start returns.
	v1.GET("/campaigns/:slug", s.checkSlug, s.publicCampaign)
	v1.POST("/campaigns/:slug/leads", s.checkSlug, s.startLead)

	a := v1.Group("", s.authenticate, checkIDs)
	a.GET("/me", s.me)
	a.PUT("/me/password", s.changePassword)
	a.GET("/me/notifications", s.myNotifications)
	a.PUT("/me/notifications", s.setMyNotifications)
	a.GET("/me/invitations", s.myInvitations)
	a.POST("/me/invitations/:id/accept", s.acceptInvitation)
	a.DELETE("/me/invitations/:id", s.declineInvitation)

	a.GET("/members", s.listMembers)
	a.POST("/members", s.addMember)
	a.PATCH("/members/:id", s.updateMember)
	a.DELETE("/members/:id", s.removeMember)
	a.GET("/member-invitations", s.listMemberInvitations)
	a.DELETE("/member-invitations/:id", s.withdrawMemberInvitation)

	a.GET("/tokens", s.listTokens)
	a.POST("/tokens", s.createToken)
	a.DELETE("/tokens/:id", s.revokeToken)

	a.GET("/questionnaires", s.listQuestionnaires)
	a.GET("/questionnaires/:key", s.latestQuestionnaire)
	a.GET("/questionnaires/:key/versions/:version", s.questionnaireVersion)
	a.GET("/questionnaires/:key/versions/:version/export", s.exportQuestionnaire)
	a.GET("/questionnaire-comparison", s.compareQuestionnaires)
	a.GET("/questionnaire-drafts", s.listDrafts)
	a.POST("/questionnaire-drafts", s.cloneDraft)
	a.POST("/questionnaire-drafts/import", s.importDraft)
	a.GET("/questionnaire-drafts/:id", s.getDraft)
	a.PUT("/questionnaire-drafts/:id", s.replaceDraft)
	a.DELETE("/questionnaire-drafts/:id", s.deleteDraft)
	a.GET("/questionnaire-drafts/:id/export", s.exportDraft)
	a.POST("/questionnaire-drafts/:id/publish", s.publishDraft)

	a.GET("/evaluations", s.listEvaluations)
	a.POST("/evaluations", s.createEvaluation)
	a.GET("/evaluations/:id", s.getEvaluation)
	a.PATCH("/evaluations/:id", s.updateEvaluation)
	a.DELETE("/evaluations/:id", s.deleteEvaluation)

	a.GET("/evaluations/:id/candidates", s.listCandidates)
	a.POST("/evaluations/:id/candidates", s.createCandidate)
	a.POST("/evaluations/:id/bulk", s.bulkInvite)
	a.POST("/evaluations/:id/remind", s.remindEvaluation)
	a.POST("/candidates/:id/remind", s.remindCandidate)
	a.GET("/candidates/:id", s.getCandidate)
	a.PATCH("/candidates/:id", s.updateCandidate)
	a.DELETE("/candidates/:id", s.deleteCandidate)

	a.GET("/candidates/:id/invitations", s.listInvitations)
	a.POST("/candidates/:id/invitations", s.createInvitation)
	a.DELETE("/invitations/:id", s.revokeInvitation)
	a.GET("/candidates/:id/messages", s.candidateMessages)

	a.GET("/webhooks", s.listWebhooks)
	a.POST("/webhooks", s.createWebhook)
	a.DELETE("/webhooks/:id", s.deleteWebhook)
	a.POST("/webhooks/:id/rotate", s.rotateWebhook)
	a.GET("/webhooks/:id/deliveries", s.webhookDeliveries)
	a.POST("/deliveries/:id/redeliver", s.redeliver)

	a.GET("/candidates/:id/answers", s.getAnswers)
	a.PUT("/candidates/:id/answers", s.saveAnswers)
	a.POST("/candidates/:id/submit", s.submitAnswers)
	a.POST("/candidates/:id/reopen", s.reopen)

	a.GET("/candidates/:id/ratings", s.listRatings)
	a.GET("/candidates/:id/ratings/:question", s.getRating)
	a.PUT("/candidates/:id/ratings/:question", s.putRating)
	a.DELETE("/candidates/:id/ratings/:question", s.deleteRating)
	a.GET("/candidates/:id/score", s.candidateScore)
	a.GET("/evaluations/:id/comparison", s.comparison)
	a.GET("/evaluations/:id/report.pdf", s.comparisonPDF)
	a.GET("/evaluations/:id/report.csv", s.answersCSV)
	a.GET("/evaluations/:id/summary.csv", s.summaryCSV)
	a.GET("/evaluations/:id/report.xlsx", s.workbook)
	a.GET("/candidates/:id/report.pdf", s.candidatePDF)

	a.GET("/evaluations/:id/campaign", s.getCampaign)
	a.PUT("/evaluations/:id/campaign", s.putCampaign)
	a.GET("/evaluations/:id/leads", s.listLeads)
	a.GET("/evaluations/:id/leads.csv", s.exportLeads("csv"))
	a.GET("/evaluations/:id/leads.xlsx", s.exportLeads("xlsx"))
	a.GET("/evaluations/:id/funnel", s.funnel)
	a.GET("/workspace", s.getWorkspace)
	a.PATCH("/workspace", s.patchWorkspace)
	a.GET("/workspace/branding", s.getBranding)
	a.PUT("/workspace/branding", s.putBranding)
	a.GET("/workspace/logo", s.getLogo)
	a.PUT("/workspace/logo", s.putLogo)
	a.DELETE("/workspace/logo", s.deleteLogo)
}
