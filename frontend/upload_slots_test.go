package frontend_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mspeval"
	"mspeval/app"
	"mspeval/server"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestFormWhileEveryUploadSlotIsTaken pins the respondent's form without
// JavaScript while the service reads as many uploads as it takes
// (app.Service.HoldUpload): the file is refused beside its question with 503
// and Retry-After, the answers typed in the same post are saved all the same,
// and once a slot is free the same post attaches the file.
func TestFormWhileEveryUploadSlotIsTaken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		s := storetest.OpenWith(t, dsn, store.Options{})
		svc := app.New(s, app.Options{UploadSlots: 1})
		srv := httptest.NewUnstartedServer(nil)
		base := "http://" + srv.Listener.Addr().String()
		h, err := server.New(svc, server.Config{BaseURL: base}, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		srv.Config.Handler = h
		srv.Start()
		t.Cleanup(srv.Close)
		fs := newFileSite(t, &site{url: base, store: s})
		q := storetest.FileQuestion

		send := func() (*http.Response, string) {
			t.Helper()
			var b bytes.Buffer
			w := multipart.NewWriter(&b)
			w.WriteField("file_upload", q)
			w.WriteField("a.role_alongside_internal_it.present", "1")
			w.WriteField("a.role_alongside_internal_it.text", "Your IT lead keeps the final say.")
			part, _ := w.CreateFormFile("f."+q, "exit plan.pdf")
			part.Write(filePDF)
			w.Close()
			req, _ := http.NewRequest("POST", base+"/r/"+fs.token, &b)
			req.Header.Set("Content-Type", w.FormDataContentType())
			resp, err := client(t).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			return resp, string(body)
		}

		release, err := svc.HoldUpload()
		if err != nil {
			t.Fatal(err)
		}
		resp, body := send()
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" ||
			!strings.Contains(body, "receiving many files at once") || !strings.Contains(body, `id="e-`+q+`"`) {
			t.Errorf("with the slot taken: got %d, Retry-After %q; want 503, a wait, and why beside the question", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		set, err := s.GetAnswers(context.Background(), fs.owner, fs.candidateID)
		if err != nil {
			t.Fatal(err)
		}
		if set.Answers[q].File != nil || set.Answers["role_alongside_internal_it"].Text == nil {
			t.Errorf("with the slot taken: saved file %+v, text %v; want no file and the text", set.Answers[q].File, set.Answers["role_alongside_internal_it"].Text)
		}

		release()
		if resp, _ := send(); resp.StatusCode != http.StatusOK {
			t.Errorf("with the slot free: got %d, want 200 after the redirect", resp.StatusCode)
		}
		if _, err := s.RespondentFile(context.Background(), fs.token, q); err != nil {
			t.Errorf("with the slot free: the file is not attached (%v)", err)
		}
		// With JavaScript the file is sent on its own as soon as it is
		// chosen; while every slot is taken it is refused beside its question.
		t.Run("WithJavaScript", func(t *testing.T) {
			chrome := browser(t)
			file := filepath.Join(t.TempDir(), "exit plan v2.pdf")
			if err := os.WriteFile(file, filePDF, 0o644); err != nil {
				t.Fatal(err)
			}
			input, errSel := "#a-"+q+"-file", "[data-error-for='"+q+"']"
			ctx := tab(t, chrome)
			run(t, ctx, setWidth(widths[0]), chromedp.Navigate(base+"/r/"+fs.token), chromedp.WaitVisible(input, chromedp.ByQuery),
				waitFor(`document.querySelector("[data-save-state]").textContent.includes("automatically")`, 10*time.Second))
			hold, err := svc.HoldUpload()
			if err != nil {
				t.Fatal(err)
			}
			release := sync.OnceFunc(hold)
			defer release()
			run(t, ctx, chromedp.SetUploadFiles(input, []string{file}, chromedp.ByQuery),
				waitFor(`!document.querySelector(`+strconv.Quote(errSel)+`).hidden`, 15*time.Second))
			var shown string
			run(t, ctx, jsText(errSel, "el.textContent", &shown))
			if !strings.Contains(shown, "receiving many files at once") || !strings.Contains(shown, "again") {
				t.Errorf("beside the question: got %q, want why and to choose it again", shown)
			}
			release()
			run(t, ctx, chromedp.SetUploadFiles(input, []string{file}, chromedp.ByQuery),
				waitFor(`document.querySelector('[data-question="`+q+`"] [data-file-link]')?.textContent === "exit plan v2.pdf"`, 15*time.Second))
		})

		// The form gave its slot back: another can take it.
		if release, err := svc.HoldUpload(); mspeval.ErrorCode(err) != "" {
			t.Errorf("after the form: the slot is still taken (%v)", err)
		} else {
			release()
		}
	})
}
