package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Register adds the UI's routes to e, beside the API's. Every page group has
// the UI's own middleware: HTML error pages, security headers, no caching.
func (ui *UI) Register(e *gin.Engine) {
	e.GET("/static/*path", staticHandler())
	// Browsers ask for /favicon.ico whatever the page says: the same icon.
	e.GET("/favicon.ico", func(c *gin.Context) {
		c.Request.URL.Path = "/static/favicon.svg"
		staticHandler()(c)
	})
	e.GET("/", func(c *gin.Context) { c.Redirect(http.StatusSeeOther, "/evaluations") })

	pub := e.Group("", ui.recoverer, securityHeaders, noStore)
	pub.GET("/login", ui.loginPage)
	pub.POST("/login", ui.login)
	pub.POST("/logout", ui.logout)

	// The respondent's form, by link.
	pub.GET("/r/:token", ui.respondPage)
	pub.POST("/r/:token", ui.respondSave)
	pub.GET("/r/:token/review", ui.respondReview)
	pub.POST("/r/:token/submit", ui.respondSubmit)
	pub.GET("/r/:token/unsubscribe", ui.unsubscribePage)
	pub.POST("/r/:token/unsubscribe", ui.unsubscribe)
	// A campaign's public link and what a prospect gets (prospect.go).
	ui.registerProspect(pub)

	in := e.Group("", ui.recoverer, securityHeaders, noStore, ui.requireUser)
	in.GET("/evaluations", ui.evaluationsPage)
	in.POST("/evaluations", ui.evaluationCreate)
	in.GET("/evaluations/:id", ui.evaluationPage)
	in.POST("/evaluations/:id", ui.evaluationUpdate)
	in.POST("/evaluations/:id/candidates", ui.candidateCreate)
	in.POST("/evaluations/:id/bulk", ui.bulkAdd)
	in.POST("/evaluations/:id/remind", ui.remindEvaluation)
	in.POST("/candidates/:id/remind", ui.remindCandidate)
	in.GET("/evaluations/:id/compare", ui.comparePage)
	in.POST("/evaluations/:id/weights", ui.weightsSave)
	in.POST("/candidates/:id/invitations", ui.invitationCreate)
	in.POST("/invitations/:id/revoke", ui.invitationRevoke)
	in.POST("/candidates/:id/reopen", ui.candidateReopen)
	in.POST("/candidates/:id/delete", ui.candidateDelete)
	in.GET("/candidates/:id/answers", ui.answersPage)
	in.POST("/candidates/:id/answers", ui.answersSave)
	in.GET("/candidates/:id/review", ui.reviewPage)
	in.POST("/candidates/:id/ratings/:question", ui.ratingSave)
	in.GET("/settings", ui.settingsPage)
	in.POST("/settings/members", ui.memberAdd)
	in.POST("/settings/members/:id", ui.memberUpdate)
	in.POST("/settings/member-invitations/:id/withdraw", ui.memberInvitationWithdraw)
	in.POST("/settings/invitations/:id", ui.invitationAnswer)
	in.POST("/settings/tokens", ui.tokenCreate)
	in.POST("/settings/tokens/:id/revoke", ui.tokenRevoke)
	in.POST("/settings/password", ui.passwordChange)
	in.POST("/settings/webhooks", ui.webhookCreate)
	in.POST("/settings/notifications", ui.notificationsSave)
	in.POST("/settings/dates", ui.datesSave)
	in.POST("/settings/webhooks/:id", ui.webhookUpdate)
	// Campaign settings, leads and branding (sales.go).
	ui.registerSales(in)
	// Questionnaires, the workspace's drafts and their versions (questionnaires.go).
	ui.registerQuestionnaires(in)
	// Testing a draft's rules, and previewing it as a respondent (ruletest.go, preview.go).
	in.GET("/questionnaire-drafts/:id/rules", ui.rulesPage)
	in.POST("/questionnaire-drafts/:id/rules", ui.rulesTest)
	in.POST("/questionnaire-drafts/:id/rules/corpus", ui.rulesCorpus)
	in.GET("/questionnaire-drafts/:id/preview", ui.previewPage)
}

// Routes lists the UI's routes, for tests that walk every one of them.
func (ui *UI) Routes() gin.RoutesInfo {
	e := gin.New()
	ui.Register(e)
	return e.Routes()
}

// NotFound answers a path no page has.
func (ui *UI) NotFound(c *gin.Context) { ui.renderStatus(c, http.StatusNotFound) }

// MethodNotAllowed answers a page called with a method it does not take.
func (ui *UI) MethodNotAllowed(c *gin.Context) { ui.renderStatus(c, http.StatusMethodNotAllowed) }

func (ui *UI) renderStatus(c *gin.Context, status int) {
	securityHeaders(c)
	ui.render(c, status, "error", page{Title: http.StatusText(status), Public: true, Data: status})
}
