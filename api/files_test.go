package api_test

import (
	"archive/zip"
	"bytes"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"

	"mspeval"
	"mspeval/api"
	"mspeval/app"
	"mspeval/questions"
	"mspeval/store/storetest"
)

func init() {
	// Evidence files travel as they are, both ways.
	for _, ct := range []string{"application/octet-stream", "text/html",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
}

const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// fileLimit is the file question's limit in these tests: small, so that an
// oversized body is cheap to send.
const fileLimit = 64 << 10

var samplePDF = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

func sampleDOCX(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, n := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		f, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(`<?xml version="1.0"?><w:document/>`))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// multipartBody is a multipart/form-data body with data in the part "file".
func multipartBody(t *testing.T, name string, data []byte) (string, http.Header) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(data)
	w.Close()
	return b.String(), http.Header{"Content-Type": {w.FormDataContentType()}}
}

// fileEnv is workspace A with an evaluation on its own questionnaire with a
// file question, two candidates with a link each, and workspace B.
type fileEnv struct {
	e            *env
	key          string
	alpha, beta  string // candidate IDs
	alphaLink    string
	betaLink     string
	evaluationID string
}

func newFileEnv(t *testing.T, dsn string) fileEnv {
	t.Helper()
	e := newEnv(t, dsn)
	ownerA := e.signIn("ownerA", "owner@a.example", "Workspace A", mspeval.RoleOwner)
	e.useToken("editorA", ownerA, mspeval.RoleEditor)
	e.signIn("viewerA", "viewer@a.example", "Workspace A", mspeval.RoleViewer)
	e.signIn("ownerB", "owner@b.example", "Workspace B", mspeval.RoleOwner)
	fe := fileEnv{e: e, key: storetest.FileQuestionnaire(t, e.store, ownerA, &questions.FileSpec{MaxBytes: fileLimit})}
	var ev mspeval.Evaluation
	e.must(201, request{Method: "POST", Path: "/api/v1/evaluations", As: "editorA",
		Body: map[string]any{"name": "Partner 2027", "questionnaire_key": fe.key}}).decode(t, &ev)
	fe.evaluationID = ev.ID
	for _, c := range []struct {
		name       string
		id, secret *string
	}{{"Alpha IT", &fe.alpha, &fe.alphaLink}, {"Beta IT", &fe.beta, &fe.betaLink}} {
		var cand mspeval.Candidate
		e.must(201, request{Method: "POST", Path: "/api/v1/evaluations/" + ev.ID + "/candidates", As: "editorA",
			Body: map[string]any{"name": c.name}}).decode(t, &cand)
		var link struct{ Token string }
		e.must(201, request{Method: "POST", Path: "/api/v1/candidates/" + cand.ID + "/invitations", As: "editorA"}).decode(t, &link)
		*c.id, *c.secret = cand.ID, link.Token
	}
	return fe
}

func (fe fileEnv) respondPath(link string) string {
	return "/api/v1/respond/" + link + "/files/" + storetest.FileQuestion
}

func (fe fileEnv) candidatePath(id string) string {
	return "/api/v1/candidates/" + id + "/files/" + storetest.FileQuestion
}

// checkDownload checks a download's bytes and the headers that keep it safe.
func checkDownload(t *testing.T, r response, data []byte, contentType, asciiName, name string) {
	t.Helper()
	if !bytes.Equal(r.Body, data) {
		t.Errorf("bytes: got %d, want the %d uploaded", len(r.Body), len(data))
	}
	if got := r.Header.Get("Content-Type"); got != contentType {
		t.Errorf("Content-Type: got %q, want %q", got, contentType)
	}
	disp := r.Header.Get("Content-Disposition")
	kind, params, err := mime.ParseMediaType(disp)
	if err != nil || kind != "attachment" || params["filename"] != name {
		t.Errorf("Content-Disposition %q: got %s %v (%v), want an attachment named %q", disp, kind, params, err, name)
	}
	if !strings.Contains(disp, `filename="`+asciiName+`"`) || !strings.Contains(disp, "filename*=UTF-8''") {
		t.Errorf("Content-Disposition %q: want filename=%q and filename*", disp, asciiName)
	}
	if got := r.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options: got %q", got)
	}
	if csp := r.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy: got %q, want a sandbox", csp)
	}
}

func TestEvidenceFilesThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		fe := newFileEnv(t, dsn)
		e := fe.e
		asPDF := http.Header{"Content-Type": {"application/pdf"}}
		name := url.QueryEscape("Exit plan — Société.pdf")

		var ch mspeval.FileChange
		e.must(200, request{Method: "PUT", Path: fe.respondPath(fe.alphaLink) + "?name=" + name, Raw: string(samplePDF), Header: asPDF}).decode(t, &ch)
		t.Run("AttachingAnswersTheQuestion", func(t *testing.T) {
			if ch.File == nil || ch.File.Type != "application/pdf" || ch.File.Size != int64(len(samplePDF)) || ch.File.Name != "Exit plan — Société.pdf" {
				t.Errorf("the change: got %+v", ch.File)
			}
			if ch.Status != mspeval.ResponseInProgress || ch.Progress.Done != 1 {
				t.Errorf("the response: got status %s, progress %+v; want in progress with one required question done", ch.Status, ch.Progress)
			}
			var form mspeval.RespondentForm
			e.must(200, request{Method: "GET", Path: "/api/v1/respond/" + fe.alphaLink}).decode(t, &form)
			if f := form.Answers[storetest.FileQuestion].File; f == nil || f.Name != ch.File.Name || f.SHA256 != ch.File.SHA256 {
				t.Errorf("the form's answer: got %+v", form.Answers[storetest.FileQuestion])
			}
			var rq *questions.RespondentQuestion
			for _, s := range form.Questionnaire.Sections {
				for i := range s.Questions {
					if s.Questions[i].Key == storetest.FileQuestion {
						rq = &s.Questions[i]
					}
				}
			}
			if rq == nil || rq.Type != questions.TypeFile || rq.File == nil || rq.File.MaxBytes != fileLimit || len(rq.File.Accept) != 6 {
				t.Errorf("the form's question: got %+v", rq)
			}
		})
		t.Run("TheRespondentDownloadsTheirOwn", func(t *testing.T) {
			r := e.must(200, request{Method: "GET", Path: fe.respondPath(fe.alphaLink)})
			checkDownload(t, r, samplePDF, "application/pdf", "Exit-plan-Soci-t.pdf", "Exit plan — Société.pdf")
		})
		t.Run("AReplacementBySendingAForm", func(t *testing.T) {
			doc := sampleDOCX(t)
			body, h := multipartBody(t, `C:\Users\ana\exit plan.docx`, doc)
			e.must(200, request{Method: "PUT", Path: fe.respondPath(fe.alphaLink), Raw: body, Header: h}).decode(t, &ch)
			if ch.File == nil || ch.File.Name != "exit plan.docx" || ch.File.Type != docxType {
				t.Errorf("the change: got %+v", ch.File)
			}
			r := e.must(200, request{Method: "GET", Path: fe.respondPath(fe.alphaLink)})
			checkDownload(t, r, doc, docxType, "exit-plan.docx", "exit plan.docx")
		})
		t.Run("MembersListAndDownload", func(t *testing.T) {
			var list struct{ Items []mspeval.EvidenceFile }
			e.must(200, request{Method: "GET", Path: "/api/v1/candidates/" + fe.alpha + "/files", As: "viewerA"}).decode(t, &list)
			if len(list.Items) != 1 || list.Items[0].QuestionKey != storetest.FileQuestion || list.Items[0].UploadedBy != mspeval.ByRespondent ||
				list.Items[0].CandidateID != fe.alpha {
				t.Errorf("the list: got %+v", list.Items)
			}
			r := e.must(200, request{Method: "GET", Path: fe.candidatePath(fe.alpha), As: "viewerA"})
			checkDownload(t, r, sampleDOCX(t), docxType, "exit-plan.docx", "exit plan.docx")
		})
		t.Run("AnotherWorkspaceGets404", func(t *testing.T) {
			e.must(404, request{Method: "GET", Path: fe.candidatePath(fe.alpha), As: "ownerB"})
			e.must(404, request{Method: "GET", Path: "/api/v1/candidates/" + fe.alpha + "/files", As: "ownerB"})
			e.must(404, request{Method: "PUT", Path: fe.candidatePath(fe.alpha), As: "ownerB", Raw: string(samplePDF), Header: asPDF})
			e.must(404, request{Method: "DELETE", Path: fe.candidatePath(fe.alpha), As: "ownerB"})
		})
		t.Run("AnotherLinkGets404", func(t *testing.T) {
			// Beta's link names the same question: it reaches Beta's response
			// only, which has no file.
			e.must(404, request{Method: "GET", Path: fe.respondPath(fe.betaLink)})
			e.must(404, request{Method: "DELETE", Path: fe.respondPath(fe.betaLink)})
			e.must(404, request{Method: "GET", Path: fe.respondPath("msr_madeup")})
		})
		t.Run("SpoofedFilesAreRefusedAndNothingIsStored", func(t *testing.T) {
			exe := "MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + strings.Repeat("\x00", 64) + "This program cannot be run in DOS mode."
			for _, tc := range []struct {
				name, body, contentType, fileName string
				want                              int
			}{
				{"AProgramCalledPDF", exe, "application/pdf", "invoice.pdf", 415},
				{"AnHTMLPageCalledCSV", "<!DOCTYPE html><html><script>fetch('/api/v1/me')</script></html>", "text/csv", "table.csv", 415},
				{"AnHTMLPageAsItIs", "<html><body>a,b</body></html>", "text/html", "table.csv", 415},
				{"ProseCalledCSV", "We will hand everything back.\nEvery runbook is yours.\n", "text/csv", "table.csv", 422},
				{"Empty", "", "application/pdf", "empty.pdf", 422},
			} {
				t.Run(tc.name, func(t *testing.T) {
					r := e.do(request{Method: "PUT", Path: fe.respondPath(fe.betaLink) + "?name=" + tc.fileName, Raw: tc.body,
						Header: http.Header{"Content-Type": {tc.contentType}}, Malformed: tc.body == ""})
					if r.Status != tc.want {
						t.Fatalf("got %d, want %d: %s", r.Status, tc.want, r.Body)
					}
					if p := r.problem(t); !hasField(p.Errors, "answers."+storetest.FileQuestion+".file") {
						t.Errorf("problem: got %+v, want the file question's field named", p)
					}
					e.must(404, request{Method: "GET", Path: fe.respondPath(fe.betaLink)})
				})
			}
		})
		t.Run("AnOversizedBodyIsRefused", func(t *testing.T) {
			big := string(samplePDF) + strings.Repeat("x", fileLimit)
			form, formHeader := multipartBody(t, "big.pdf", []byte(big))
			for _, tc := range []struct {
				name   string
				body   string
				header http.Header
			}{
				{"Raw", big, asPDF},
				{"Multipart", form, formHeader},
			} {
				t.Run(tc.name, func(t *testing.T) {
					r := e.must(413, request{Method: "PUT", Path: fe.respondPath(fe.betaLink), Raw: tc.body, Header: tc.header})
					if p := r.problem(t); !hasField(p.Errors, "answers."+storetest.FileQuestion+".file") || !strings.Contains(p.Errors[0].Message, "64 KB") {
						t.Errorf("problem: got %+v, want the field and the limit named", p)
					}
					e.must(404, request{Method: "GET", Path: fe.respondPath(fe.betaLink)})
				})
			}
		})
		t.Run("OnlyAFileQuestionTakesAFile", func(t *testing.T) {
			p := e.must(422, request{Method: "PUT", Path: "/api/v1/respond/" + fe.betaLink + "/files/role_alongside_internal_it",
				Raw: string(samplePDF), Header: asPDF}).problem(t)
			if !hasField(p.Errors, "answers.role_alongside_internal_it.file") {
				t.Errorf("problem: got %+v", p)
			}
			e.must(404, request{Method: "PUT", Path: "/api/v1/respond/" + fe.betaLink + "/files/no_such_question", Raw: string(samplePDF), Header: asPDF})
		})
		t.Run("AnAnswerCannotClaimAFile", func(t *testing.T) {
			body := map[string]any{"answers": map[string]any{storetest.FileQuestion: map[string]any{
				"file": map[string]any{"name": "forged.pdf", "type": "application/pdf", "size": 10, "sha256": "00"}}}}
			p := e.must(422, request{Method: "PUT", Path: "/api/v1/respond/" + fe.betaLink + "/answers", Body: body}).problem(t)
			if !hasField(p.Errors, "answers."+storetest.FileQuestion+".file") {
				t.Errorf("problem: got %+v", p)
			}
		})
		t.Run("MembersAttachOnACandidatesBehalf", func(t *testing.T) {
			e.must(403, request{Method: "PUT", Path: fe.candidatePath(fe.beta), As: "viewerA", Raw: string(samplePDF), Header: asPDF})
			e.must(200, request{Method: "PUT", Path: fe.candidatePath(fe.beta) + "?name=from-email.pdf", As: "editorA", Raw: string(samplePDF), Header: asPDF})
			r := e.must(200, request{Method: "GET", Path: fe.respondPath(fe.betaLink)})
			checkDownload(t, r, samplePDF, "application/pdf", "from-email.pdf", "from-email.pdf")
			e.must(403, request{Method: "DELETE", Path: fe.candidatePath(fe.beta), As: "viewerA"})
			e.must(200, request{Method: "DELETE", Path: fe.candidatePath(fe.beta), As: "editorA"}).decode(t, &ch)
			if ch.File != nil {
				t.Errorf("after the removal: got %+v", ch.File)
			}
		})
		t.Run("RemovalThenSubmitLocksTheFile", func(t *testing.T) {
			e.must(200, request{Method: "DELETE", Path: fe.respondPath(fe.alphaLink)}).decode(t, &ch)
			if ch.File != nil || ch.Progress.Done != 0 {
				t.Errorf("after the removal: got %+v", ch)
			}
			e.must(404, request{Method: "GET", Path: fe.respondPath(fe.alphaLink)})
			e.must(200, request{Method: "PUT", Path: fe.respondPath(fe.alphaLink) + "?name=plan.pdf", Raw: string(samplePDF), Header: asPDF})
			q, ok := e.store.Catalog().Get(fe.key, 1)
			if !ok {
				t.Fatal("the questionnaire is not in the catalog")
			}
			answers := storetest.CompleteAnswers(q)
			delete(answers, storetest.FileQuestion)
			e.must(200, request{Method: "PUT", Path: "/api/v1/respond/" + fe.alphaLink + "/answers", Body: map[string]any{"answers": answers}})
			e.must(200, request{Method: "POST", Path: "/api/v1/respond/" + fe.alphaLink + "/submit"})
			e.must(409, request{Method: "PUT", Path: fe.respondPath(fe.alphaLink), Raw: string(samplePDF), Header: asPDF})
			e.must(409, request{Method: "DELETE", Path: fe.respondPath(fe.alphaLink)})
			checkDownload(t, e.must(200, request{Method: "GET", Path: fe.respondPath(fe.alphaLink)}), samplePDF, "application/pdf", "plan.pdf", "plan.pdf")
		})
	})
}

// endless is a body that never ends, counting what is read of it.
type endless struct{ read int64 }

func (b *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	b.read += int64(len(p))
	return len(p), nil
}

func (b *endless) Close() error { return nil }

// TestAnOversizedBodyIsNotReadWhole sends bodies far over the question's
// limit straight to the handler and counts what it reads: nothing of a body
// whose declared length is over the limit, and no more than the limit (and a
// read buffer) of one whose length is not declared.
func TestAnOversizedBodyIsNotReadWhole(t *testing.T) {
	fe := newFileEnv(t, storetest.DSN(t, "sqlite"))
	h, err := api.New(app.New(fe.e.store, app.Options{}), api.Config{BaseURL: "http://mspeval.test"},
		slog.New(slog.NewTextHandler(io.Discard, nil))).Handler()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		declared  int64
		multipart bool
		most      int64
	}{
		{"DeclaredRaw", 1 << 30, false, 0},
		{"DeclaredMultipart", 1 << 30, true, 0},
		{"UndeclaredRaw", -1, false, fileLimit + 64<<10},
		{"UndeclaredMultipart", -1, true, fileLimit + 128<<10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := &endless{}
			req := httptest.NewRequest("PUT", fe.respondPath(fe.alphaLink), nil)
			req.Body, req.ContentLength = body, tc.declared
			req.Header.Set("Content-Type", "application/pdf")
			if tc.multipart {
				req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
				req.Body = io.NopCloser(io.MultiReader(strings.NewReader("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n\r\n"), body))
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusRequestEntityTooLarge {
				t.Fatalf("got %d, want 413: %s", w.Code, w.Body)
			}
			if body.read > tc.most {
				t.Errorf("read %d bytes of the body, want at most %d", body.read, tc.most)
			}
		})
	}
}
