package frontend_test

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mspeval/store/storetest"
)

// TestEvidenceFileJourney: a respondent on a phone attaches a PDF to a file
// question and replaces it, without losing what they typed; the evaluator
// downloads it from the review page, and gets the same bytes, as an
// attachment that no browser runs. axe-core checks the pages on the way.
func TestEvidenceFileJourney(t *testing.T) {
	axe := axeSource(t)
	path := browser(t)
	fs := newFileSite(t, newSite(t))
	dir := t.TempDir()
	first, second := filepath.Join(dir, "exit plan.pdf"), filepath.Join(dir, "exit plan v2.pdf")
	secondPDF := append(append([]byte{}, filePDF...), "% revised with owners and dates\n"...)
	for name, data := range map[string][]byte{first: filePDF, second: secondPDF} {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	q := storetest.FileQuestion
	input := "#a-" + q + "-file"
	link := `[data-question="` + q + `"] [data-file-link]`
	ctx := tab(t, path)
	accessible := func(name string) {
		t.Helper()
		var violations []string
		run(t, ctx, chromedp.Evaluate(axe+";true", nil), chromedp.Evaluate(axeScript, &violations, awaitPromise))
		if len(violations) > 0 {
			t.Errorf("%s: %d serious or critical accessibility violations:\n  %s", name, len(violations), strings.Join(violations, "\n  "))
		}
	}

	run(t, ctx, setWidth(widths[0]), chromedp.Navigate(fs.url+"/r/"+fs.token), chromedp.WaitVisible(input, chromedp.ByQuery),
		// The scripts are running: autosave says so.
		waitFor(`document.querySelector("[data-save-state]").textContent.includes("automatically")`, 10*time.Second))
	accessible("the form on a phone")
	var uploadShown bool
	run(t, ctx, chromedp.Evaluate(`!document.querySelector("[data-file-upload]").hidden`, &uploadShown))
	if uploadShown {
		t.Error("with JavaScript, the button that posts the form for the file still shows")
	}

	typed := "We add hands to your team and hand every runbook back."
	run(t, ctx,
		chromedp.SendKeys("#a-role_alongside_internal_it-text", typed, chromedp.ByQuery),
		waitFor(`document.querySelector("[data-save-state]").textContent.startsWith("All answers saved")`, 10*time.Second),
		chromedp.SetUploadFiles(input, []string{first}, chromedp.ByQuery),
		waitFor(`document.querySelector('`+link+`')?.textContent === "exit plan.pdf"`, 15*time.Second),
	)
	var state struct {
		Status, Text, Progress, Href, URL string
	}
	read := chromedp.Evaluate(`({
		status: document.querySelector('[data-question="`+q+`"] [data-file-status]').textContent,
		text: document.querySelector("#a-role_alongside_internal_it-text").value,
		progress: document.querySelector("[data-progress-text]").textContent,
		href: document.querySelector('`+link+`').getAttribute("href"),
		url: location.href,
	})`, &state)
	run(t, ctx, read)
	if state.Status != "Attached exit plan.pdf." || state.Text != typed || !strings.HasPrefix(state.Progress, "1 of") ||
		state.Href != "/api/v1/respond/"+fs.token+"/files/"+q || !strings.HasSuffix(state.URL, "/r/"+fs.token) {
		t.Errorf("after the upload: got %+v; want the file attached, the text kept, one required question done, no navigation", state)
	}

	run(t, ctx,
		chromedp.SetUploadFiles(input, []string{second}, chromedp.ByQuery),
		waitFor(`document.querySelector('`+link+`')?.textContent === "exit plan v2.pdf"`, 15*time.Second),
		read,
	)
	if state.Status != "Attached exit plan v2.pdf." || state.Text != typed {
		t.Errorf("after the replacement: got %+v", state)
	}
	var f fit
	run(t, ctx, chromedp.Evaluate(fitScript, &f))
	if f.ScrollWidth > f.InnerWidth || len(f.Wide) > 0 {
		t.Errorf("the form with a file attached is wider than the phone: %+v", f)
	}
	accessible("the form with a file on a phone")
	screenshot(t, ctx, "respond-file")

	// The evaluator, on a laptop.
	run(t, ctx, setWidth(widths[1]))
	signIn(t, ctx, fs.site, fs.email, storetest.Password)
	review := `#q-` + q + ` [data-file-attached] a[data-file-link]`
	run(t, ctx, chromedp.Navigate(fs.url+"/candidates/"+fs.candidateID+"/review"), chromedp.WaitVisible(review, chromedp.ByQuery))
	accessible("the review page with a file")
	var shown string
	run(t, ctx, chromedp.Text(`#q-`+q+` [data-file-attached]`, &shown, chromedp.ByQuery))
	if !strings.Contains(shown, "exit plan v2.pdf") || !strings.Contains(shown, "(PDF, 109 bytes)") {
		t.Errorf("the review page says %q, want the name, the kind and the size", shown)
	}

	// A click downloads the file whole.
	if got := clickDownload(t, ctx, review); !bytes.Equal(got, secondPDF) {
		t.Errorf("the downloaded file: got %d bytes, want the %d uploaded", len(got), len(secondPDF))
	}

	// And what the link answers keeps a browser from running anything in it.
	var resp struct {
		Status                    int
		Type, Disposition, Sniff  string
		Policy, Body, Unsupported string
	}
	run(t, ctx, chromedp.Evaluate(`fetch(document.querySelector('`+review+`').href).then(async r => ({
		status: r.status, type: r.headers.get("content-type"), disposition: r.headers.get("content-disposition"),
		sniff: r.headers.get("x-content-type-options"), policy: r.headers.get("content-security-policy"),
		body: btoa(String.fromCharCode(...new Uint8Array(await r.arrayBuffer())))}))`, &resp, awaitPromise))
	body, _ := base64.StdEncoding.DecodeString(resp.Body)
	if resp.Status != 200 || resp.Type != "application/pdf" || resp.Sniff != "nosniff" || !strings.HasPrefix(resp.Policy, "sandbox") ||
		resp.Disposition != `attachment; filename="exit-plan-v2.pdf"; filename*=UTF-8''exit%20plan%20v2.pdf` || !bytes.Equal(body, secondPDF) {
		t.Errorf("the download's response: got %+v (%d bytes)", resp, len(body))
	}
}
