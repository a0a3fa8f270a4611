package frontend_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
	"mspeval/store/storetest"
)

// filePDF is a small PDF, as the service checks one: by its content.
var filePDF = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// fileSite is a site with an evaluation on a questionnaire with a file
// question (limit 64 KB), one candidate and its link.
type fileSite struct {
	*site
	owner       mspeval.Caller
	email       string
	candidateID string
	token       string
}

func newFileSite(t *testing.T, s *site) fileSite {
	t.Helper()
	ctx := context.Background()
	email := "owner@acme.example"
	owner := account(t, s, email, "Acme", mspeval.RoleOwner)
	key := storetest.FileQuestionnaire(t, s.store, owner, &questions.FileSpec{MaxBytes: 64 << 10})
	ev, err := s.store.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "Partner 2027", QuestionnaireKey: key})
	if err != nil {
		t.Fatal(err)
	}
	cand, err := s.store.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: "Alpha IT"})
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := s.store.CreateInvitation(ctx, owner, cand.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	return fileSite{site: s, owner: owner, email: email, candidateID: cand.ID, token: token}
}

type formFile struct {
	field, name string
	data        []byte
}

// postForm posts a multipart form, as a browser without JavaScript sends the
// respondent's form, and follows the redirect.
func postForm(t *testing.T, c *http.Client, u string, fields url.Values, files ...formFile) (int, string, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	for _, f := range files {
		part, err := w.CreateFormFile(f.field, f.name)
		if err != nil {
			t.Fatal(err)
		}
		part.Write(f.data)
	}
	w.Close()
	req, _ := http.NewRequest("POST", u, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Request.URL.String()
}

func TestRespondentFilesWithoutJavaScript(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		fs := newFileSite(t, newSiteOn(t, dsn))
		c := client(t)
		form := fs.url + "/r/" + fs.token
		q := storetest.FileQuestion

		t.Run("TheFormIsMultipartWithAFileInput", func(t *testing.T) {
			code, body, _ := get(t, c, form)
			if code != 200 {
				t.Fatalf("the form: got %d", code)
			}
			for _, want := range []string{`enctype="multipart/form-data"`, `name="f.` + q + `"`, `accept=".pdf,application/pdf,`,
				`name="file_upload" value="` + q + `"`, "No file attached yet.", "up to 64 KB"} {
				if !strings.Contains(body, want) {
					t.Errorf("the form lacks %s", want)
				}
			}
			if strings.Contains(body, `name="a.`+q+`.present"`) {
				t.Error("the file question marks itself present: a save without a file would clear its answer")
			}
		})
		t.Run("UploadSavesTheFileAndTheAnswers", func(t *testing.T) {
			// A text typed in the same post: a file never costs the typed answers.
			fields := url.Values{"file_upload": {q}, "a.role_alongside_internal_it.present": {"1"},
				"a.role_alongside_internal_it.text": {"We add hands to your team."}}
			code, body, at := postForm(t, c, form, fields, formFile{"f." + q, "exit plan.pdf", filePDF})
			if code != 200 || !strings.Contains(at, "?done=file#q-"+q) {
				t.Fatalf("upload: got %d at %s", code, at)
			}
			if !strings.Contains(body, `href="/api/v1/respond/`+fs.token+`/files/`+q+`"`) || !strings.Contains(body, "exit plan.pdf") ||
				!strings.Contains(body, "(PDF, ") {
				t.Errorf("the form does not show the attached file:\n%s", body)
			}
			set, err := fs.store.GetAnswers(context.Background(), fs.owner, fs.candidateID)
			if err != nil {
				t.Fatal(err)
			}
			if set.Answers[q].File == nil || set.Answers["role_alongside_internal_it"].Text == nil {
				t.Errorf("saved: file %+v, text %+v; want both", set.Answers[q].File, set.Answers["role_alongside_internal_it"].Text)
			}
		})
		t.Run("ARefusedFileIsNamedBesideItsQuestion", func(t *testing.T) {
			for _, tc := range []struct {
				name string
				data []byte
				code int
				says string
			}{
				{"setup.pdf", []byte("MZ\x90\x00\x03 this is a program"), 415, "The file is a Windows program"},
				{"page.csv", []byte("<html><script>alert(1)</script></html>"), 415, "HTML"},
				{"big.pdf", append(append([]byte{}, filePDF...), bytes.Repeat([]byte("x"), 64<<10)...), 413, "larger than 64 KB"},
			} {
				code, body, _ := postForm(t, c, form, url.Values{"file_upload": {q}}, formFile{"f." + q, tc.name, tc.data})
				if code != tc.code || !strings.Contains(body, tc.says) || !strings.Contains(body, `id="e-`+q+`"`) {
					t.Errorf("%s: got %d, want %d with %q beside the question", tc.name, code, tc.code, tc.says)
				}
				f, err := fs.store.RespondentFile(context.Background(), fs.token, q)
				if err != nil || !bytes.Equal(f.Data, filePDF) {
					t.Errorf("%s: the attached file changed (%v)", tc.name, err)
				}
			}
		})
		t.Run("TheReviewPageListsTheFile", func(t *testing.T) {
			if code, _ := post(t, c, fs.url+"/login", url.Values{"email": {fs.email}, "password": {storetest.Password}}, nil); code != 200 {
				t.Fatalf("sign-in: got %d", code)
			}
			code, body, _ := get(t, c, fs.url+"/candidates/"+fs.candidateID+"/review")
			link := `href="/api/v1/candidates/` + fs.candidateID + `/files/` + q + `"`
			if code != 200 || !strings.Contains(body, link) || !strings.Contains(body, "exit plan.pdf") || !strings.Contains(body, fmt.Sprintf("(PDF, %d bytes)", len(filePDF))) {
				i := strings.Index(body, "exit plan")
				t.Fatalf("the review page: got %d, want the file with its kind, size and %s; around the name: %s", code, link, body[max(0, i-300):min(len(body), i+300)])
			}
			code, got, h := get(t, c, fs.url+"/api/v1/candidates/"+fs.candidateID+"/files/"+q)
			if code != 200 || got != string(filePDF) || h.Get("Content-Type") != "application/pdf" ||
				!strings.HasPrefix(h.Get("Content-Disposition"), `attachment; filename="exit-plan.pdf"`) {
				t.Errorf("the download: got %d, %s, %s", code, h.Get("Content-Type"), h.Get("Content-Disposition"))
			}
		})
		t.Run("RemoveTakesTheFileAway", func(t *testing.T) {
			code, body, at := postForm(t, c, form, url.Values{"file_remove": {q}})
			if code != 200 || !strings.Contains(at, "done=file") || !strings.Contains(body, "No file attached yet.") {
				t.Fatalf("remove: got %d at %s", code, at)
			}
			if _, err := fs.store.RespondentFile(context.Background(), fs.token, q); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
				t.Errorf("after the removal: got %v, want no file", err)
			}
		})
	})
}
