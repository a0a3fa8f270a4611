package report

import (
	"bytes"
	"testing"
)

// TestCompressPagesWritesWhatGofpdfWould pins compressPages to gofpdf's own
// page compression: the same document, byte for byte.
func TestCompressPagesWritesWhatGofpdfWould(t *testing.T) {
	for name, d := range map[string]*Data{"demo": demoData(t), "many": manyData(t, 30, 10000)} {
		t.Run(name, func(t *testing.T) {
			var ours bytes.Buffer
			if err := ComparisonPDF(&ours, d); err != nil {
				t.Fatal(err)
			}
			dc := comparisonDoc(d)
			dc.pdf.SetCompression(true)
			dc.compressPages = false
			var theirs bytes.Buffer
			if err := dc.write(&theirs); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(ours.Bytes(), theirs.Bytes()) {
				t.Errorf("got %d bytes, gofpdf writes %d bytes that differ", ours.Len(), theirs.Len())
			}
		})
	}
}

// TestCompressPagesLeavesOtherDocumentsAsTheyAre: what it does not recognise,
// and a document without pages, it writes unchanged.
func TestCompressPagesLeavesOtherDocumentsAsTheyAre(t *testing.T) {
	for _, raw := range []string{
		"", "not a PDF", "%PDF-1.3\nstartxref\n12\n%%EOF\n",
		"%PDF-1.3\n1 0 obj\n<<>>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<<>>\nstartxref\n31\n%%EOF\n",
	} {
		var out bytes.Buffer
		if err := compressPages(&out, []byte(raw)); err != nil {
			t.Fatal(err)
		}
		if out.String() != raw {
			t.Errorf("%q: wrote %q", raw, out.String())
		}
	}
}
