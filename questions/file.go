package questions

import (
	"fmt"
	"strconv"
)

// A file question asks for a document as evidence (a sample report, an
// ownership matrix, an exit plan). The bytes are stored apart from the
// answer; the answer carries what describes them (FileRef), so that required
// questions, progress and coverage read a file question like any other.
//
// How it scores: never by itself. A file has no option score and no text to
// read, so an attached file is answered but unscored until an evaluator rates
// it against the question's anchors; the rating is then its score, as for any
// answer. It counts towards coverage once rated, like a text answer nobody
// has rated yet.

// FileKind is a kind of file a file question may take. The kind is found from
// the file's content, never from its name.
type FileKind string

const (
	FilePDF  FileKind = "pdf"
	FilePNG  FileKind = "png"
	FileJPEG FileKind = "jpeg"
	FileXLSX FileKind = "xlsx"
	FileDOCX FileKind = "docx"
	FileCSV  FileKind = "csv"
)

// fileKinds are every kind, in the order they are listed to people.
var fileKinds = []FileKind{FilePDF, FileDOCX, FileXLSX, FileCSV, FilePNG, FileJPEG}

// FileKinds returns every kind a file question can take.
func FileKinds() []FileKind { return append([]FileKind(nil), fileKinds...) }

var kindFacts = map[FileKind]struct{ mediaType, label, ext string }{
	FilePDF:  {"application/pdf", "PDF", ".pdf"},
	FilePNG:  {"image/png", "PNG image", ".png"},
	FileJPEG: {"image/jpeg", "JPEG image", ".jpg"},
	FileXLSX: {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel workbook", ".xlsx"},
	FileDOCX: {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document", ".docx"},
	FileCSV:  {"text/csv", "CSV table", ".csv"},
}

// Valid reports whether k is one of the kinds.
func (k FileKind) Valid() bool { _, ok := kindFacts[k]; return ok }

// MediaType is the kind's media type, as a download is sent with.
func (k FileKind) MediaType() string { return kindFacts[k].mediaType }

// Label names the kind for people ("Word document").
func (k FileKind) Label() string { return kindFacts[k].label }

// Extension is the kind's usual file name extension, with its dot.
func (k FileKind) Extension() string { return kindFacts[k].ext }

// KindOf returns the kind with the given media type.
func KindOf(mediaType string) (FileKind, bool) {
	for k, f := range kindFacts {
		if f.mediaType == mediaType {
			return k, true
		}
	}
	return "", false
}

// File size limits. A questionnaire may set a question's limit up to the
// ceiling: every file is held in memory while it is checked, and stored in
// the database.
const (
	DefaultMaxFileBytes = 10 << 20
	MaxFileBytesCeiling = 25 << 20
)

// FileSpec is a file question's settings; both may be left out.
type FileSpec struct {
	// MaxBytes is the largest file the question takes; 0 is the default
	// (DefaultMaxFileBytes).
	MaxBytes int64 `yaml:"max_bytes,omitempty" json:"max_bytes,omitempty"`
	// Accept narrows the kinds the question takes; empty takes every kind.
	Accept []FileKind `yaml:"accept,omitempty" json:"accept,omitempty"`
}

// FileRef describes the file attached to a file question's answer. It is
// written by the service when a file is stored, never by a client.
type FileRef struct {
	// Name is the file's name as the respondent's device gave it, cleaned
	// for display and for the download's name.
	Name string `json:"name"`
	// Type is the media type found from the content.
	Type string `json:"type"`
	// Size in bytes.
	Size int64 `json:"size"`
	// SHA256 is the hex SHA-256 of the content.
	SHA256 string `json:"sha256"`
}

// Describe says what the file is in words: "exit-plan.pdf (PDF, 1.2 MB)".
func (f FileRef) Describe() string {
	label := f.Type
	if k, ok := KindOf(f.Type); ok {
		label = k.Label()
	}
	return fmt.Sprintf("%s (%s, %s)", f.Name, label, FormatBytes(f.Size))
}

// MaxFileBytes is the largest file the question takes.
func (qq *Question) MaxFileBytes() int64 {
	if qq.File == nil || qq.File.MaxBytes <= 0 {
		return DefaultMaxFileBytes
	}
	return qq.File.MaxBytes
}

// AcceptedKinds are the kinds the question takes, in the order they are
// listed to people.
func (qq *Question) AcceptedKinds() []FileKind {
	if qq.File == nil || len(qq.File.Accept) == 0 {
		return FileKinds()
	}
	var out []FileKind
	for _, k := range fileKinds {
		for _, a := range qq.File.Accept {
			if a == k {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// Accepts reports whether the question takes a file of kind k.
func (qq *Question) Accepts(k FileKind) bool {
	for _, a := range qq.AcceptedKinds() {
		if a == k {
			return true
		}
	}
	return false
}

// checkFile validates a question's file settings. Like check, its problems'
// fields are relative to the question.
func (qq *Question) checkFile() []FieldProblem {
	var p problems
	if qq.Type == TypeFile && (len(qq.Options) > 0 || qq.Scale != nil || qq.Text != nil) {
		p.add("type", "a file question takes no options, scale or paired text")
	}
	f := qq.File
	if f == nil {
		return p
	}
	if qq.Type != TypeFile {
		p.add("file", "only a file question takes file settings; this one is %s", qq.Type)
		return p
	}
	switch {
	case f.MaxBytes < 0:
		p.add("file.max_bytes", "file.max_bytes must be positive, got %d", f.MaxBytes)
	case f.MaxBytes > MaxFileBytesCeiling:
		p.add("file.max_bytes", "file.max_bytes is %d; the most a question may take is %d (%s)",
			f.MaxBytes, MaxFileBytesCeiling, FormatBytes(MaxFileBytesCeiling))
	}
	seen := map[FileKind]bool{}
	for i, k := range f.Accept {
		at := fieldPath("file.accept", i)
		switch {
		case !k.Valid():
			p.add(at, "file.accept: %q is not one of pdf, docx, xlsx, csv, png, jpeg", string(k))
		case seen[k]:
			p.add(at, "file.accept: %q is listed twice", string(k))
		}
		seen[k] = true
	}
	return p
}

// respondentFile is what a respondent is told of a file question's settings:
// the limits their file must keep to.
func (qq *Question) respondentFile() *RespondentFile {
	if qq.Type != TypeFile {
		return nil
	}
	return &RespondentFile{MaxBytes: qq.MaxFileBytes(), Accept: qq.AcceptedKinds()}
}

// RespondentFile is a file question's limits as a respondent sees them.
type RespondentFile struct {
	MaxBytes int64      `json:"max_bytes"`
	Accept   []FileKind `json:"accept"`
}

// FormatBytes writes a size for people, in binary units as the limits are
// set: "850 bytes", "12 KB", "1.2 MB", "10 MB".
func FormatBytes(n int64) string {
	switch {
	case n < 1<<10:
		if n == 1 {
			return "1 byte"
		}
		return strconv.FormatInt(n, 10) + " bytes"
	case n < 1<<20:
		return trimmed(float64(n)/(1<<10)) + " KB"
	default:
		return trimmed(float64(n)/(1<<20)) + " MB"
	}
}

// trimmed writes v with one decimal below 10 and none from 10 on, without a
// trailing ".0".
func trimmed(v float64) string {
	if v >= 10 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		s = s[:len(s)-2]
	}
	return s
}
