package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"mspeval"
	"mspeval/app"
	"mspeval/store"
	"mspeval/store/storetest"
)

// campaignFixture is a readiness campaign with its public link.
type campaignFixture struct {
	s     *store.Store
	svc   *app.Service
	owner mspeval.Caller
	ev    mspeval.Evaluation
	slug  string
}

func newCampaign(t *testing.T, dsn string) campaignFixture {
	t.Helper()
	ctx := context.Background()
	s := storetest.Open(t, dsn, nil)
	f := campaignFixture{s: s, svc: app.New(s, app.Options{})}
	f.owner = storetest.Account(t, s, "sales@msp.example", "Nordlicht Ελλάδα MSP", mspeval.RoleOwner)
	ev, err := s.CreateEvaluation(ctx, f.owner, store.EvaluationInput{Name: "Readiness 2027", QuestionnaireKey: "co-managed-readiness"})
	if err != nil {
		t.Fatal(err)
	}
	f.ev = ev
	camp, err := s.SaveCampaign(ctx, f.owner, ev.ID, store.CampaignInput{})
	if err != nil {
		t.Fatal(err)
	}
	f.slug = camp.Slug
	return f
}

// lead starts a lead through the public link; submit answers and submits it.
func (f campaignFixture) lead(t *testing.T, name, email, company string, submit bool) string {
	t.Helper()
	ctx := context.Background()
	started, err := f.s.StartLead(ctx, f.slug, mspeval.LeadForm{Name: name, Email: email,
		Company: company, Consent: true, Source: mspeval.SourceOf(url.Values{"utm_source": {"webinar"}, "ref": {"partner-42"}})}, false)
	if err != nil {
		t.Fatal(err)
	}
	if !submit {
		return started.Secret
	}
	q, _ := f.s.Catalog().Latest("co-managed-readiness")
	if _, err := f.s.RespondentSave(ctx, started.Secret, storetest.CompleteAnswers(q)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.RespondentSubmit(ctx, started.Secret); err != nil {
		t.Fatal(err)
	}
	return started.Secret
}

func pngLogo(t *testing.T) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 60, 20))
	for i := range img.Pix {
		img.Pix[i] = 0xC0
	}
	img.Set(1, 1, color.NRGBA{0x10, 0x20, 0x30, 0xFF})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestResultsPDF: a prospect gets their results as a PDF once they have
// submitted, under the workspace's branding, and not before.
func TestResultsPDF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newCampaign(t, dsn)
		accent := "#2E7D32"
		if _, err := f.svc.SetBranding(ctx, f.owner, store.BrandingInput{AccentColor: &accent}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SetLogo(ctx, f.owner, pngLogo(t)); err != nil {
			t.Fatal(err)
		}
		open := f.lead(t, "Ελένη Παπαδοπούλου", "eleni@prospect.example", "Société Générale IT", false)
		if _, _, err := f.svc.ResultsPDF(ctx, open); mspeval.ErrorCode(err) != mspeval.ECONFLICT {
			t.Errorf("before submitting: got %v, want a conflict", err)
		}
		done := f.lead(t, "Иван Петров", "ivan@prospect.example", "Société Générale IT", true)
		pdf, name, err := f.svc.ResultsPDF(ctx, done)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf, []byte("/Subtype /Image")) {
			t.Errorf("the results are not a PDF with the logo (%d bytes)", len(pdf))
		}
		if want := "readiness-results-societe-generale-it.pdf"; name != want {
			t.Errorf("file name: got %q, want %q", name, want)
		}

		greek := f.lead(t, "Νίκος Κ", "nikos@prospect.example", "Ωμέγα Υπηρεσίες", true)
		if _, name, err := f.svc.ResultsPDF(ctx, greek); err != nil || name != "readiness-results.pdf" {
			t.Errorf("a Greek company: got %q, %v; want readiness-results.pdf", name, err)
		}
		if _, _, err := f.svc.ResultsPDF(ctx, "msr_not-a-link"); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
			t.Errorf("a wrong link: got %v, want not found", err)
		}
	})
}

// TestExportLeads: the export holds every lead the query matches, in CSV or
// XLSX, for those who may read the workspace.
func TestExportLeads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newCampaign(t, dsn)
		f.lead(t, "Ελένη Παπαδοπούλου", "eleni@prospect.example", "=HYPERLINK(\"http://evil.example\")", true)
		f.lead(t, "Иван Петров", "ivan@prospect.example", "Сервис ИТ", false)

		t.Run("CSVHasTheHeaderAndNeutralisesFormulas", func(t *testing.T) {
			b, typ, name, err := f.svc.ExportLeads(ctx, f.owner, f.ev.ID, store.LeadQuery{}, "csv")
			if err != nil {
				t.Fatal(err)
			}
			if typ != "text/csv; charset=utf-8" || name != "leads-readiness-2027.csv" {
				t.Errorf("got %q, %q", typ, name)
			}
			rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil {
				t.Fatalf("the CSV does not parse: %v", err)
			}
			if len(rows) != 3 || strings.Join(rows[0][:7], ",") != "company,name,email,status,origin,overall_score,overall_tier" {
				t.Fatalf("rows: %v", rows)
			}
			var companies []string
			for _, r := range rows[1:] {
				companies = append(companies, r[0])
			}
			if !hasString(companies, "'=HYPERLINK(\"http://evil.example\")") || !hasString(companies, "Сервис ИТ") {
				t.Errorf("companies: got %q, want the formula neutralised and the Cyrillic name as is", companies)
			}
		})

		t.Run("FiltersApply", func(t *testing.T) {
			b, _, _, err := f.svc.ExportLeads(ctx, f.owner, f.ev.ID, store.LeadQuery{Status: mspeval.LeadSubmitted}, "csv")
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if len(rows) != 2 || rows[1][3] != mspeval.LeadSubmitted {
				t.Errorf("submitted leads only: got %v", rows)
			}
		})

		t.Run("XLSXOpensWithNumbers", func(t *testing.T) {
			b, typ, name, err := f.svc.ExportLeads(ctx, f.owner, f.ev.ID, store.LeadQuery{Sort: "company", Asc: true}, "xlsx")
			if err != nil {
				t.Fatal(err)
			}
			if typ != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || name != "leads-readiness-2027.xlsx" {
				t.Errorf("got %q, %q", typ, name)
			}
			book, err := excelize.OpenReader(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("the workbook does not open: %v", err)
			}
			defer book.Close()
			rows, err := book.GetRows("Leads")
			if err != nil || len(rows) != 3 || rows[0][0] != "Company" {
				t.Fatalf("rows: %v, %v", rows, err)
			}
			scored := 0
			for r := 2; r <= 3; r++ {
				cell := fmt.Sprintf("F%d", r)
				if v, _ := book.GetCellValue("Leads", cell); v == "" {
					continue
				}
				scored++
				if typ, _ := book.GetCellType("Leads", cell); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
					t.Errorf("the overall score in %s is stored as text", cell)
				}
			}
			if scored != 1 {
				t.Errorf("got %d overall scores, want the submitted lead's", scored)
			}
		})

		t.Run("UnknownFormatIsInvalid", func(t *testing.T) {
			_, _, _, err := f.svc.ExportLeads(ctx, f.owner, f.ev.ID, store.LeadQuery{}, "pdf")
			var e *mspeval.Error
			if !errors.As(err, &e) || e.Code != mspeval.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "format" {
				t.Errorf("got %v, want invalid naming format", err)
			}
		})

		t.Run("OtherWorkspacesGetNothing", func(t *testing.T) {
			other := storetest.Account(t, f.s, "owner@other.example", "Other", mspeval.RoleOwner)
			if _, _, _, err := f.svc.ExportLeads(ctx, other, f.ev.ID, store.LeadQuery{}, "csv"); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
				t.Errorf("another workspace: got %v, want not found", err)
			}
			if _, _, _, err := f.svc.ExportLeads(ctx, mspeval.Caller{}, f.ev.ID, store.LeadQuery{}, "csv"); err == nil {
				t.Errorf("no caller: got the export")
			}
		})

		t.Run("EveryLeadPastOnePage", func(t *testing.T) {
			for batch := 0; batch < 3; batch++ {
				var rows []store.BulkRow
				for i := 0; i < 350; i++ {
					n := batch*350 + i
					rows = append(rows, store.BulkRow{Name: fmt.Sprintf("Prospect %04d", n), Email: fmt.Sprintf("p%04d@prospect.example", n)})
				}
				if _, err := f.s.BulkInvite(ctx, f.owner, f.ev.ID, rows, false); err != nil {
					t.Fatal(err)
				}
			}
			b, _, _, err := f.svc.ExportLeads(ctx, f.owner, f.ev.ID, store.LeadQuery{Sort: "company", Asc: true, Limit: 10, Offset: 5}, "csv")
			if err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if want := 1 + 2 + 1050; len(rows) != want {
				t.Fatalf("got %d rows, want %d: every lead, whatever the page asked", len(rows), want)
			}
			seen := map[string]bool{}
			for _, r := range rows[1:] {
				if seen[r[2]] {
					t.Fatalf("%s is exported twice", r[2])
				}
				seen[r[2]] = true
			}
		})
	})
}

func hasString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
