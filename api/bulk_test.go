package api_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"mspeval"
	"mspeval/app"
	"mspeval/store/storetest"
)

// TestBulkInvite: a list is checked as a whole (each bad row named, nothing
// created), previewed without creating anything, then created in one go with a
// working link per row.
func TestBulkInvite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		path := "/api/v1/evaluations/" + f.ids["evA"] + "/bulk"
		var rows []map[string]string
		for i := 0; i < 50; i++ {
			rows = append(rows, map[string]string{"company": fmt.Sprintf("Prospect %d Ltd", i), "contact_name": "Sam", "email": fmt.Sprintf("it%d@prospect%d.example", i, i)})
		}
		bad := append([]map[string]string{}, rows...)
		bad[3] = map[string]string{"company": "", "email": "not-an-address"}
		bad[7] = map[string]string{"company": "Twin", "email": rows[0]["email"]}
		p := e.must(422, request{Method: "POST", Path: path, As: "ownerA", Body: map[string]any{"rows": bad}}).problem(t)
		for _, field := range []string{"rows[3].company", "rows[3].email", "rows[7].email"} {
			if !hasField(p.Errors, field) {
				t.Errorf("a bad list: %+v, want %s named", p.Errors, field)
			}
		}
		count := func() int {
			var out struct{ Items []any }
			e.must(200, request{Method: "GET", Path: "/api/v1/evaluations/" + f.ids["evA"] + "/candidates?limit=200", As: "ownerA"}).decode(t, &out)
			return len(out.Items)
		}
		if n := count(); n != 1 {
			t.Fatalf("after a refused list: %d candidates, want the 1 there was", n)
		}
		var out struct {
			Preview bool
			Created []struct {
				URL, Token string
			}
		}
		e.must(200, request{Method: "POST", Path: path, As: "ownerA", Body: map[string]any{"rows": rows, "preview": true}}).decode(t, &out)
		if !out.Preview || len(out.Created) != 0 || count() != 1 {
			t.Fatalf("a preview created something: %+v", out)
		}
		e.must(422, request{Method: "POST", Path: path, As: "ownerA", Body: map[string]any{"rows": rows, "send": true}}) // email is off
		e.must(403, request{Method: "POST", Path: path, As: "viewerA", Body: map[string]any{"rows": rows}})
		e.must(201, request{Method: "POST", Path: path, As: "ownerA", Body: map[string]any{"rows": rows}}).decode(t, &out)
		if len(out.Created) != 50 || count() != 51 {
			t.Fatalf("created %d links, %d candidates; want 50 and 51", len(out.Created), count())
		}
		e.must(200, request{Method: "GET", Path: "/api/v1/respond/" + out.Created[49].Token})
	})
}

func TestParseBulkCSV(t *testing.T) {
	cases := []struct {
		name, in string
		rows     int
		bad      string
	}{
		{"CommaSeparated", "company,contact name,email\nAcme IT,Sam,sam@acme.example\n", 1, ""},
		{"PastedFromASpreadsheet", "Email\tName\tContact\nsam@acme.example\tAcme IT\tSam\nkim@b.example\tB Ltd\tKim\n", 2, ""},
		{"PastedWithAnEmptyFirstCell", "Contact\tCompany\tEmail\n\tAcme IT\tsam@acme.example\n", 1, ""},
		{"NameAndCompany", "name,company,email\nSam's shop,Acme IT,sam@acme.example\n", 1, ""},
		{"ByteOrderMarkAndBlankLines", "\ufeffname,email\n\nAcme,a@acme.example\n\n", 1, ""},
		{"NoEmailColumn", "company,contact\nAcme,Sam\n", 0, "email column"},
		{"HeaderOnly", "company,email\n", 0, "empty"},
		{"BrokenQuote", "company,email\n\"Acme,a@acme.example\n", 0, "line"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := app.ParseBulkCSV(strings.NewReader(tc.in))
			if tc.bad != "" {
				var e *mspeval.Error
				if !errors.As(err, &e) || !strings.Contains(e.Message+fmt.Sprint(e.Fields), tc.bad) {
					t.Errorf("got %v, want an error about %q", err, tc.bad)
				}
				return
			}
			if err != nil || len(rows) != tc.rows {
				t.Fatalf("got %d rows, %v; want %d", len(rows), err, tc.rows)
			}
			if rows[0].CandidateName() == "" || !strings.Contains(rows[0].Email, "@") {
				t.Errorf("columns mixed up: %+v", rows[0])
			}
		})
	}
}
