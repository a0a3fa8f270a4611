package app_test

import (
	"strings"
	"testing"

	"mspeval"
	"mspeval/app"
)

// FuzzParseBulkCSV feeds the bulk import arbitrary lists, comma- or
// tab-separated: rows or a 422 naming the csv field, never a panic or a 500.
func FuzzParseBulkCSV(f *testing.F) {
	for _, seed := range []string{
		"company,contact name,email\nAcme IT,Kim Lee,kim@acme.example\n",
		"name\temail\nAcme\tkim@acme.example\n",
		"\ufeffCompany;Email\nA;b\n",
		"company,email\n\"unclosed,x\n",
		"email\n=cmd|' /C calc'!A0,x@y.example\n",
		"", "\n\n", "company\n", ",,,\n,,,\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, list string) {
		rows, err := app.ParseBulkCSV(strings.NewReader(list))
		if err != nil {
			if mspeval.Status(err) >= 500 {
				t.Fatalf("a list gave a server error: %v", err)
			}
			return
		}
		if len(rows) == 0 {
			t.Fatal("no error and no rows")
		}
	})
}
