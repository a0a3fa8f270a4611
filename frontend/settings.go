package frontend

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
	"mspeval/store"
)

func (ui *UI) questionnairePage(c *gin.Context) {
	q, ok := ui.app.Catalog().Latest(c.Param("key"))
	if !ok {
		ui.fail(c, mspeval.NotFound("questionnaire"))
		return
	}
	p := ui.base(c, q.Title, "questionnaire")
	p.Data = q
	ui.render(c, http.StatusOK, "questionnaire", p)
}

type settingsData struct {
	Members   []mspeval.Member
	Tokens    []mspeval.APIToken
	IsOwner   bool
	NewSecret string
	Me        string
	// Webhooks and their latest deliveries; NewWebhookSecret is shown once.
	Webhooks         []webhookRow
	NewWebhookSecret string
	Events           []string
	// Notify: the member asked to be emailed about submissions.
	Notify      bool
	MailEnabled bool
	// Invitations wait for the caller's answer; Pending are the workspace's
	// own, shown to owners.
	Invitations []store.MemberInvitation
	Pending     []store.MemberInvitation
}

type webhookRow struct {
	Endpoint   mspeval.WebhookEndpoint
	Deliveries []mspeval.OutboxItem
}

func (ui *UI) settingsPage(c *gin.Context) {
	ui.showSettings(c, http.StatusOK, "", nil)
}

func (ui *UI) showSettings(c *gin.Context, status int, secret string, formErr error) {
	ui.showSettingsWith(c, status, settingsData{NewSecret: secret}, formErr)
}

func (ui *UI) showSettingsWith(c *gin.Context, status int, d settingsData, formErr error) {
	ctx, caller := c.Request.Context(), callerOf(c)
	members, err := ui.app.ListMembers(ctx, caller)
	if err != nil {
		ui.fail(c, err)
		return
	}
	d.Members, d.IsOwner, d.Me, d.Events = members, caller.Can(mspeval.ManageMembers), caller.UserID, mspeval.WebhookEvents
	n, err := ui.app.MyNotifications(ctx, caller)
	if err != nil {
		ui.fail(c, err)
		return
	}
	d.Notify, d.MailEnabled = n.Submissions, ui.app.MailEnabled()
	if d.Invitations, err = ui.app.MyInvitations(ctx, caller); err != nil {
		ui.fail(c, err)
		return
	}
	if d.IsOwner {
		if d.Pending, err = ui.app.ListMemberInvitations(ctx, caller); err != nil {
			ui.fail(c, err)
			return
		}
		if d.Tokens, _, err = ui.app.ListTokens(ctx, caller, mspeval.Page{Limit: mspeval.MaxPageLimit}); err != nil {
			ui.fail(c, err)
			return
		}
		hooks, err := ui.app.ListWebhooks(ctx, caller)
		if err != nil {
			ui.fail(c, err)
			return
		}
		for _, h := range hooks {
			ds, err := ui.app.WebhookDeliveries(ctx, caller, h.ID)
			if err != nil {
				ui.fail(c, err)
				return
			}
			d.Webhooks = append(d.Webhooks, webhookRow{Endpoint: h, Deliveries: ds[:min(len(ds), 5)]})
		}
	}
	p := ui.base(c, "Settings", "settings")
	if formErr != nil {
		p.Error = formError(formErr)
	}
	p.Data = d
	ui.render(c, status, "settings", p)
}

// formError is an error's message with its field errors, for a page.
func formError(err error) string {
	msg := mspeval.ErrorMessage(err)
	if e := (*mspeval.Error)(nil); errors.As(err, &e) {
		for _, f := range e.Fields {
			msg += " — " + f.Field + " " + f.Message
		}
	}
	return msg
}

// settingsResult shows validation problems on the page and other errors as errors.
func (ui *UI) settingsResult(c *gin.Context, err error, done string) {
	switch mspeval.ErrorCode(err) {
	case "":
		c.Redirect(http.StatusSeeOther, "/settings?done="+done)
	case mspeval.EINVALID, mspeval.ECONFLICT, mspeval.EUNAUTHORIZED, mspeval.ERATELIMITED:
		// The person can act on these on the page itself: the form says what.
		if ra := retryAfter(err); ra > 0 {
			c.Header("Retry-After", strconv.Itoa(ra))
		}
		ui.showSettings(c, mspeval.Status(err), "", err)
	default:
		ui.fail(c, err)
	}
}

func (ui *UI) memberAdd(c *gin.Context) {
	_, err := ui.app.AddMember(c.Request.Context(), callerOf(c), store.NewMember{
		Email: c.PostForm("email"), Name: c.PostForm("name"), Role: mspeval.Role(c.PostForm("role")), Password: c.PostForm("password"),
	})
	ui.settingsResult(c, err, "invited")
}

func (ui *UI) memberInvitationWithdraw(c *gin.Context) {
	ui.settingsResult(c, ui.app.WithdrawMemberInvitation(c.Request.Context(), callerOf(c), c.Param("id")), "withdrawn")
}

// invitationAnswer accepts or declines an invitation to the caller.
func (ui *UI) invitationAnswer(c *gin.Context) {
	ctx, caller, id := c.Request.Context(), callerOf(c), c.Param("id")
	if c.PostForm("action") == "accept" {
		_, err := ui.app.AcceptInvitation(ctx, caller, id)
		ui.settingsResult(c, err, "joined")
		return
	}
	ui.settingsResult(c, ui.app.DeclineInvitation(ctx, caller, id), "declined")
}

func (ui *UI) memberUpdate(c *gin.Context) {
	var err error
	if c.PostForm("action") == "remove" {
		err = ui.app.RemoveMember(c.Request.Context(), callerOf(c), c.Param("id"))
	} else {
		_, err = ui.app.SetMemberRole(c.Request.Context(), callerOf(c), c.Param("id"), mspeval.Role(c.PostForm("role")))
	}
	ui.settingsResult(c, err, "member")
}

func (ui *UI) tokenCreate(c *gin.Context) {
	_, secret, err := ui.app.CreateToken(c.Request.Context(), callerOf(c), store.NewToken{
		Name: c.PostForm("name"), Role: mspeval.Role(c.PostForm("role")),
	})
	if err != nil {
		ui.settingsResult(c, err, "")
		return
	}
	ui.showSettings(c, http.StatusOK, secret, nil)
}

func (ui *UI) tokenRevoke(c *gin.Context) {
	ui.settingsResult(c, ui.app.RevokeToken(c.Request.Context(), callerOf(c), c.Param("id")), "token")
}

func (ui *UI) passwordChange(c *gin.Context) {
	cookie, _ := c.Cookie(app.SessionCookie)
	_, err := ui.app.ChangePassword(c.Request.Context(), callerOf(c), c.PostForm("current_password"), c.PostForm("new_password"), cookie, c.ClientIP())
	ui.settingsResult(c, err, "password")
}

func (ui *UI) webhookCreate(c *gin.Context) {
	out, err := ui.app.CreateWebhook(c.Request.Context(), callerOf(c), c.PostForm("url"), c.PostFormArray("events"))
	if err != nil {
		ui.settingsResult(c, err, "")
		return
	}
	ui.showSettingsWith(c, http.StatusOK, settingsData{NewWebhookSecret: out.Secret}, nil)
}

func (ui *UI) webhookUpdate(c *gin.Context) {
	ctx, caller, id := c.Request.Context(), callerOf(c), c.Param("id")
	switch c.PostForm("action") {
	case "rotate":
		secret, err := ui.app.RotateWebhookSecret(ctx, caller, id)
		if err != nil {
			ui.settingsResult(c, err, "")
			return
		}
		ui.showSettingsWith(c, http.StatusOK, settingsData{NewWebhookSecret: secret}, nil)
	case "redeliver":
		ui.settingsResult(c, ui.app.Redeliver(ctx, caller, c.PostForm("delivery")), "redelivered")
	default:
		ui.settingsResult(c, ui.app.DeleteWebhook(ctx, caller, id), "webhook")
	}
}

func (ui *UI) notificationsSave(c *gin.Context) {
	err := ui.app.SetMyNotifications(c.Request.Context(), callerOf(c), app.Notifications{Submissions: c.PostForm("submissions") == "on"})
	ui.settingsResult(c, err, "notifications")
}
