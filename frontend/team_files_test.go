package frontend_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mspeval"
	"mspeval/questions"
	"mspeval/store/storetest"
)

// TestTeamAttachesFilesOnTheAnswersPage pins the evidence files of a
// candidate whose answers the team types in: the answers page takes a file
// with the answers (a multipart form, without JavaScript) or at once (with
// it), refuses a file that is not what it says beside its question while
// keeping the answers, removes one, and takes no file from a viewer.
func TestTeamAttachesFilesOnTheAnswersPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		fs := newFileSite(t, newSiteOn(t, dsn))
		ctx := context.Background()
		q := storetest.FileQuestion
		page := fs.url + "/candidates/" + fs.candidateID + "/answers"
		c := salesSignIn(t, fs.site, fs.email)
		stored := func() *questions.FileRef {
			t.Helper()
			set, err := fs.store.GetAnswers(ctx, fs.owner, fs.candidateID)
			if err != nil {
				t.Fatal(err)
			}
			return set.Answers[q].File
		}
		text := url.Values{"a.role_alongside_internal_it.present": {"1"},
			"a.role_alongside_internal_it.text": {"Our IT lead keeps the final say on changes."}}

		t.Run("TheFormIsMultipartWithAFileInput", func(t *testing.T) {
			_, body, _ := get(t, c, page)
			for _, want := range []string{`enctype="multipart/form-data"`, `name="f.` + q + `"`, `name="file_upload" value="` + q + `"`} {
				if !strings.Contains(body, want) {
					t.Errorf("the answers page lacks %s", want)
				}
			}
		})

		t.Run("AFileThatIsNotWhatItSaysIsRefusedBesideItsQuestion", func(t *testing.T) {
			fields := cloneValues(text)
			fields.Set("action", "save")
			code, body, _ := postForm(t, c, page, fields, formFile{"f." + q, "plan.pdf", []byte("MZ\x90\x00\x03 this is a program")})
			if code != http.StatusUnsupportedMediaType || !strings.Contains(body, "Windows program") || !strings.Contains(body, `id="e-`+q+`"`) {
				t.Errorf("a program named .pdf: got %d; want 415 and why beside the question", code)
			}
			if f := stored(); f != nil {
				t.Errorf("a program named .pdf was attached: %+v", f)
			}
			set, _ := fs.store.GetAnswers(ctx, fs.owner, fs.candidateID)
			if a := set.Answers["role_alongside_internal_it"]; a.Text == nil {
				t.Error("the answer typed with the refused file was not saved")
			}
		})

		t.Run("UploadAndRemoveWithoutJavaScript", func(t *testing.T) {
			fields := cloneValues(text)
			fields.Set("file_upload", q)
			code, body, at := postForm(t, c, page, fields, formFile{"f." + q, "ownership matrix.pdf", filePDF})
			if code != 200 || !strings.Contains(at, "/answers") || !strings.Contains(body, "ownership matrix.pdf") {
				t.Fatalf("upload: got %d at %s; want the answers page naming the file", code, at)
			}
			if f := stored(); f == nil || f.Name != "ownership matrix.pdf" {
				t.Fatalf("after the upload: %+v", f)
			}
			got, err := fs.store.CandidateFile(ctx, fs.owner, fs.candidateID, q)
			if err != nil || !bytes.Equal(got.Data, filePDF) {
				t.Errorf("the stored file: %v", err)
			}
			if code, _, _ := postForm(t, c, page, url.Values{"file_remove": {q}}); code != 200 {
				t.Fatalf("remove: got %d", code)
			}
			if f := stored(); f != nil {
				t.Errorf("after removing: %+v", f)
			}
		})

		t.Run("AViewerPostsNoFile", func(t *testing.T) {
			account(t, fs.site, "viewer@acme.example", "Acme", mspeval.RoleViewer)
			viewer := salesSignIn(t, fs.site, "viewer@acme.example")
			if code, _, _ := postForm(t, viewer, page, url.Values{"file_upload": {q}}, formFile{"f." + q, "x.pdf", filePDF}); code != http.StatusForbidden {
				t.Errorf("a viewer's upload: got %d, want 403", code)
			}
			if f := stored(); f != nil {
				t.Errorf("a viewer attached %+v", f)
			}
		})
	})
}

// TestTeamAttachesAFileWithJavaScript: in Chromium, a file chosen on the
// answers page is attached at once, without posting the form, and the page
// passes axe-core.
func TestTeamAttachesAFileWithJavaScript(t *testing.T) {
	axe := axeSource(t)
	chrome := browser(t)
	fs := newFileSite(t, newSite(t))
	q := storetest.FileQuestion
	file := filepath.Join(t.TempDir(), "exit plan.pdf")
	if err := os.WriteFile(file, filePDF, 0o644); err != nil {
		t.Fatal(err)
	}
	b := tab(t, chrome)
	signIn(t, b, fs.site, fs.email, storetest.Password)
	input := "#a-" + q + "-file"
	run(t, b, setWidth(laptop), chromedp.Navigate(fs.url+"/candidates/"+fs.candidateID+"/answers"), chromedp.WaitVisible(input, chromedp.ByQuery),
		chromedp.SetUploadFiles(input, []string{file}, chromedp.ByQuery),
		waitFor(`document.querySelector('[data-question="`+q+`"] [data-file-link]')?.textContent === "exit plan.pdf"`, 15*time.Second))
	accessibleNow(t, b, axe, "the answers page")
	widthShot(t, b, "team-answers-file", laptop)
	var uploadShown bool
	run(t, b, chromedp.Evaluate(`!document.querySelector("[data-file-upload]").hidden`, &uploadShown))
	if uploadShown {
		t.Error("with JavaScript, the button that posts the form for the file still shows")
	}
	got, err := fs.store.CandidateFile(context.Background(), fs.owner, fs.candidateID, q)
	if err != nil || !bytes.Equal(got.Data, filePDF) {
		t.Errorf("the attached file: %v", err)
	}
}
