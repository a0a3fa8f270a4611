package frontend

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// Register adds the UI's routes to the engine the API runs on. notFound answers
// unknown paths under /api/ (the API's problem) and the UI answers the rest.
func (ui *UI) Register(e *gin.Engine, notFound gin.HandlerFunc) {
	e.GET("/static/*path", staticHandler())
	e.GET("/", func(c *gin.Context) { c.Redirect(http.StatusSeeOther, "/evaluations") })

	pub := e.Group("", securityHeaders, noStore)
	pub.GET("/login", ui.loginPage)
	pub.POST("/login", ui.login)
	pub.POST("/logout", ui.logout)

	// The respondent's form, by link.
	pub.GET("/r/:token", ui.respondPage)
	pub.POST("/r/:token", ui.respondSave)
	pub.GET("/r/:token/review", ui.respondReview)
	pub.POST("/r/:token/submit", ui.respondSubmit)

	in := e.Group("", securityHeaders, noStore, ui.requireUser)
	in.GET("/evaluations", ui.evaluationsPage)
	in.POST("/evaluations", ui.evaluationCreate)
	in.GET("/evaluations/:id", ui.evaluationPage)
	in.POST("/evaluations/:id", ui.evaluationUpdate)
	in.POST("/evaluations/:id/candidates", ui.candidateCreate)
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
	in.GET("/questionnaires/:key", ui.questionnairePage)
	in.GET("/settings", ui.settingsPage)
	in.POST("/settings/members", ui.memberAdd)
	in.POST("/settings/members/:id", ui.memberUpdate)
	in.POST("/settings/tokens", ui.tokenCreate)
	in.POST("/settings/tokens/:id/revoke", ui.tokenRevoke)
	in.POST("/settings/password", ui.passwordChange)

	e.NoRoute(func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
			notFound(c)
			return
		}
		securityHeaders(c)
		ui.renderNotFound(c)
	})
}

func (ui *UI) renderNotFound(c *gin.Context) {
	ui.render(c, http.StatusNotFound, "error", page{Title: "Not Found", Public: true, Data: 404})
}
