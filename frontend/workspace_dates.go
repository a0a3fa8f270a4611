package frontend

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/store"
)

// datesForm is the workspace's date settings as the settings page shows
// them: the saved values, or what was typed after a refusal.
type datesForm struct {
	Style, Zone string
	Styles      []dateStyleChoice
	Zones       []string
	Fields      map[string]string
}

type dateStyleChoice struct {
	Value   mspeval.DateStyle
	Example string
}

// commonZones are offered as suggestions; any IANA name is accepted.
var commonZones = []string{"UTC", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin",
	"Europe/Amsterdam", "Europe/Madrid", "Europe/Rome", "Europe/Stockholm", "Europe/Warsaw", "Europe/Athens", "Europe/Helsinki",
	"Europe/Kyiv", "Europe/Istanbul", "America/New_York", "America/Toronto", "America/Chicago", "America/Denver",
	"America/Phoenix", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore",
	"Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland", "Africa/Johannesburg"}

func newDatesForm(style, zone string, fields map[string]string) *datesForm {
	f := &datesForm{Style: style, Zone: zone, Zones: commonZones, Fields: fields}
	for _, s := range mspeval.DateStyles {
		f.Styles = append(f.Styles, dateStyleChoice{Value: s, Example: s.Example()})
	}
	return f
}

// datesSave sets how the workspace's documents write dates and its time zone.
func (ui *UI) datesSave(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	if err := caller.May(mspeval.ManageWorkspace); err != nil {
		ui.fail(c, err)
		return
	}
	style, zone := strings.TrimSpace(c.PostForm("date_style")), strings.TrimSpace(c.PostForm("time_zone"))
	_, err := ui.app.SetWorkspace(ctx, caller, store.WorkspaceInput{DateStyle: &style, TimeZone: &zone})
	switch mspeval.ErrorCode(err) {
	case "":
		c.Redirect(http.StatusSeeOther, "/settings?done=dates#dates")
	case mspeval.EINVALID:
		ui.showSettingsWith(c, http.StatusUnprocessableEntity, settingsData{Dates: newDatesForm(style, zone, brandingFields(err))}, err)
	default:
		ui.fail(c, err)
	}
}
