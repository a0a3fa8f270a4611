package app

import (
	"archive/zip"
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"unicode/utf8"

	"mspeval"
	"mspeval/questions"
)

func testImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	for x := 0; x < 8; x++ {
		img.Set(x, 2, color.RGBA{R: 200, A: 255})
	}
	return img
}

func pngBytes(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, testImage()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t *testing.T) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, testImage(), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// zipOf builds a ZIP archive of the named entries, each holding a little XML.
func zipOf(t *testing.T, names ...string) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, n := range names {
		f, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(`<?xml version="1.0"?><x/>`))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bomb is a ZIP whose one entry claims to expand to a terabyte; nothing in
// it is ever decompressed.
func bomb(t *testing.T) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, h := range []*zip.FileHeader{
		{Name: "[Content_Types].xml", Method: zip.Store, CompressedSize64: 3, UncompressedSize64: 3},
		{Name: "word/document.xml", Method: zip.Deflate, CompressedSize64: 3, UncompressedSize64: 1 << 40},
	} {
		f, err := w.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte("abc"))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// docx is a minimal Word document's container.
func docx(t *testing.T) []byte {
	return zipOf(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels")
}

func TestDetectFileByContent(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want questions.FileKind
	}{
		{"PDF", []byte("%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF"), questions.FilePDF},
		{"PNG", pngBytes(t), questions.FilePNG},
		{"JPEG", jpegBytes(t), questions.FileJPEG},
		{"DOCX", docx(t), questions.FileDOCX},
		{"XLSX", zipOf(t, "[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"), questions.FileXLSX},
		{"CSVWithCommas", []byte("owner,backup owner,task\nAna,Ben,patching\nBen,Ana,\"backups, offsite\"\n"), questions.FileCSV},
		{"CSVWithSemicolonsAndABOM", []byte("\xef\xbb\xbfTeam;Taak\nIntern;Patchen\r\nMSP;Monitoring\r\n"), questions.FileCSV},
		{"TSV", []byte("a\tb\n1\t2\n"), questions.FileCSV},
		{"CSVStartingWithMZ", []byte("MZ code,owner\nMZ-1,Ana\n"), questions.FileCSV},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DetectFile(tc.data)
			if err != nil || got != tc.want {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestDetectFileRefusesWhatItIsNot(t *testing.T) {
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), bytes.Repeat([]byte{0}, 200)...)
	for _, tc := range []struct {
		name        string
		data        []byte
		unsupported bool
		says        string
	}{
		{"AProgram", exe, true, "Windows program"},
		{"AnHTMLPage", []byte("<!DOCTYPE html>\n<html><body><script>alert(1)</script>a,b\n</body></html>"), true, "HTML"},
		{"HTMLAfterALine", []byte("name,value\n<script>fetch('/api/v1/me')</script>,1\n"), true, "HTML"},
		{"AnOldWordFile", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 100)), true, "old Office file"},
		{"AZipOfNoOfficeFile", zipOf(t, "readme.txt", "setup.exe"), true, "ZIP archive"},
		{"AZipOfBothKinds", zipOf(t, "[Content_Types].xml", "word/document.xml", "xl/workbook.xml"), true, "ZIP archive"},
		{"ADocumentWithMacros", zipOf(t, "[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), false, "macros"},
		{"AZipBomb", bomb(t), false, "512 MB"},
		{"ADamagedZip", []byte("PK\x03\x04 and then nothing"), false, "damaged"},
		{"AnImageCutShort", pngBytes(t)[:20], false, "cannot be read"},
		{"Prose", []byte("We will hand everything back.\nEvery runbook is yours.\n"), false, "not a table"},
		{"TextWithNUL", []byte("a,b\n1,\x002\n"), true, "control characters"},
		{"Latin1", []byte("caf\xe9,cr\xe8me\n1,2\n"), true, "UTF-8"},
		{"Empty", nil, false, "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DetectFile(tc.data)
			var bad badContent
			if !errors.As(err, &bad) {
				t.Fatalf("got %v, want it refused", err)
			}
			if bad.unsupported != tc.unsupported || !strings.Contains(bad.what, tc.says) {
				t.Errorf("got %+v, want unsupported=%v saying %q", bad, tc.unsupported, tc.says)
			}
		})
	}
}

func TestCheckFileNamesTheField(t *testing.T) {
	qq := &questions.Question{Key: "exit_plan", Type: questions.TypeFile,
		File: &questions.FileSpec{MaxBytes: 1 << 10, Accept: []questions.FileKind{questions.FilePDF, questions.FileDOCX}}}
	for _, tc := range []struct {
		name string
		data []byte
		code string
		says string
	}{
		{"OverTheLimit", append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 1<<10)...), mspeval.ETOOLARGE, "larger than 1 KB"},
		{"AKindTheQuestionDoesNotTake", pngBytes(t), mspeval.EUNSUPPORTED, "is a PNG image; this question takes a PDF or Word document"},
		{"AProgramCalledPDF", []byte("MZ\x90\x00 not a pdf"), mspeval.EUNSUPPORTED, "Windows program"},
		{"NotATable", []byte("just words"), mspeval.EINVALID, "not a table"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CheckFile(qq, "x.pdf", tc.data)
			var e *mspeval.Error
			if !errors.As(err, &e) || e.Code != tc.code {
				t.Fatalf("got %v, want %s", err, tc.code)
			}
			if len(e.Fields) != 1 || e.Fields[0].Field != "answers.exit_plan.file" || !strings.Contains(e.Fields[0].Message, tc.says) {
				t.Errorf("fields: got %+v, want answers.exit_plan.file saying %q", e.Fields, tc.says)
			}
		})
	}
	f, err := CheckFile(qq, "Plan.PDF", []byte("%PDF-1.4\n%%EOF"))
	if err != nil || f.Type != "application/pdf" || f.Name != "Plan.PDF" || len(f.SHA256) != 64 || f.QuestionKey != "exit_plan" {
		t.Errorf("a good file: got %+v, %v", f, err)
	}
}

func TestCleanFileName(t *testing.T) {
	for _, tc := range []struct {
		name string
		kind questions.FileKind
		want string
	}{
		{"exit plan.pdf", questions.FilePDF, "exit plan.pdf"},
		{"../../etc/passwd.pdf", questions.FilePDF, "passwd.pdf"},
		{`C:\Users\ana\Plan.PDF`, questions.FilePDF, "Plan.PDF"},
		{"invoice\u202efdp.exe.pdf", questions.FilePDF, "invoicefdp.exe.pdf"},
		{"report.exe", questions.FilePDF, "report.exe.pdf"},
		{"photo.jpeg", questions.FileJPEG, "photo.jpeg"},
		{"photo.JPG", questions.FileJPEG, "photo.JPG"},
		{"matrix.csv", questions.FileXLSX, "matrix.csv.xlsx"},
		{"  spaced \t  name .pdf", questions.FilePDF, "spaced name.pdf"},
		{"line\r\nbreak.pdf", questions.FilePDF, "linebreak.pdf"},
		{"", questions.FileDOCX, "exit_plan.docx"},
		{"...", questions.FilePDF, "exit_plan.pdf"},
		{"Société Générale — plan.pdf", questions.FilePDF, "Société Générale — plan.pdf"},
		{strings.Repeat("é", 300) + ".pdf", questions.FilePDF, strings.Repeat("é", 116) + ".pdf"},
		{"bad\xffbytes.pdf", questions.FilePDF, "badbytes.pdf"},
	} {
		if got := CleanFileName(tc.name, "exit_plan", tc.kind); got != tc.want {
			t.Errorf("CleanFileName(%q): got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// FuzzDetectFile: whatever the bytes, the check answers a kind or a refusal,
// and never takes a ZIP it did not read as an Office file.
func FuzzDetectFile(f *testing.F) {
	for _, seed := range [][]byte{[]byte("%PDF-1.4"), []byte("a,b\n1,2\n"), []byte("PK\x03\x04"), []byte("MZ\x00"), []byte("<html>")} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		kind, err := DetectFile(data)
		if (err == nil) == (kind == "") {
			t.Fatalf("got kind %q and error %v", kind, err)
		}
		if err == nil && bytes.HasPrefix(data, []byte("PK")) && kind != questions.FileDOCX && kind != questions.FileXLSX && kind != questions.FileCSV {
			t.Fatalf("a ZIP taken as %s", kind)
		}
	})
}

// FuzzCleanFileName: a cleaned name has no folder, no control or
// bidirectional character, at most 120 characters, and the kind's extension.
func FuzzCleanFileName(f *testing.F) {
	for _, seed := range []string{"exit plan.pdf", "../../x.exe", "a\u202egpj.exe", "", "\x00\x1b[2J"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := CleanFileName(name, "exit_plan", questions.FilePDF)
		if strings.ContainsAny(got, `/\`) || strings.IndexFunc(got, mspeval.UnsafeInLine) >= 0 || utf8.RuneCountInString(got) > 120 ||
			!strings.HasSuffix(strings.ToLower(got), ".pdf") || !utf8.ValidString(got) {
			t.Fatalf("CleanFileName(%q) = %q", name, got)
		}
	})
}
