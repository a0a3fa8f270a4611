package frontend

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
	"mspeval/store"
)

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
	// CanBrand: the caller may change the branding (owners). Brand is the
	// branding form: the saved values, or what was typed after a refusal.
	CanBrand    bool
	Branding    mspeval.Branding
	Brand       *brandingForm
	BrandFields map[string]string
	// Dates is the workspace's date style and time zone form, for owners.
	Dates *datesForm
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
	if d.CanBrand = caller.Can(mspeval.ManageBranding); d.CanBrand {
		if d.Branding, err = ui.app.Branding(ctx, caller); err != nil {
			ui.fail(c, err)
			return
		}
		if d.Brand == nil {
			d.Brand = brandingFormOf(d.Branding)
		}
	}
	if caller.Can(mspeval.ManageWorkspace) && d.Dates == nil {
		ws, err := ui.app.Workspace(ctx, caller)
		if err != nil {
			ui.fail(c, err)
			return
		}
		d.Dates = newDatesForm(string(ws.DateStyle), ws.TimeZone, nil)
	}
	p := ui.base(c, "Settings", "settings")
	if f, ok := salesFlashes[c.Query("done")]; ok {
		p.Flash = f
	}
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

// brandingForm is the branding form's fields as text.
type brandingForm struct {
	// Accent is the typed colour code, Picker the colour input's value.
	Accent, Picker string
	Origins        string
}

// defaultPicker is what the colour input shows while no accent is set: the
// service's own accent.
const defaultPicker = "#0B5CAD"

func brandingFormOf(b mspeval.Branding) *brandingForm {
	f := &brandingForm{Accent: b.AccentColor, Picker: b.AccentColor, Origins: strings.Join(b.EmbedOrigins, "\n")}
	if f.Picker == "" {
		f.Picker = defaultPicker
	}
	return f
}

// brandingSave sets the accent colour and the sites that may embed the
// survey. The colour comes from the text field when it was changed, else from
// the colour input when that was: the form works without JavaScript.
func (ui *UI) brandingSave(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	if err := caller.May(mspeval.ManageBranding); err != nil {
		ui.fail(c, err)
		return
	}
	was := c.PostForm("accent_was")
	f := &brandingForm{Accent: strings.TrimSpace(c.PostForm("accent_color")), Picker: c.PostForm("accent_picker"), Origins: c.PostForm("embed_origins")}
	if f.Accent == was && f.Picker != "" && !strings.EqualFold(f.Picker, was) && !(was == "" && strings.EqualFold(f.Picker, defaultPicker)) {
		f.Accent = f.Picker
	}
	origins := []string{}
	for _, line := range strings.Split(f.Origins, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			origins = append(origins, line)
		}
	}
	_, err := ui.app.SetBranding(ctx, caller, store.BrandingInput{AccentColor: &f.Accent, EmbedOrigins: &origins})
	ui.brandingResult(c, err, f, "branding")
}

// logoBodyLimit bounds a logo upload's body: the largest logo and room for
// the multipart framing.
const logoBodyLimit = mspeval.MaxLogoBytes + 64<<10

// limitLogoBody stops reading an upload past logoBodyLimit.
func limitLogoBody(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, logoBodyLimit)
	c.Next()
}

// logoUpload stores the workspace's logo; the app checks its bytes and size.
func (ui *UI) logoUpload(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	if err := caller.May(mspeval.ManageBranding); err != nil { // before reading the upload
		ui.fail(c, err)
		return
	}
	data, err := uploadedLogo(c)
	if err == nil {
		_, err = ui.app.SetLogo(ctx, caller, data)
	}
	ui.brandingResult(c, err, nil, "logo")
}

func uploadedLogo(c *gin.Context) ([]byte, error) {
	fh, err := c.FormFile("logo")
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, mspeval.Errorf(mspeval.ETOOLARGE, "the logo is over %d KB; make it smaller", mspeval.MaxLogoBytes>>10)
	case errors.Is(err, http.ErrMissingFile):
		return nil, mspeval.Invalid("no logo was sent", mspeval.FieldError{Field: "logo", Message: "is missing: choose a PNG or JPEG file"})
	case err != nil:
		return nil, mspeval.Errorf(mspeval.EMALFORMED, "the upload could not be read; send the form again")
	}
	f, err := fh.Open()
	if err != nil {
		return nil, mspeval.Errorf(mspeval.EMALFORMED, "the upload could not be read; send the form again")
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, mspeval.MaxLogoBytes+1))
}

func (ui *UI) logoRemove(c *gin.Context) {
	_, err := ui.app.RemoveLogo(c.Request.Context(), callerOf(c))
	ui.brandingResult(c, err, nil, "logo-removed")
}

// logoGet serves the workspace's logo with the type its bytes were checked as.
func (ui *UI) logoGet(c *gin.Context) {
	data, typ, err := ui.app.WorkspaceLogo(c.Request.Context(), callerOf(c))
	if err != nil {
		ui.fail(c, err)
		return
	}
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, typ, data)
}

// brandingResult shows the branding form again with its problems beside
// their fields, or goes back to the settings page.
func (ui *UI) brandingResult(c *gin.Context, err error, typed *brandingForm, done string) {
	switch mspeval.ErrorCode(err) {
	case "":
		c.Redirect(http.StatusSeeOther, "/settings?done="+done+"#branding")
	case mspeval.EINVALID, mspeval.ETOOLARGE, mspeval.EUNSUPPORTED, mspeval.EMALFORMED:
		ui.showSettingsWith(c, mspeval.Status(err), settingsData{Brand: typed, BrandFields: brandingFields(err)}, err)
	default:
		ui.fail(c, err)
	}
}

// brandingFields are the branding forms' problems by field, as sentences: an
// error about the upload as a whole belongs to the logo field.
func brandingFields(err error) map[string]string {
	out := map[string]string{}
	var e *mspeval.Error
	if !errors.As(err, &e) {
		return out
	}
	if len(e.Fields) == 0 {
		out["logo"] = fullStop(sentence(e.Message))
	}
	names := map[string]string{"logo": "Logo", "accent_color": "Accent colour", "embed_origins": "Sites"}
	for _, f := range e.Fields {
		field := f.Field
		if i := strings.IndexByte(field, '['); i > 0 {
			// One origin of the list: its message names it.
			field = field[:i]
			out[field] = strings.TrimSpace(out[field] + " " + fullStop(sentence(f.Message)))
			continue
		}
		name := names[field]
		if name == "" {
			name = field
		}
		out[field] = fullStop(name + " " + f.Message)
	}
	return out
}

// fullStop ends a message with a full stop.
func fullStop(s string) string {
	if s == "" || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}
