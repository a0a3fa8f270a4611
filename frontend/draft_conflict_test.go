package frontend_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mspeval"
	"mspeval/questions"
	"mspeval/store/storetest"
)

// TestDraftPagesSayWhenSomeoneSavedMeanwhile pins the editor's pages when
// two members edit one draft: a save (form or YAML) or a publication made
// from a revision that another save has passed is refused, names who saved,
// keeps what was typed and stores nothing; sent again from the page that
// said so, it goes through.
func TestDraftPagesSayWhenSomeoneSavedMeanwhile(t *testing.T) {
	ds := newDraftSite(t)
	s, c, id := ds.s, ds.editorC, ds.draft.ID
	ctx := context.Background()
	dana := account(t, s, "dana.berg@a.example", "Workspace A", mspeval.RoleEditor)
	editorURL := s.url + "/questionnaire-drafts/" + id
	danaSaves := func(title string) { t.Helper(); saveTitle(t, s, dana, id, title) }
	storedTitle := func() string {
		t.Helper()
		d, err := s.store.GetDraft(ctx, ds.editor, id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Title
	}
	conflict := func(t *testing.T, body string) {
		t.Helper()
		for _, want := range []string{"the draft changed since you opened it", "dana.berg", "revision"} {
			if !strings.Contains(body, want) {
				t.Errorf("the refusal does not say %q", want)
			}
		}
	}

	t.Run("Form", func(t *testing.T) {
		_, page, _ := get(t, c, editorURL)
		form := editorForm(t, page)
		danaSaves("Dana's title")
		form.Set("title", "My title")
		form.Set("action", "save")
		code, body := post(t, c, editorURL, form, nil)
		if code != http.StatusPreconditionFailed {
			t.Fatalf("a save from the older revision: got %d, want 412", code)
		}
		conflict(t, body)
		again := editorForm(t, body)
		if again.Get("title") != "My title" {
			t.Errorf("the title typed: got %q back", again.Get("title"))
		}
		if got := storedTitle(); got != "Dana's title" {
			t.Errorf("stored after the refusal: %q, want Dana's", got)
		}
		again.Set("action", "save")
		if code, _ := post(t, c, editorURL, again, nil); code != http.StatusOK {
			t.Fatalf("saving again from the page that said so: got %d, want 200 after the redirect", code)
		}
		if got := storedTitle(); got != "My title" {
			t.Errorf("stored after saving again: %q", got)
		}
	})

	t.Run("YAML", func(t *testing.T) {
		_, page, _ := get(t, c, editorURL+"/yaml")
		text := unescape(regexp.MustCompile(`(?s)<textarea id="yaml"[^>]*>\n?(.*?)</textarea>`).FindStringSubmatch(page)[1])
		rev := attr(regexp.MustCompile(`<input type="hidden" name="revision"[^>]*>`).FindString(page), "value")
		danaSaves("Dana's second title")
		mine := strings.Replace(text, "title: My title", "title: My YAML title", 1)
		code, body := post(t, c, editorURL+"/yaml", url.Values{"yaml": {mine}, "revision": {rev}}, nil)
		if code != http.StatusPreconditionFailed {
			t.Fatalf("a YAML save from the older revision: got %d, want 412", code)
		}
		conflict(t, body)
		if !strings.Contains(body, "title: My YAML title") {
			t.Error("the YAML typed is not on the page")
		}
		if got := storedTitle(); got != "Dana's second title" {
			t.Errorf("stored after the refusal: %q", got)
		}
	})

	t.Run("Publish", func(t *testing.T) {
		_, page, _ := get(t, c, editorURL+"/publish")
		rev := attr(regexp.MustCompile(`<input type="hidden" name="revision"[^>]*>`).FindString(page), "value")
		if rev == "" {
			t.Fatal("the publish form carries no revision")
		}
		danaSaves("Dana's last title")
		code, body := post(t, c, editorURL+"/publish", url.Values{"revision": {rev}}, nil)
		if code != http.StatusPreconditionFailed || !strings.Contains(body, "Not published") || !strings.Contains(body, "dana.berg") {
			t.Fatalf("publishing from the older revision: got %d, want 412 saying who saved", code)
		}
		if _, err := s.store.GetDraft(ctx, ds.editor, id); err != nil {
			t.Fatalf("the draft after the refusal: %v", err)
		}
		rev = attr(regexp.MustCompile(`<input type="hidden" name="revision"[^>]*>`).FindString(body), "value")
		if code, body := post(t, c, editorURL+"/publish", url.Values{"revision": {rev}}, nil); code != http.StatusOK || !strings.Contains(body, "last title") {
			t.Errorf("publishing from the page that said so: got %d", code)
		}
	})
}

// TestDraftConflictInTheBrowser is the same refusal as a person meets it in
// Chromium: the editor open, another member saves, the person saves; the
// page says who saved, keeps the typed title and passes axe-core; a second
// save keeps the person's title.
func TestDraftConflictInTheBrowser(t *testing.T) {
	axe := axeSource(t)
	chrome := browser(t)
	ds := newDraftSite(t)
	s, id := ds.s, ds.draft.ID
	ctx := context.Background()
	dana := account(t, s, "dana.berg@a.example", "Workspace A", mspeval.RoleEditor)
	b := tab(t, chrome)
	signIn(t, b, s, "editor@a.example", storetest.Password)
	run(t, b, setWidth(laptop), chromedp.Navigate(s.url+"/questionnaire-drafts/"+id), e2eShown("#f-title"))

	saveTitle(t, s, dana, id, "Dana's title")

	run(t, b, typeInto("#f-title", "My title"), press(`.save-bar button[value="save"]`), e2eShown("#conflict"))
	accessibleNow(t, b, axe, "the conflict page")
	widthShot(t, b, "draft-conflict", laptop)
	page := pageText(t, b)
	for _, want := range []string{"Not saved: the draft changed since you opened it", "dana.berg", "open the saved draft in a new tab"} {
		contains(t, page, want, "the conflict page")
	}
	var title string
	run(t, b, jsText("#f-title", "el.value", &title))
	if title != "My title" {
		t.Errorf("the title typed: got %q back", title)
	}

	run(t, b, press(`.save-bar button[value="save"]`), waitFor(`location.search.includes("done=saved")`, 10*time.Second))
	if got, _ := s.store.GetDraft(ctx, ds.editor, id); got.Title != "My title" {
		t.Errorf("stored after saving again: %q", got.Title)
	}
}

// saveTitle saves the draft with a new title as member c, from whatever
// revision is stored: another member's save while the page is open.
func saveTitle(t *testing.T, s *site, c mspeval.Caller, id, title string) {
	t.Helper()
	d, err := s.store.GetDraft(context.Background(), c, id)
	if err != nil {
		t.Fatal(err)
	}
	d.Questionnaire.Title = title
	text, err := questions.Encode(d.Questionnaire)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.ReplaceDraft(context.Background(), c, id, text, questions.FormatYAML, 0); err != nil {
		t.Fatalf("%s's save: %v", c.Email, err)
	}
}
