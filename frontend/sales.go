package frontend

import (
	"context"
	"html"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/questions"
	"mspeval/scoring"
	"mspeval/store"
)

// registerSales adds the sales team's pages: campaign settings, leads, branding.
func (ui *UI) registerSales(r *gin.RouterGroup) {
	r.POST("/evaluations/:id/campaign", ui.campaignSave)
	r.GET("/evaluations/:id/leads", ui.leadsPage)
	r.GET("/evaluations/:id/leads.csv", ui.leadsExport("csv"))
	r.GET("/evaluations/:id/leads.xlsx", ui.leadsExport("xlsx"))
	r.POST("/settings/branding", ui.brandingSave)
	r.GET("/settings/logo", ui.logoGet)
	r.POST("/settings/logo", limitLogoBody, ui.logoUpload)
	r.POST("/settings/logo/remove", ui.logoRemove)
}

// salesFlashes are the confirmations of the sales pages' redirects: fixed
// sentences picked by key, like flashes.
var salesFlashes = map[string]string{
	"campaign":      "Campaign settings saved.",
	"link-replaced": "The public link was replaced: the old one no longer works. Leads already started keep their own links.",
	"branding":      "Branding saved.",
	"logo":          "Logo saved.",
	"logo-removed":  "Logo removed.",
	"dates":         "Date style and time zone saved.",
}

// campaignView is the campaign section of an evaluation page.
type campaignView struct {
	Campaign mspeval.Campaign
	// URL is the public link, Embed the snippet that frames it.
	URL, Embed string
	CanEdit    bool
	// Form is what the settings form shows: the saved values, or what was
	// typed when the form comes back with problems.
	Form   campaignForm
	Fields map[string]string
	// Counts of the campaign's leads, for the link to the leads view.
	Leads, Submitted, SalesReady int
}

// campaignForm is the settings form's fields as text.
type campaignForm struct {
	Open        bool
	Cap         string
	ClosesOn    string
	Intro       string
	ConsentText string
}

func formOfCampaign(camp mspeval.Campaign) campaignForm {
	f := campaignForm{Open: camp.Open || camp.Slug == "", Intro: camp.Intro, ConsentText: camp.ConsentText, ClosesOn: closesOn(camp.ClosesAt)}
	if camp.ResponseCap != nil {
		f.Cap = strconv.Itoa(*camp.ResponseCap)
	}
	return f
}

// closesOn is the last day (UTC) a close date lets visitors in: the form
// takes a date and closes the link at the end of that day.
func closesOn(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Add(-time.Nanosecond).Format("2006-01-02")
}

// campaignSection reads what the campaign section of an evaluation page shows;
// typed carries the form and its problems after a refused save.
func (ui *UI) campaignSection(ctx context.Context, caller mspeval.Caller, ev mspeval.Evaluation, typed *campaignView) (*campaignView, error) {
	camp, err := ui.app.Campaign(ctx, caller, ev.ID)
	if err != nil {
		return nil, err
	}
	f, err := ui.app.Funnel(ctx, caller, ev.ID, 1)
	if err != nil {
		return nil, err
	}
	v := &campaignView{Campaign: camp, CanEdit: caller.Can(mspeval.EditEvaluations), Form: formOfCampaign(camp),
		Leads: f.Started, Submitted: f.Submitted, SalesReady: f.SalesReady}
	if typed != nil {
		v.Form, v.Fields = typed.Form, typed.Fields
	}
	if camp.Slug != "" {
		v.URL = ui.cfg.BaseURL + "/c/" + camp.Slug
		v.Embed = `<iframe src="` + html.EscapeString(v.URL) + `" title="` + html.EscapeString(ev.Name) +
			`" width="100%" height="900" loading="lazy"></iframe>`
	}
	return v, nil
}

// campaignSave creates the public link, changes its settings or replaces it.
func (ui *UI) campaignSave(c *gin.Context) {
	ctx, caller, id := c.Request.Context(), callerOf(c), c.Param("id")
	if err := caller.May(mspeval.EditEvaluations); err != nil { // before reading what was sent
		ui.fail(c, err)
		return
	}
	current, err := ui.app.Campaign(ctx, caller, id)
	if err != nil {
		ui.fail(c, err)
		return
	}
	in, done := store.CampaignInput{NewSlug: true}, "link-replaced"
	var form campaignForm
	var problems []mspeval.FieldError
	if c.PostForm("action") != "replace" {
		// Replacing the link is a form of its own, which changes nothing else.
		in, form, problems = campaignInputOf(c, current)
		done = "campaign"
	}
	if len(problems) == 0 {
		_, err = ui.app.SaveCampaign(ctx, caller, id, in)
	} else {
		err = mspeval.Invalid("the campaign's settings are not valid", problems...)
	}
	if mspeval.ErrorCode(err) == mspeval.EINVALID {
		typed := &campaignView{Form: form, Fields: fieldMap(err)}
		ui.renderEvaluation(c, http.StatusUnprocessableEntity, id, evaluationData{}, err, typed)
		return
	}
	if err != nil {
		ui.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/evaluations/"+id+"?done="+done+"#campaign")
}

// campaignInputOf reads the settings form. A field the form does not carry
// stays as it is; an empty cap or close date removes it. The close date is
// a day: the link takes visitors until the end of that day (UTC).
func campaignInputOf(c *gin.Context, current mspeval.Campaign) (store.CampaignInput, campaignForm, []mspeval.FieldError) {
	var in store.CampaignInput
	var problems []mspeval.FieldError
	form := formOfCampaign(current)
	has := func(name string) bool { _, ok := c.GetPostForm(name); return ok }
	if has("open") {
		switch v := c.PostForm("open"); v {
		case "yes", "no":
			open := v == "yes"
			in.Open, form.Open = &open, open
		default:
			problems = append(problems, mspeval.FieldError{Field: "open", Message: "must be yes or no"})
		}
	}
	if has("response_cap") {
		form.Cap = strings.TrimSpace(c.PostForm("response_cap"))
		if form.Cap == "" {
			in.NoCap = true
		} else if n, err := strconv.Atoi(form.Cap); err != nil {
			problems = append(problems, mspeval.FieldError{Field: "response_cap", Message: "must be a whole number, or empty for no cap"})
		} else {
			in.ResponseCap = &n
		}
	}
	if has("closes_on") {
		form.ClosesOn = strings.TrimSpace(c.PostForm("closes_on"))
		switch day, err := time.Parse("2006-01-02", form.ClosesOn); {
		case form.ClosesOn == "":
			in.NoClose = true
		case err != nil:
			problems = append(problems, mspeval.FieldError{Field: "closes_on", Message: "must be a date, YYYY-MM-DD"})
		case form.ClosesOn != closesOn(current.ClosesAt):
			// Unchanged, a close time set to the minute through the API stays.
			end := day.AddDate(0, 0, 1)
			in.ClosesAt = &end
		}
	}
	if has("intro") {
		form.Intro = c.PostForm("intro")
		in.Intro = &form.Intro
	}
	if has("consent_text") {
		form.ConsentText = c.PostForm("consent_text")
		in.ConsentText = &form.ConsentText
	}
	return in, form, problems
}

// leadsData is the leads view: the funnel above the table.
type leadsData struct {
	Evaluation mspeval.Evaluation
	Dimensions []questions.Dimension
	Tiers      []questions.Tier
	Query      leadsQuery
	Rows       []leadRow
	Total      int
	// From and To number the leads shown (1-based); Prev and Next page.
	From, To   int
	Prev, Next string
	Sorts      map[string]sortHeader
	CSV, XLSX  string
	Funnel     funnelView
	Statuses   []statusOption
}

// leadsQuery is the leads view's query as the form shows it.
type leadsQuery struct {
	Status, Tier, Source, Search, Sort, Order string
	Offset                                    int
}

type statusOption struct{ Value, Label string }

// leadRow is one lead as the table shows it.
type leadRow struct {
	Lead        mspeval.Lead
	Status      string
	SourceLabel string
	Overall     *float64
	TierLabel   string
	Dimensions  []*float64
}

// sortHeader is a sortable column's link and state.
type sortHeader struct {
	URL string
	// Aria is the aria-sort value of the column sorted by, else "".
	Aria string
}

// leadsPerPage is the leads view's page size.
const leadsPerPage = 50

// statusWords are the lead statuses in words.
var statusWords = map[string]string{
	mspeval.LeadStarted:    "started",
	mspeval.LeadSubmitted:  "submitted",
	mspeval.LeadSalesReady: "sales-ready",
}

// defaultOrders is each sort's first order: best, newest, A to Z.
var defaultOrders = map[string]string{"score": "desc", "created": "desc", "company": "asc", "status": "desc", "submitted": "desc"}

func leadsQueryOf(c *gin.Context) leadsQuery {
	q := leadsQuery{Status: c.Query("status"), Tier: c.Query("tier"), Source: strings.TrimSpace(c.Query("source")),
		Search: strings.TrimSpace(c.Query("q")), Sort: c.Query("sort"), Order: c.Query("order")}
	if q.Sort == "" {
		q.Sort = "score"
	}
	if q.Order != "asc" && q.Order != "desc" {
		q.Order = defaultOrders[q.Sort]
		if q.Order == "" {
			q.Order = "desc"
		}
	}
	q.Offset, _ = strconv.Atoi(c.Query("offset"))
	q.Offset = max(0, q.Offset)
	return q
}

func (q leadsQuery) store(limit int) store.LeadQuery {
	return store.LeadQuery{Status: q.Status, Tier: q.Tier, Source: q.Source, Search: q.Search, Sort: q.Sort,
		Asc: q.Order == "asc", Limit: limit, Offset: q.Offset}
}

// values is the query as URL parameters, without the offset (a new filter or
// order starts at the first page).
func (q leadsQuery) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"status": q.Status, "tier": q.Tier, "source": q.Source, "q": q.Search, "sort": q.Sort, "order": q.Order} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

func (ui *UI) leadsPage(c *gin.Context) {
	ctx, caller, id := c.Request.Context(), callerOf(c), c.Param("id")
	ev, err := ui.app.GetEvaluation(ctx, caller, id)
	if err != nil {
		ui.fail(c, err)
		return
	}
	q, ok := ui.app.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
	if !ok {
		ui.fail(c, mspeval.NotFound("questionnaire"))
		return
	}
	lq := leadsQueryOf(c)
	page, err := ui.app.ListLeads(ctx, caller, id, lq.store(leadsPerPage))
	if err != nil {
		ui.fail(c, err)
		return
	}
	funnel, err := ui.app.Funnel(ctx, caller, id, 30)
	if err != nil {
		ui.fail(c, err)
		return
	}
	base := "/evaluations/" + ev.ID + "/leads"
	d := leadsData{Evaluation: ev, Dimensions: q.Dimensions, Query: lq, Total: page.Total,
		Funnel: funnelOf(funnel), From: lq.Offset + 1, To: lq.Offset + len(page.Leads)}
	if q.Results != nil {
		d.Tiers = q.Results.Overall.Tiers
	}
	for _, s := range mspeval.LeadStatuses {
		d.Statuses = append(d.Statuses, statusOption{Value: s, Label: statusWords[s]})
	}
	for _, l := range page.Leads {
		d.Rows = append(d.Rows, leadRowOf(l, q.Dimensions))
	}
	d.Sorts = sortHeaders(base, lq)
	pageURL := func(offset int) string {
		v := lq.values()
		if offset > 0 {
			v.Set("offset", strconv.Itoa(offset))
		}
		return base + "?" + v.Encode()
	}
	if lq.Offset > 0 {
		d.Prev = pageURL(max(0, lq.Offset-leadsPerPage))
	}
	if lq.Offset+leadsPerPage < page.Total {
		d.Next = pageURL(lq.Offset + leadsPerPage)
	}
	filters := lq.values().Encode()
	d.CSV, d.XLSX = base+".csv?"+filters, base+".xlsx?"+filters
	p := ui.base(c, "Leads · "+ev.Name, "evaluations")
	p.Data = d
	ui.render(c, http.StatusOK, "leads", p)
}

// sortHeaders links each sortable column to its order, keeping the filters:
// the sorted column's link reverses it, another's starts with its usual order.
func sortHeaders(base string, lq leadsQuery) map[string]sortHeader {
	out := map[string]sortHeader{}
	for key := range store.LeadSorts {
		v, h := lq.values(), sortHeader{}
		v.Set("sort", key)
		v.Set("order", defaultOrders[key])
		if key == lq.Sort {
			h.Aria = map[string]string{"asc": "ascending", "desc": "descending"}[lq.Order]
			v.Set("order", map[string]string{"asc": "desc", "desc": "asc"}[lq.Order])
		}
		h.URL = base + "?" + v.Encode()
		out[key] = h
	}
	return out
}

func leadRowOf(l mspeval.Lead, dims []questions.Dimension) leadRow {
	r := leadRow{Lead: l, Status: statusWords[l.Status], SourceLabel: mspeval.SourceLabel(l.Source), Dimensions: make([]*float64, len(dims))}
	if l.Result == nil {
		return r
	}
	r.Overall, r.TierLabel = l.Result.Overall, l.Result.TierLabel
	for i, d := range dims {
		for _, ld := range l.Result.Dimensions {
			if ld.Key == d.Key {
				r.Dimensions[i] = ld.Score
			}
		}
	}
	return r
}

// leadsExport serves the leads the view's filters match as a download.
func (ui *UI) leadsExport(format string) gin.HandlerFunc {
	return func(c *gin.Context) {
		lq := leadsQueryOf(c)
		lq.Offset = 0
		data, contentType, filename, err := ui.app.ExportLeads(c.Request.Context(), callerOf(c), c.Param("id"), lq.store(0), format)
		if err != nil {
			ui.fail(c, err)
			return
		}
		c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
		c.Data(http.StatusOK, contentType, data)
	}
}

// funnelView is the funnel in total and per day, with the widths of its bars
// (SVG attributes, 0-100: the content security policy allows no style
// attribute).
type funnelView struct {
	Steps []funnelStep
	Days  []funnelDayView
	// Invited: more started than visited, which leads sent a link one by one
	// do (they never visit the public link).
	Invited bool
}

type funnelStep struct {
	Label string
	Count int
	// Rate is the conversion from the step before ("" for the first, "–"
	// when the step before is zero).
	Rate  string
	Width string
}

type funnelDayView struct {
	Day                                    string
	Visits, Started, Submitted, SalesReady int
	// Widths of the day's four bars, against the busiest day.
	Widths [4]string
}

func funnelOf(f mspeval.Funnel) funnelView {
	counts := []int{f.Visits, f.Started, f.Submitted, f.SalesReady}
	labels := []string{"Visits", "Started", "Submitted", "Sales-ready"}
	top := max(1, f.Visits, f.Started)
	v := funnelView{Invited: f.Started > f.Visits}
	for i, n := range counts {
		s := funnelStep{Label: labels[i], Count: n, Width: widthOf(n, top)}
		if i > 0 {
			s.Rate = "–"
			if counts[i-1] > 0 {
				s.Rate = scoring.FormatShare(float64(n) / float64(counts[i-1]))
			}
		}
		v.Steps = append(v.Steps, s)
	}
	busiest := 1
	for _, d := range f.Days {
		busiest = max(busiest, d.Visits, d.Started, d.Submitted, d.SalesReady)
	}
	// Newest first: the days people ask about.
	for i := len(f.Days) - 1; i >= 0; i-- {
		d := f.Days[i]
		v.Days = append(v.Days, funnelDayView{Day: d.Day, Visits: d.Visits, Started: d.Started, Submitted: d.Submitted, SalesReady: d.SalesReady,
			Widths: [4]string{widthOf(d.Visits, busiest), widthOf(d.Started, busiest), widthOf(d.Submitted, busiest), widthOf(d.SalesReady, busiest)}})
	}
	return v
}

// widthOf is n as a share of top, 0-100, for an SVG width.
func widthOf(n, top int) string {
	return strconv.FormatFloat(float64(n)/float64(top)*100, 'f', 1, 64)
}
