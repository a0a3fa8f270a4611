package frontend_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Actions on a page as a person does them (choose, unfold, type a line,
// tick with the keyboard or a finger, download by a click) and reading a
// downloaded PDF.

// choose picks an option of a select as the keyboard does, with the change
// event the page's scripts listen for.
func choose(sel, value string) chromedp.Action {
	return chromedp.Tasks{focusOn(sel), chromedp.Evaluate(fmt.Sprintf(`(s => { s.value = %q;
		s.dispatchEvent(new Event("input", {bubbles: true})); s.dispatchEvent(new Event("change", {bubbles: true})); })(document.querySelector(%q))`, value, sel), nil)}
}

// unfold opens the folded part (details) a field is in by its summary, as a
// person would before typing into it.
func unfold(sel string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`(d => { if (d && !d.open) d.querySelector(":scope > summary").click(); })(document.querySelector(%q).closest("details"))`, sel), nil)
}

// appendLine types a line at the end of a text area: after a new line if
// it holds any text.
func appendLine(sel, line string) chromedp.Action {
	return chromedp.Tasks{focusOn(sel),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var empty bool
			if err := chromedp.Evaluate(fmt.Sprintf(`(a => { a.setSelectionRange(a.value.length, a.value.length); return a.value.trim() === ""; })(document.querySelector(%q))`, sel), &empty).Do(ctx); err != nil {
				return err
			}
			if !empty {
				if err := chromedp.KeyEvent(kb.Enter).Do(ctx); err != nil {
					return err
				}
			}
			return chromedp.KeyEvent(line).Do(ctx)
		})}
}

// toggle ticks a checkbox or a radio button by the keyboard.
func toggle(sel string) chromedp.Action {
	return chromedp.Tasks{focusOn(sel), chromedp.KeyEvent(" ")}
}

// tick taps the first element sel selects with a finger, once it shows: a
// touch screen's tap, from which the browser makes the click.
func tick(sel string) chromedp.Action {
	return chromedp.Tasks{e2eShown(sel), chromedp.ActionFunc(func(ctx context.Context) error {
		var at struct{ X, Y float64 }
		if err := chromedp.Evaluate(fmt.Sprintf(`(el => { el.scrollIntoView({block: "center"}); const r = el.getBoundingClientRect();
			return {X: r.left + r.width / 2, Y: r.top + r.height / 2}; })(document.querySelector(%q))`, sel), &at).Do(ctx); err != nil {
			return err
		}
		finger := []*input.TouchPoint{{X: at.X, Y: at.Y}}
		if err := input.DispatchTouchEvent(input.TouchStart, finger).Do(ctx); err != nil {
			return err
		}
		return input.DispatchTouchEvent(input.TouchEnd, []*input.TouchPoint{}).Do(ctx)
	})}
}

// clickDownload clicks a download link and returns the file the browser saved.
func clickDownload(t *testing.T, ctx context.Context, sel string) []byte {
	t.Helper()
	dir := t.TempDir()
	done := make(chan string, 1)
	lctx, stop := context.WithCancel(ctx)
	defer stop()
	chromedp.ListenTarget(lctx, func(ev any) {
		if p, ok := ev.(*cdpbrowser.EventDownloadProgress); ok && p.State == cdpbrowser.DownloadProgressStateCompleted {
			select {
			case done <- p.GUID:
			default:
			}
		}
	})
	run(t, ctx,
		cdpbrowser.SetDownloadBehavior(cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName).WithDownloadPath(dir).WithEventsEnabled(true),
		chromedp.Click(sel, chromedp.ByQuery))
	select {
	case guid := <-done:
		data, err := os.ReadFile(filepath.Join(dir, guid))
		if err != nil {
			t.Fatal(err)
		}
		return data
	case <-time.After(15 * time.Second):
		t.Fatal("the download did not complete")
		return nil
	}
}

// pdfText is a PDF's text by pdftotext, its words separated by single
// spaces (a phrase may wrap). Without pdftotext the test is skipped.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("no pdftotext to read the PDF: it runs where poppler-utils is installed (apt-get install poppler-utils; .ci/run does)")
	}
	file := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
