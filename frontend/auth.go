package frontend

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
)

const callerKey = "mspeval.ui.caller"

// requireUser lets signed-in users through and sends others to the sign-in
// page, which brings them back afterwards. Only a missing, unknown or expired
// session means "signed out": a database that does not answer is an error page.
func (ui *UI) requireUser(c *gin.Context) {
	cookie, err := c.Cookie(app.SessionCookie)
	if err != nil || cookie == "" {
		ui.toSignIn(c)
		return
	}
	caller, err := ui.app.CallerFromSession(c.Request.Context(), cookie)
	if err != nil {
		ui.fail(c, err)
		return
	}
	c.Set(callerKey, caller)
	c.Next()
}

// toSignIn sends the browser to the sign-in page, which brings it back here.
func (ui *UI) toSignIn(c *gin.Context) {
	c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
	c.Abort()
}

func (ui *UI) setSession(c *gin.Context, secret string) {
	http.SetCookie(c.Writer, ui.app.SessionCookie(secret, ui.cfg.SecureCookies || c.Request.TLS != nil))
}

func callerOf(c *gin.Context) mspeval.Caller {
	v, _ := c.Get(callerKey)
	caller, _ := v.(mspeval.Caller)
	return caller
}

// base returns the layout data for a signed-in page.
func (ui *UI) base(c *gin.Context, title, nav string) page {
	caller := callerOf(c)
	p := page{Title: title, Caller: &caller, Nav: nav, Flash: flashes[c.Query("done")]}
	if ws, err := ui.app.Workspace(c.Request.Context(), caller); err == nil {
		p.Workspace = ws.Name
	}
	return p
}

// flashes are the only confirmations a redirect can carry: fixed sentences
// picked by key, so that no text from the URL is ever shown.
var flashes = map[string]string{
	"created":       "Created.",
	"saved":         "Saved.",
	"deleted":       "Deleted.",
	"revoked":       "The link was revoked; it no longer works.",
	"reopened":      "The response is open again; the candidate can change and resubmit it.",
	"rated":         "Rating saved.",
	"submitted":     "Submitted on the candidate's behalf.",
	"member":        "Member saved.",
	"password":      "Password changed; your other sessions were signed out and your API tokens revoked.",
	"invited":       "Invitation saved: the person joins after signing in and accepting it. It shows under pending invitations until then.",
	"joined":        "You joined the workspace; switch to it when you sign in.",
	"declined":      "Invitation declined.",
	"withdrawn":     "Invitation withdrawn.",
	"token":         "Token revoked.",
	"weights":       "Weights saved.",
	"signed-out":    "You are signed out.",
	"unrated":       "Rating withdrawn.",
	"candidate":     "Candidate added.",
	"answers":       "Answers saved.",
	"emailed":       "The link is on its way by email; its state shows beside the candidate.",
	"webhook":       "Webhook removed.",
	"reminded":      "Reminders are on their way.",
	"notifications": "Your email choices are saved.",
	"none-reminded": "Nobody needed a reminder: every emailed link is submitted, ended, or was reminded today.",
	"redelivered":   "The delivery is queued again.",
}

type loginData struct {
	Email   string
	Next    string
	NoUsers bool
	Hint    string
}

func (ui *UI) loginPage(c *gin.Context) {
	n, err := ui.app.UserCount(c.Request.Context())
	if err != nil {
		ui.fail(c, err)
		return
	}
	ui.render(c, http.StatusOK, "login", page{Title: "Sign in", Public: true, Flash: flashes[c.Query("done")],
		Data: loginData{Next: safeNext(c.Query("next")), NoUsers: n == 0}})
}

func (ui *UI) login(c *gin.Context) {
	email, password, next := c.PostForm("email"), c.PostForm("password"), safeNext(c.PostForm("next"))
	secret, _, err := ui.app.SignIn(c.Request.Context(), email, password, "", c.ClientIP(), c.GetHeader("User-Agent"))
	switch code := mspeval.ErrorCode(err); {
	case err == nil:
		ui.setSession(c, secret)
		c.Redirect(http.StatusSeeOther, next)
	case code == mspeval.EUNAUTHORIZED || code == mspeval.ERATELIMITED || code == mspeval.EINVALID || code == mspeval.EFORBIDDEN:
		// The person can do something about these on the form itself.
		if ra := retryAfter(err); ra > 0 {
			c.Header("Retry-After", strconv.Itoa(ra))
		}
		ui.render(c, mspeval.Status(err), "login", page{Title: "Sign in", Public: true, Error: mspeval.ErrorMessage(err),
			Data: loginData{Email: email, Next: next}})
	default:
		ui.fail(c, err)
	}
}

func (ui *UI) logout(c *gin.Context) {
	if cookie, err := c.Cookie(app.SessionCookie); err == nil && cookie != "" {
		if err := ui.app.SignOut(c.Request.Context(), cookie); err != nil {
			ui.fail(c, err)
			return
		}
	}
	ui.setSession(c, "")
	c.Redirect(http.StatusSeeOther, "/login?done=signed-out")
}

// safeNext keeps a post-sign-in redirect on this site: a path, with no scheme,
// no host, no backslash and no control character (browsers drop tabs and line
// breaks, which would turn "/\t/evil.example" into "//evil.example").
func safeNext(next string) string {
	const fallback = "/evaluations"
	if !strings.HasPrefix(next, "/") || strings.ContainsRune(next, '\\') {
		return fallback
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return fallback
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || strings.HasPrefix(u.Path, "//") {
		return fallback
	}
	return u.RequestURI() + fragment(u)
}

func fragment(u *url.URL) string {
	if u.Fragment == "" {
		return ""
	}
	return "#" + u.EscapedFragment()
}
