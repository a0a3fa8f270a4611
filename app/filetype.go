package app

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"image"
	_ "image/jpeg" // DecodeConfig reads JPEG headers
	_ "image/png"  // and PNG headers
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"mspeval"
	"mspeval/questions"
)

// An evidence file is taken for what its content is, never for what its name
// or the request's Content-Type say: an .exe renamed .pdf, or an HTML page
// named .csv, is refused. Office files are ZIP containers; their central
// directory is read (the list of entries at the end of the file) and nothing
// is decompressed, so a ZIP bomb costs no more than its own bytes.

// Limits on an Office file's ZIP container.
const (
	maxZipEntries = 5000
	// maxZipExpanded bounds what the entries claim to expand to, so that a
	// file that would flood an evaluator's office suite is refused here.
	maxZipExpanded = 512 << 20
	// csvSample is how many records of a CSV file are read for its shape.
	csvSample = 200
)

// badContent is why content is not a file of any kind a question takes.
type badContent struct {
	// unsupported: it is another kind of file altogether (415); otherwise it
	// claims a kind it does not hold to (422).
	unsupported bool
	what        string
}

func (b badContent) Error() string { return b.what }

// DetectFile finds the kind of a file from its content, or says what is
// wrong with it.
func DetectFile(data []byte) (questions.FileKind, error) {
	switch {
	case len(data) == 0:
		return "", badContent{what: "is empty"}
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return questions.FilePDF, nil
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return checkImage(data, questions.FilePNG, "png")
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return checkImage(data, questions.FileJPEG, "jpeg")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return office(data)
	}
	if what := knownOther(data); what != "" {
		return "", badContent{unsupported: true, what: "is " + what}
	}
	return csvFile(data)
}

// checkImage checks an image's header: its format and a size.
func checkImage(data []byte, kind questions.FileKind, format string) (questions.FileKind, error) {
	cfg, got, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || got != format || cfg.Width < 1 || cfg.Height < 1 {
		return "", badContent{what: "starts as a " + kind.Label() + " but cannot be read as one"}
	}
	return kind, nil
}

// office tells a Word document from an Excel workbook by the entries of its
// ZIP container: both have [Content_Types].xml; a document's parts are under
// word/, a workbook's under xl/.
func office(data []byte) (questions.FileKind, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", badContent{what: "is a damaged ZIP archive, so not a Word document or Excel workbook"}
	}
	if len(zr.File) > maxZipEntries {
		return "", badContent{what: "holds more than 5000 parts, more than any document needs"}
	}
	var types, word, xl, macros bool
	var expanded uint64
	for _, f := range zr.File {
		name := f.Name
		expanded += f.UncompressedSize64
		switch {
		case name == "[Content_Types].xml":
			types = true
		case strings.HasPrefix(name, "word/"):
			word = true
		case strings.HasPrefix(name, "xl/"):
			xl = true
		}
		if strings.EqualFold(path.Base(name), "vbaProject.bin") {
			macros = true
		}
	}
	switch {
	case expanded > maxZipExpanded:
		return "", badContent{what: "would expand to more than 512 MB, which no document needs"}
	case !types || word == xl:
		return "", badContent{unsupported: true, what: "is a ZIP archive, not a Word document or Excel workbook"}
	case macros:
		return "", badContent{what: "holds macros; save it as a plain .docx or .xlsx without them"}
	case word:
		return questions.FileDOCX, nil
	default:
		return questions.FileXLSX, nil
	}
}

// knownOther names a common file that is none of the kinds, by its first
// bytes, so that the refusal says what was sent; "" for anything else.
func knownOther(data []byte) string {
	head := data[:min(len(data), 512)]
	lower := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"))
	switch {
	case bytes.HasPrefix(data, []byte("MZ")) && bytes.IndexByte(data[:min(len(data), 64)], 0) >= 0:
		// A program's header holds zero bytes; a table whose first cell
		// starts with MZ holds none.
		return "a Windows program"
	case bytes.HasPrefix(data, []byte("\x7fELF")), bytes.HasPrefix(data, []byte("\xcf\xfa\xed\xfe")), bytes.HasPrefix(data, []byte("#!")):
		return "a program or script"
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return "an old Office file (.doc or .xls); save it as .docx or .xlsx"
	case bytes.HasPrefix(data, []byte("GIF8")):
		return "a GIF image"
	case bytes.HasPrefix(data, []byte("Rar!")), bytes.HasPrefix(data, []byte("7z\xbc\xaf")), bytes.HasPrefix(data, []byte("\x1f\x8b")):
		return "a compressed archive"
	case bytes.HasPrefix(lower, []byte("{\\rtf")):
		return "an RTF document"
	}
	for _, tag := range []string{"<!doctype", "<html", "<head", "<body", "<script", "<svg", "<?xml", "<!--", "<iframe", "<meta", "<a ", "<div", "<p>", "<img"} {
		if bytes.HasPrefix(lower, []byte(tag)) {
			return "an HTML or XML document"
		}
	}
	if bytes.Contains(lower, []byte("<script")) || bytes.Contains(lower, []byte("<html")) {
		return "an HTML document"
	}
	return ""
}

// csvFile takes text as CSV when it is UTF-8 without control characters and
// its records, split by one of the usual delimiters, all have the same number
// of fields, at least two.
func csvFile(data []byte) (questions.FileKind, error) {
	text := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(text) {
		return "", badContent{unsupported: true, what: "is not a PDF, Word document, Excel workbook, PNG or JPEG image, nor CSV text in UTF-8"}
	}
	for _, r := range string(text) {
		if r == 0 || (r < ' ' && r != '\t' && r != '\r' && r != '\n') || r == 0x7f {
			return "", badContent{unsupported: true, what: "is not a PDF, Word document, Excel workbook, PNG or JPEG image, nor CSV text: it holds control characters"}
		}
	}
	for _, delim := range []rune{',', ';', '\t', '|'} {
		if csvShaped(text, delim) {
			return questions.FileCSV, nil
		}
	}
	return "", badContent{what: "is text but not a table: a CSV file has the same number of fields, at least two, on every line"}
}

func csvShaped(text []byte, delim rune) bool {
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = delim
	r.ReuseRecord = true
	fields := 0
	for n := 0; n < csvSample; n++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return n > 0
		}
		if err != nil || len(rec) < 2 {
			// A differing count is an error of the reader (FieldsPerRecord
			// 0 holds every record to the first one's count).
			return false
		}
		fields = len(rec)
	}
	return fields >= 2
}

// checkFile checks a file against a file question: kind found from the
// content and accepted by the question, size within its limit. The error
// names the question's field: answers.<key>.file.
func checkFile(qq *questions.Question, data []byte) (questions.FileKind, error) {
	field := "answers." + qq.Key + ".file"
	if int64(len(data)) > qq.MaxFileBytes() {
		return "", tooLarge(qq)
	}
	kind, err := DetectFile(data)
	var bad badContent
	if errors.As(err, &bad) {
		code := mspeval.EINVALID
		if bad.unsupported {
			code = mspeval.EUNSUPPORTED
		}
		return "", &mspeval.Error{Code: code, Message: "the file is not one this question takes; nothing was stored",
			Fields: []mspeval.FieldError{{Field: field, Message: bad.what + "; " + acceptedList(qq)}}}
	}
	if !qq.Accepts(kind) {
		return "", &mspeval.Error{Code: mspeval.EUNSUPPORTED, Message: "the file is not one this question takes; nothing was stored",
			Fields: []mspeval.FieldError{{Field: field, Message: "is a " + kind.Label() + "; " + acceptedList(qq)}}}
	}
	return kind, nil
}

// tooLarge is the error for a file over a question's limit.
func tooLarge(qq *questions.Question) error {
	return &mspeval.Error{Code: mspeval.ETOOLARGE, Message: "the file is too large; nothing was stored",
		Fields: []mspeval.FieldError{{Field: "answers." + qq.Key + ".file",
			Message: "is larger than " + questions.FormatBytes(qq.MaxFileBytes()) + ", the most this question takes"}}}
}

// acceptedList says which kinds a question takes.
func acceptedList(qq *questions.Question) string {
	kinds := qq.AcceptedKinds()
	labels := make([]string, len(kinds))
	for i, k := range kinds {
		labels[i] = k.Label()
	}
	if len(labels) == 1 {
		return "this question takes a " + labels[0]
	}
	return "this question takes a " + strings.Join(labels[:len(labels)-1], ", ") + " or " + labels[len(labels)-1]
}

// CleanFileName makes a sent file name safe to show and to offer as a
// download's name: no folders, no control or bidirectional characters (which
// could hide the real extension: "invoice\u202efdp.exe"), white space
// collapsed, at most 120 characters, and an extension that matches the kind
// found in the content ("report.exe" holding a PDF becomes "report.exe.pdf").
// A name with nothing left becomes the question's key.
func CleanFileName(name, questionKey string, kind questions.FileKind) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToValidUTF8(name, "")
	name = mspeval.DropUnsafe(name)
	name = strings.Join(strings.Fields(name), " ")
	name = strings.Trim(name, " .")
	ext := kind.Extension()
	got := strings.ToLower(path.Ext(name))
	switch {
	case got == ext, kind == questions.FileJPEG && got == ".jpeg":
		ext = name[len(name)-len(got):]
		name = name[:len(name)-len(got)]
	}
	name = strings.Trim(name, " .")
	if name == "" {
		name = questionKey
	}
	const maxRunes = 120
	if r := []rune(name); len(r) > maxRunes-len(ext) {
		name = strings.TrimRight(string(r[:maxRunes-len(ext)]), " .")
	}
	return name + ext
}
