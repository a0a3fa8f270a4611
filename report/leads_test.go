package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"mspeval"
)

func leadsDoc() LeadsDoc {
	f := func(v float64) *float64 { return &v }
	at := func(h int) *time.Time { t := testTime.Add(time.Duration(h) * time.Hour); return &t }
	return LeadsDoc{
		Campaign:   "Readiness 2027",
		Dimensions: []LeadsDimension{{"fit", "Fit"}, {"flexibility", "Flexibility"}, {"dependency_risk", "Dependency risk"}},
		Leads: []mspeval.Lead{
			{CandidateID: "c1", Origin: mspeval.LeadPublic, Name: "Ελένη Παπαδοπούλου", Email: "eleni@prospect.example",
				Company: `=HYPERLINK("http://evil.example","x")`, Status: mspeval.LeadSalesReady,
				Consent: &mspeval.Consent{Text: mspeval.DefaultConsentText, At: testTime},
				Source: map[string]string{"utm_source": "webinar", "utm_medium": "email", "utm_campaign": "q1", "utm_term": "co-managed",
					"utm_content": "banner", "ref": "partner-42"},
				CreatedAt: testTime, SubmittedAt: at(2), SalesReadyAt: at(3), SalesNote: "+call after 3pm",
				Result: &mspeval.LeadResult{Overall: f(68.126), Tier: "leverage_now", TierLabel: "Co-managed would add leverage now",
					Dimensions: []mspeval.LeadDimension{
						// Out of order on purpose: columns follow the questionnaire.
						{Key: "flexibility", Name: "Flexibility", Score: f(62.5), Tier: "worth_a_conversation", TierLabel: "Worth a conversation"},
						{Key: "fit", Name: "Fit", Score: f(71.4), Tier: "leverage_now", TierLabel: "Co-managed would add leverage now"},
						{Key: "dependency_risk", Name: "Dependency risk", Score: nil},
					}}},
			{CandidateID: "c2", Origin: mspeval.LeadInvited, Name: "Иван Петров", Email: "ivan@prospect.example", Company: "Сервис ИТ",
				Status: mspeval.LeadStarted, Source: map[string]string{}, CreatedAt: testTime.Add(time.Hour)},
		},
	}
}

func TestLeadsCSVParsesWithEveryColumn(t *testing.T) {
	d := leadsDoc()
	var b bytes.Buffer
	if err := LeadsCSV(&b, d); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b.Bytes(), []byte("\r\n")) {
		t.Errorf("the CSV's lines do not end in CRLF (RFC 4180)")
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	wantHead := "company,name,email,status,origin,overall_score,overall_tier,fit_score,fit_tier,flexibility_score,flexibility_tier," +
		"dependency_risk_score,dependency_risk_tier,utm_source,utm_medium,utm_campaign,utm_term,utm_content,ref," +
		"consent_text,consented_at,created_at,submitted_at,sales_ready_at,note"
	if got := strings.Join(rows[0], ","); got != wantHead {
		t.Errorf("header:\n got %s\nwant %s", got, wantHead)
	}
	if len(rows) != 3 {
		t.Fatalf("got %d rows, want the header and 2 leads", len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	first, second := rows[1], rows[2]
	for name, want := range map[string]string{
		"company":               `'=HYPERLINK("http://evil.example","x")`,
		"name":                  "Ελένη Παπαδοπούλου",
		"status":                "sales_ready",
		"overall_score":         "68.13",
		"overall_tier":          "Co-managed would add leverage now",
		"fit_score":             "71.40",
		"flexibility_tier":      "Worth a conversation",
		"dependency_risk_score": "",
		"utm_term":              "co-managed",
		"ref":                   "partner-42",
		"consent_text":          mspeval.DefaultConsentText,
		"consented_at":          "22 November 2026, 09:30 UTC",
		"submitted_at":          "22 November 2026, 11:30 UTC",
		"sales_ready_at":        "22 November 2026, 12:30 UTC",
		"note":                  "'+call after 3pm",
	} {
		if got := first[col[name]]; got != want {
			t.Errorf("first lead's %s: got %q, want %q", name, got, want)
		}
	}
	for name, want := range map[string]string{"company": "Сервис ИТ", "status": "started", "overall_score": "", "consented_at": "",
		"created_at": "22 November 2026, 10:30 UTC", "submitted_at": ""} {
		if got := second[col[name]]; got != want {
			t.Errorf("second lead's %s: got %q, want %q", name, got, want)
		}
	}
}

func leadsWorkbook(t *testing.T, d LeadsDoc) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := LeadsXLSX(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestLeadsXLSXHoldsNumbersAndDates(t *testing.T) {
	d := leadsDoc()
	f, err := excelize.OpenReader(bytes.NewReader(leadsWorkbook(t, d)))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "Leads" {
		t.Errorf("sheets: got %v", got)
	}
	rows, err := f.GetRows("Leads")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "Company" || rows[0][7] != "Fit" || rows[0][8] != "Fit tier" {
		t.Fatalf("rows: %v", rows)
	}
	// Text is typed text in a workbook: it is never run, so it is not escaped.
	if rows[1][0] != d.Leads[0].Company || rows[1][3] != "sales ready" {
		t.Errorf("first lead: got %v", rows[1][:4])
	}
	raw, _ := f.GetRows("Leads", excelize.Options{RawCellValue: true})
	if raw[1][5] != "68.126" || raw[1][7] != "71.4" {
		t.Errorf("scores: got %q and %q, want the numbers as stored", raw[1][5], raw[1][7])
	}
	for _, cell := range []string{"F2", "H2", "U2"} {
		if typ, _ := f.GetCellType("Leads", cell); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("%s is stored as text", cell)
		}
	}
	// Created is a date cell, shown in the CSV's format.
	created, _ := excelize.CoordinatesToCellName(7+2*len(d.Dimensions)+len(mspeval.SourceKeys)+3, 2)
	if got, _ := f.GetCellValue("Leads", created); got != "22 November 2026, 09:30 UTC" {
		t.Errorf("created in %s: got %q", created, got)
	}
	if typ, _ := f.GetCellType("Leads", created); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("created in %s is stored as text, not as a date", created)
	}
	panes, err := f.GetPanes("Leads")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("the header row is not frozen: %+v %v", panes, err)
	}
	if w, _ := f.GetColWidth("Leads", "A"); w < 20 {
		t.Errorf("the company column is %g wide", w)
	}
	style, _ := f.GetCellStyle("Leads", "A1")
	if s, _ := f.GetStyle(style); s == nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("the header row is not bold")
	}
}

// LibreOffice reads every hostile company back as text, from the CSV and the
// workbook alike, and the workbook's dates as the CSV writes them.
func TestLeadsExportsOpenAsTextInLibreOffice(t *testing.T) {
	d := leadsDoc()
	lead := d.Leads[1]
	d.Leads = nil
	for _, name := range hostileNames {
		l := lead
		l.Company = name
		d.Leads = append(d.Leads, l)
	}
	var sheet bytes.Buffer
	if err := LeadsCSV(&sheet, d); err != nil {
		t.Fatal(err)
	}
	written, err := csv.NewReader(bytes.NewReader(sheet.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	created := len(written[0]) - 4 // created_at, then submitted, sales-ready and the note
	t.Run("CSV", func(t *testing.T) {
		read := libreOfficeCSV(t, "leads.csv", sheet.Bytes())
		for i := 1; i < len(written); i++ {
			if got := cellAt(read, i, 0); got != written[i][0] {
				t.Errorf("row %d: LibreOffice read %q, the file holds %q", i, got, written[i][0])
			}
		}
	})
	t.Run("XLSX", func(t *testing.T) {
		read := libreOfficeCSV(t, "leads.xlsx", leadsWorkbook(t, d))
		for i, l := range d.Leads {
			if got := cellAt(read, i+1, 0); got != strings.ReplaceAll(l.Company, "\r\n", "\n") {
				t.Errorf("row %d: LibreOffice read %q, want the company %q as text", i+1, got, l.Company)
			}
		}
		if got := cellAt(read, 1, created); got != written[1][created] {
			t.Errorf("created: LibreOffice shows %q, the CSV writes %q", got, written[1][created])
		}
	})
}

// Both leads exports write every time in the workspace's style and zone, the
// zone named (with summer time where it applies); LibreOffice shows the
// workbook's date cells exactly as the CSV writes them.
func TestLeadsDatesFollowTheWorkspaceStyle(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	winter := time.Date(2026, 12, 1, 17, 20, 0, 0, time.UTC)
	summer := time.Date(2027, 7, 1, 7, 5, 0, 0, time.UTC)
	for _, tc := range []struct {
		style        mspeval.DateStyle
		winter, summ string
	}{
		{mspeval.DateStyleDayMonth, "1 December 2026, 18:20 CET", "1 July 2027, 09:05 CEST"},
		{mspeval.DateStyleMonthDay, "December 1, 2026, 6:20 PM CET", "July 1, 2027, 9:05 AM CEST"},
		{mspeval.DateStyleISO, "2026-12-01 18:20 CET", "2027-07-01 09:05 CEST"},
	} {
		t.Run(string(tc.style), func(t *testing.T) {
			d := leadsDoc()
			d.Dates = mspeval.Dates{Style: tc.style, Zone: berlin}
			d.Leads[0].CreatedAt, d.Leads[1].CreatedAt = winter, summer
			var b bytes.Buffer
			if err := LeadsCSV(&b, d); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&b).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			created := len(rows[0]) - 4
			if got := []string{rows[1][created], rows[2][created]}; got[0] != tc.winter || got[1] != tc.summ {
				t.Errorf("CSV created: got %q, want %q and %q", got, tc.winter, tc.summ)
			}
			read := libreOfficeCSV(t, "leads.xlsx", leadsWorkbook(t, d))
			for r := 1; r <= 2; r++ {
				if got := cellAt(read, r, created); got != rows[r][created] {
					t.Errorf("row %d: LibreOffice shows %q, the CSV writes %q", r, got, rows[r][created])
				}
			}
		})
	}
}

// The leads workbook names the workspace, the exporting user and the time of
// export in its properties, and prints landscape, fitted across, with the
// header row and the company column on every page.
func TestLeadsWorkbookPropertiesAndPageSetup(t *testing.T) {
	d := leadsDoc()
	d.Workspace, d.Author, d.Generated = "Nordlicht IT & Co", "Dana Whitfield", testTime
	f, err := excelize.OpenReader(bytes.NewReader(leadsWorkbook(t, d)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Creator != "Dana Whitfield" || props.Title != "Leads: Readiness 2027" || !strings.HasPrefix(props.Created, "2026-11-22T09:30:00") {
		t.Errorf("properties: got creator %q, title %q, created %q", props.Creator, props.Title, props.Created)
	}
	app, err := f.GetAppProps()
	if err != nil || app.Company != "Nordlicht IT & Co" {
		t.Errorf("company: got %+v (%v)", app, err)
	}
	layout, err := f.GetPageLayout("Leads")
	if err != nil || layout.Orientation == nil || *layout.Orientation != "landscape" || layout.FitToWidth == nil || *layout.FitToWidth < 1 ||
		layout.FitToHeight == nil || *layout.FitToHeight != 0 {
		t.Errorf("page layout: got %+v (%v)", layout, err)
	}
	names := f.GetDefinedName()
	found := false
	for _, n := range names {
		if n.Name == "_xlnm.Print_Titles" && n.Scope == "Leads" && strings.Contains(n.RefersTo, "$1:$1") {
			found = true
		}
	}
	if !found {
		t.Errorf("no print titles repeat the header row: %+v", names)
	}
}
