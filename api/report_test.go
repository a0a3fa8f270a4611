package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"mspeval/demo"
	"mspeval/store"
	"mspeval/store/storetest"
)

// demoEnv is a server with the demo workspace, signed in as its owner.
func demoEnv(t *testing.T, dialect string) (*env, string) {
	t.Helper()
	e := newEnv(t, storetest.DSN(t, dialect))
	res, err := demo.Load(context.Background(), e.store, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	signInAs(t, e, "demo", demo.Email, demo.Password)
	return e, res.EvaluationID
}

func TestReportsDownloadAndAgreeWithTheComparison(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		dialect := store.SQLite
		if strings.HasPrefix(dsn, "postgres") {
			dialect = store.Postgres
		}
		e, ev := demoEnv(t, dialect)
		base := "/api/v1/evaluations/" + ev

		pdf := e.must(200, request{Method: "GET", Path: base + "/report.pdf", As: "demo"})
		if !bytes.HasPrefix(pdf.Body, []byte("%PDF-")) || pdf.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("report.pdf: got %q, %.8q", pdf.Header.Get("Content-Type"), pdf.Body)
		}
		if cd := pdf.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, "comparison.pdf") {
			t.Errorf("Content-Disposition: got %q", cd)
		}

		var cmp struct {
			Candidates []struct {
				Name       string
				Rank       int
				Overall    *float64
				Dimensions []struct {
					Key   string
					Score *float64
				}
			}
		}
		e.must(200, request{Method: "GET", Path: base + "/comparison?fit=20&flexibility=20&dependency_risk=60", As: "demo"}).decode(t, &cmp)
		x := e.must(200, request{Method: "GET", Path: base + "/report.xlsx?fit=20&flexibility=20&dependency_risk=60", As: "demo"})
		f, err := excelize.OpenReader(bytes.NewReader(x.Body))
		if err != nil {
			t.Fatalf("the workbook does not open: %v", err)
		}
		defer f.Close()
		rows, err := f.GetRows("Summary", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range cmp.Candidates {
			row := rows[i+1]
			if row[1] != c.Name {
				t.Errorf("workbook row %d: got %s, want %s", i+1, row[1], c.Name)
			}
			got, err := strconv.ParseFloat(row[3], 64)
			if err != nil || math.Abs(got-*c.Overall) > 1e-9 {
				t.Errorf("%s overall: workbook %s, API %v", c.Name, row[3], *c.Overall)
			}
			for j, d := range c.Dimensions {
				got, _ := strconv.ParseFloat(row[4+j], 64)
				if d.Score != nil && math.Abs(got-*d.Score) > 1e-9 {
					t.Errorf("%s %s: workbook %s, API %v", c.Name, d.Key, row[4+j], *d.Score)
				}
			}
		}

		sum := e.must(200, request{Method: "GET", Path: base + "/summary.csv", As: "demo"})
		srows, err := csv.NewReader(bytes.NewReader(sum.Body)).ReadAll()
		if err != nil || len(srows) != 1+len(cmp.Candidates) {
			t.Errorf("summary.csv: %d rows, %v", len(srows), err)
		}
		ans := e.must(200, request{Method: "GET", Path: base + "/report.csv", As: "demo"})
		if _, err := csv.NewReader(bytes.NewReader(ans.Body)).ReadAll(); err != nil {
			t.Errorf("report.csv does not parse: %v", err)
		}

		var cands struct{ Items []struct{ ID string } }
		e.must(200, request{Method: "GET", Path: base + "/candidates", As: "demo"}).decode(t, &cands)
		one := e.must(200, request{Method: "GET", Path: "/api/v1/candidates/" + cands.Items[0].ID + "/report.pdf", As: "demo"})
		if !bytes.HasPrefix(one.Body, []byte("%PDF-")) {
			t.Error("the candidate report is not a PDF")
		}

		e.must(401, request{Method: "GET", Path: base + "/report.pdf"})
		e.must(422, request{Method: "GET", Path: base + "/report.xlsx?fit=-1", As: "demo", Malformed: true})
		e.signIn("other", "other@b.example", "Workspace B", "owner")
		e.must(404, request{Method: "GET", Path: base + "/report.pdf", As: "other"})
		e.must(404, request{Method: "GET", Path: "/api/v1/candidates/" + cands.Items[0].ID + "/report.pdf", As: "other"})
	})
}
