package frontend

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/api"
)

// sessionCookie is shared with the API: signing in on either works for both.
const sessionCookie = api.SessionCookie

const callerKey = "mspeval.ui.caller"

// requireUser lets signed-in users through and sends others to the sign-in
// page, which brings them back afterwards.
func (ui *UI) requireUser(c *gin.Context) {
	cookie, err := c.Cookie(sessionCookie)
	if err == nil && cookie != "" {
		if caller, err := ui.store.CallerFromSession(c.Request.Context(), cookie); err == nil {
			c.Set(callerKey, caller)
			c.Next()
			return
		}
	}
	c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
	c.Abort()
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
	if ws, err := ui.store.Workspace(c.Request.Context(), caller); err == nil {
		p.Workspace = ws.Name
	}
	return p
}

// flashes are the only confirmations a redirect can carry: fixed sentences
// picked by key, so that no text from the URL is ever shown.
var flashes = map[string]string{
	"created":    "Created.",
	"saved":      "Saved.",
	"deleted":    "Deleted.",
	"revoked":    "The link was revoked; it no longer works.",
	"reopened":   "The response is open again; the candidate can change and resubmit it.",
	"rated":      "Rating saved.",
	"submitted":  "Submitted on the candidate's behalf.",
	"member":     "Member saved.",
	"password":   "Password changed; your other sessions were signed out.",
	"token":      "Token revoked.",
	"weights":    "Weights saved.",
	"signed-out": "You are signed out.",
	"unrated":    "Rating withdrawn.",
	"candidate":  "Candidate added.",
	"answers":    "Answers saved.",
}

type loginData struct {
	Email   string
	Next    string
	NoUsers bool
	Hint    string
}

func (ui *UI) loginPage(c *gin.Context) {
	n, err := ui.store.UserCount(c.Request.Context())
	if err != nil {
		ui.fail(c, err)
		return
	}
	ui.render(c, http.StatusOK, "login", page{Title: "Sign in", Public: true, Flash: flashes[c.Query("done")],
		Data: loginData{Next: safeNext(c.Query("next")), NoUsers: n == 0}})
}

func (ui *UI) login(c *gin.Context) {
	email, password, next := c.PostForm("email"), c.PostForm("password"), safeNext(c.PostForm("next"))
	secret, _, err := ui.store.SignIn(c.Request.Context(), email, password, "", c.ClientIP(), c.GetHeader("User-Agent"))
	if err != nil {
		status := http.StatusUnauthorized
		if mspeval.ErrorCode(err) == mspeval.ERATELIMITED {
			status = http.StatusTooManyRequests
		}
		ui.render(c, status, "login", page{Title: "Sign in", Public: true, Error: mspeval.ErrorMessage(err),
			Data: loginData{Email: email, Next: next}})
		return
	}
	api.SetSessionCookie(c.Writer, c.Request, secret, ui.cfg.SecureCookies)
	c.Redirect(http.StatusSeeOther, next)
}

func (ui *UI) logout(c *gin.Context) {
	if cookie, err := c.Cookie(sessionCookie); err == nil && cookie != "" {
		_ = ui.store.SignOut(c.Request.Context(), cookie)
	}
	api.SetSessionCookie(c.Writer, c.Request, "", ui.cfg.SecureCookies)
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
