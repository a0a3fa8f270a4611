package api

import (
	"mime"
	"strings"
	"testing"
)

func TestContentDispositionEncodesTheName(t *testing.T) {
	for _, tc := range []struct{ name, wantName, wantASCII string }{
		{"Partner-review-comparison.pdf", "Partner-review-comparison.pdf", "Partner-review-comparison.pdf"},
		{"Société-Générale.pdf", "Société-Générale.pdf", "Soci-t-G-n-rale.pdf"},
		{"a=b:c;d.csv", "a=b:c;d.csv", "a-b-c-d.csv"},
		{`quote"and\slash/x.csv`, "quote\"and-slash-x.csv", "quote-and-slash-x.csv"},
		{"esc\x1b[31m.pdf", "esc-[31m.pdf", "esc-31m.pdf"},
		{"invoice\u202efdp.exe.pdf", "invoice-fdp.exe.pdf", "invoice-fdp.exe.pdf"},
		{"line\r\nContent-Type: text/html.pdf", "line--Content-Type: text-html.pdf", "line-Content-Type-text-html.pdf"},
		{"..\u202e.pdf", "..-.pdf", "download.pdf"},
		{"東京.xlsx", "東京.xlsx", "download.xlsx"},
		{"%41 100%.csv", "%41 100%.csv", "41-100.csv"},
	} {
		t.Run(tc.wantASCII, func(t *testing.T) {
			h := contentDisposition(tc.name)
			if strings.ContainsAny(h, "\r\n\x1b\u202e") {
				t.Errorf("header %q carries a control or override character", h)
			}
			_, star, ok := strings.Cut(h, "filename*=UTF-8''")
			if !ok {
				t.Fatalf("header %q has no filename*", h)
			}
			for i := 0; i < len(star); i++ {
				if !isAttrChar(star[i]) && star[i] != '%' {
					t.Errorf("filename* %q leaves %q unencoded", star, star[i])
				}
			}
			disp, params, err := mime.ParseMediaType(h)
			if err != nil || disp != "attachment" {
				t.Fatalf("header %q does not parse: %v", h, err)
			}
			if params["filename"] != tc.wantName {
				t.Errorf("decoded name: got %q, want %q", params["filename"], tc.wantName)
			}
			_, fallback, _ := strings.Cut(h, `filename="`)
			fallback, _, _ = strings.Cut(fallback, `"`)
			if fallback != tc.wantASCII {
				t.Errorf("ASCII fallback: got %q, want %q", fallback, tc.wantASCII)
			}
		})
	}
}
