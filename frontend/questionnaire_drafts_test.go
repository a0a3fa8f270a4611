package frontend_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
)

// Without a browser: the questionnaire pages as plain form posts, who may do
// what on them, and what a refused save shows.

// draftSite is a workspace with an editor and a viewer, another workspace's
// owner, and a draft cloned from partner-selection.
type draftSite struct {
	s       *site
	editor  mspeval.Caller
	draft   store.Draft
	editorC *http.Client
}

func newDraftSite(t *testing.T) *draftSite {
	t.Helper()
	s := newSite(t)
	editor := account(t, s, "editor@a.example", "Workspace A", mspeval.RoleEditor)
	account(t, s, "viewer@a.example", "Workspace A", mspeval.RoleViewer)
	account(t, s, "owner@b.example", "Workspace B", mspeval.RoleOwner)
	d, err := s.store.CloneDraft(context.Background(), editor, store.CloneInput{FromKey: "partner-selection"})
	if err != nil {
		t.Fatal(err)
	}
	return &draftSite{s: s, editor: editor, draft: d, editorC: salesSignIn(t, s, "editor@a.example")}
}

// editorForm reads the values a browser would send from the editor's form.
func editorForm(t *testing.T, body string) url.Values {
	t.Helper()
	form := regexp.MustCompile(`(?s)<form method="post" action="/questionnaire-drafts/[^"]+" class="draft-form".*?</form>`).FindString(body)
	if form == "" {
		t.Fatal("no editor form on the page")
	}
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="(?:hidden|text)"[^>]*>`).FindAllString(form, -1) {
		name, value := attr(m, "name"), attr(m, "value")
		if name != "" {
			v.Set(name, value)
		}
	}
	for _, m := range regexp.MustCompile(`<input type="checkbox"[^>]*>`).FindAllString(form, -1) {
		if strings.Contains(m, " checked") {
			v.Set(attr(m, "name"), "on")
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*>.*?</textarea>`).FindAllString(form, -1) {
		start := strings.Index(m, ">") + 1
		v.Set(attr(m, "name"), unescape(strings.TrimPrefix(m[start:len(m)-len("</textarea>")], "\n")))
	}
	for _, m := range regexp.MustCompile(`(?s)<select[^>]*>.*?</select>`).FindAllString(form, -1) {
		sel := regexp.MustCompile(`<option value="([^"]*)"[^>]*selected`).FindStringSubmatch(m)
		if sel != nil {
			v.Set(attr(m, "name"), unescape(sel[1]))
		}
	}
	return v
}

func attr(tag, name string) string {
	m := regexp.MustCompile(` ` + name + `="([^"]*)"`).FindStringSubmatch(tag)
	if m == nil {
		return ""
	}
	return unescape(m[1])
}

func unescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`, "&amp;", "&").Replace(s)
}

func TestQuestionnairePagesKeepViewersAndOtherWorkspacesOut(t *testing.T) {
	ds := newDraftSite(t)
	s, id := ds.s, ds.draft.ID
	viewer, other := salesSignIn(t, s, "viewer@a.example"), salesSignIn(t, s, "owner@b.example")
	stored := func() string {
		d, err := s.store.GetDraft(context.Background(), ds.editor, id)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := questions.Encode(d.Questionnaire)
		return string(data)
	}
	before := stored()
	_, page, _ := get(t, ds.editorC, s.url+"/questionnaire-drafts/"+id)
	form := editorForm(t, page)
	form.Set("title", "Changed by someone who may not")
	form.Set("action", "save")

	t.Run("ViewerSeesTheListAndTheDraftReadOnly", func(t *testing.T) {
		code, body, _ := get(t, viewer, s.url+"/questionnaires")
		if code != 200 || !strings.Contains(body, `/questionnaire-drafts/`+id) {
			t.Fatalf("the list for a viewer: got %d, or the draft is missing", code)
		}
		if strings.Contains(body, "Clone into a draft") || strings.Contains(body, "Import as a draft") || strings.Contains(body, "Delete the draft") {
			t.Error("a viewer is offered to clone, import or delete")
		}
		code, body, _ = get(t, viewer, s.url+"/questionnaire-drafts/"+id)
		if code != 200 || !strings.Contains(body, `<fieldset class="plain" disabled>`) {
			t.Errorf("the draft for a viewer: got %d, want it shown with its form disabled", code)
		}
		if strings.Contains(body, "/publish\"") {
			t.Error("a viewer is offered to publish")
		}
	})
	t.Run("ViewerChangesNothing", func(t *testing.T) {
		for _, tc := range []struct {
			path string
			form url.Values
		}{
			{"/questionnaire-drafts/" + id, form},
			{"/questionnaire-drafts/" + id, url.Values{"action": {"add-section"}}},
			{"/questionnaire-drafts/" + id + "/yaml", url.Values{"yaml": {before}}},
			{"/questionnaire-drafts/" + id + "/publish", nil},
			{"/questionnaire-drafts/" + id + "/delete", nil},
			{"/questionnaire-drafts", url.Values{"from": {"partner-selection@1"}, "key": {"viewer-copy"}}},
		} {
			if code, _ := post(t, viewer, s.url+tc.path, tc.form, nil); code != http.StatusForbidden {
				t.Errorf("POST %s as a viewer: got %d, want 403", tc.path, code)
			}
		}
		if code, _ := upload(t, viewer, s.url+"/questionnaire-drafts/import", "q.yaml", []byte(before)); code != http.StatusForbidden {
			t.Errorf("an import as a viewer: got %d, want 403", code)
		}
		if got := stored(); got != before {
			t.Error("the draft changed after a viewer's posts")
		}
		if drafts, _ := s.store.ListDrafts(context.Background(), ds.editor); len(drafts) != 1 {
			t.Errorf("drafts after a viewer's posts: got %d, want 1", len(drafts))
		}
	})
	t.Run("AnotherWorkspacesDraftIsNotFound", func(t *testing.T) {
		for _, p := range []string{"", "/yaml", "/export", "/publish"} {
			if code, _, _ := get(t, other, s.url+"/questionnaire-drafts/"+id+p); code != http.StatusNotFound {
				t.Errorf("GET %s as another workspace: got %d, want 404", p, code)
			}
		}
		for _, p := range []string{"", "/yaml", "/publish", "/delete"} {
			if code, _ := post(t, other, s.url+"/questionnaire-drafts/"+id+p, form, nil); code != http.StatusNotFound {
				t.Errorf("POST %s as another workspace: got %d, want 404", p, code)
			}
		}
		if code, body, _ := get(t, other, s.url+"/questionnaires"); code != 200 || strings.Contains(body, id) {
			t.Errorf("another workspace's list: got %d, or it names this workspace's draft", code)
		}
		if got := stored(); got != before {
			t.Error("the draft changed after another workspace's posts")
		}
	})
	t.Run("AnotherWorkspacesPublishedVersionIsNotFound", func(t *testing.T) {
		q, err := s.store.PublishDraft(context.Background(), ds.editor, id, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/questionnaires/" + q.Key, "/questionnaires/" + q.Key + "/export?version=1",
			"/questionnaire-comparison?from=partner-selection@2&to=" + url.QueryEscape(q.Key+"@1")} {
			if code, _, _ := get(t, other, s.url+p); code != http.StatusNotFound {
				t.Errorf("GET %s as another workspace: got %d, want 404", p, code)
			}
			if code, _, _ := get(t, viewer, s.url+p); code != http.StatusOK {
				t.Errorf("GET %s as a viewer of the workspace: got %d, want 200", p, code)
			}
		}
		if code, _ := post(t, other, s.url+"/questionnaire-drafts", url.Values{"from": {q.Key + "@1"}}, nil); code != http.StatusUnprocessableEntity {
			t.Errorf("another workspace cloning this one's version: got %d, want 422 (no such questionnaire)", code)
		}
	})
}

func upload(t *testing.T, c *http.Client, u, name string, data []byte) (int, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(data)
	w.Close()
	req, _ := http.NewRequest("POST", u, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestDraftFormWorksWithoutJavaScript(t *testing.T) {
	ds := newDraftSite(t)
	s, c, id := ds.s, ds.editorC, ds.draft.ID
	editorURL := s.url + "/questionnaire-drafts/" + id
	_, page, _ := get(t, c, editorURL)
	form := editorForm(t, page)
	first := form.Get("sections[0].questions[0].key")

	t.Run("MoveDownChangesTheFormNotTheDraft", func(t *testing.T) {
		f := cloneValues(form)
		f.Set("action", "down:sections[0].questions[0]")
		code, body := post(t, c, editorURL, f, nil)
		if code != 200 {
			t.Fatalf("move down: got %d", code)
		}
		moved := editorForm(t, body)
		if got := moved.Get("sections[0].questions[1].key"); got != first {
			t.Errorf("second question after moving the first down: got %q, want %q", got, first)
		}
		if !regexp.MustCompile(`id="down-sections-0-questions-1"[^>]*autofocus`).MatchString(body) {
			t.Error("the focus is not on the moved question's down button")
		}
		if !strings.Contains(body, "Not saved yet") {
			t.Error("the page does not say the move is not saved yet")
		}
		d, _ := s.store.GetDraft(context.Background(), ds.editor, id)
		if got := d.Questionnaire.Sections[0].Questions[0].Key; got != first {
			t.Errorf("the stored first question after a move without saving: got %q, want %q", got, first)
		}
	})

	t.Run("RefusedSaveShowsEachProblemBesideItsFieldAndKeepsTheText", func(t *testing.T) {
		f := cloneValues(form)
		f.Set("title", "Our partner questionnaire")
		f.Set("sections[0].questions[0].options[0].score", "high")
		f.Set("sections[0].questions[1].prompt", "   ")
		f.Set("sections[0].questions[1].guidance.red_flags", "We'll handle it\nTrust us")
		f.Set("action", "save")
		code, body := post(t, c, editorURL, f, nil)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("a save with problems: got %d, want 422", code)
		}
		for _, id := range []string{"f-sections-0-questions-0-options-0-score", "f-sections-0-questions-1-prompt"} {
			if !regexp.MustCompile(`id="` + id + `"[^>]*aria-invalid="true"[^>]*aria-describedby="` + id + `-error"`).MatchString(body) {
				t.Errorf("%s is not marked invalid and described by its problem", id)
			}
			if !strings.Contains(body, `id="`+id+`-error"`) || !strings.Contains(body, `href="#`+id+`"`) {
				t.Errorf("%s: no problem beside it, or no link to it from the list", id)
			}
		}
		back := editorForm(t, body)
		if got := back.Get("sections[0].questions[0].options[0].score"); got != "high" {
			t.Errorf("the score typed: got %q back, want %q", got, "high")
		}
		if got := back.Get("title"); got != "Our partner questionnaire" {
			t.Errorf("the title typed: got %q back", got)
		}
		if got := back.Get("sections[0].questions[1].guidance.red_flags"); got != "We'll handle it\nTrust us" {
			t.Errorf("the red flags typed: got %q back", got)
		}
		d, _ := s.store.GetDraft(context.Background(), ds.editor, id)
		if d.Title == "Our partner questionnaire" {
			t.Error("a refused save changed the draft")
		}
	})

	t.Run("SaveKeepsWhatTheFormDoesNotShow", func(t *testing.T) {
		f := cloneValues(form)
		f.Set("title", "Our partner questionnaire")
		f.Set("sections[0].questions[0].weights.fit", "2.5")
		f.Set("action", "save")
		if code, _ := post(t, c, editorURL, f, nil); code != 200 {
			t.Fatalf("a good save: got %d", code)
		}
		d, _ := s.store.GetDraft(context.Background(), ds.editor, id)
		q := d.Questionnaire.Sections[0].Questions[0]
		if d.Title != "Our partner questionnaire" {
			t.Errorf("title after saving: got %q", d.Title)
		}
		if got := q.Dimensions[0]; got.Dimension != "fit" || got.Weight != 2.5 {
			t.Errorf("first question's first weight after saving: got %+v, want fit 2.5", got)
		}
		src, _ := s.store.Catalog().Get("partner-selection", ds.draft.BasedOn.Version)
		if want := src.Sections[0].Questions[0].Text; want != nil && (q.Text == nil || q.Text.Label != want.Label) {
			t.Errorf("the paired text the form does not show: got %+v, want %+v", q.Text, want)
		}
		if len(d.Questionnaire.Signals) != len(src.Signals) || len(d.Questionnaire.Signals[0].Match) != len(src.Signals[0].Match) {
			t.Error("the signals' concept rules were not kept")
		}
	})

	t.Run("AddAndRemoveChangeTheForm", func(t *testing.T) {
		_, page, _ := get(t, c, editorURL)
		f := editorForm(t, page)
		n := len(questionKeys(f, 0))
		f.Set("action", "add-question:sections[0]")
		_, body := post(t, c, editorURL, f, nil)
		added := editorForm(t, body)
		if got := len(questionKeys(added, 0)); got != n+1 {
			t.Fatalf("questions after adding one: got %d, want %d", got, n+1)
		}
		if !regexp.MustCompile(`id="f-sections-0-questions-` + itoa(n) + `-key"[^>]*autofocus`).MatchString(body) {
			t.Error("the focus is not on the new question's key")
		}
		added.Set("action", "remove:sections[0].questions["+itoa(n)+"]")
		_, body = post(t, c, editorURL, added, nil)
		if got := len(questionKeys(editorForm(t, body), 0)); got != n {
			t.Errorf("questions after removing the new one: got %d, want %d", got, n)
		}
	})

	t.Run("YAMLViewNamesTheLineOfAProblemAndKeepsTheText", func(t *testing.T) {
		_, body, _ := get(t, c, editorURL+"/yaml")
		text := unescape(regexp.MustCompile(`(?s)<textarea id="yaml"[^>]*>\n?(.*?)</textarea>`).FindStringSubmatch(body)[1])
		broken := strings.Replace(text, "default_weight: 40", "default_weight: forty", 1)
		code, body := post(t, c, editorURL+"/yaml", url.Values{"yaml": {broken}}, nil)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("a YAML save with a problem: got %d, want 422", code)
		}
		line := 1 + strings.Count(broken[:strings.Index(broken, "default_weight: forty")], "\n")
		if !strings.Contains(body, `data-line="`+itoa(line)+`"`) || !strings.Contains(body, "dimensions[0].default_weight") {
			t.Errorf("the problem does not name line %d and its field", line)
		}
		if !strings.Contains(body, "default_weight: forty") {
			t.Error("the text typed is not kept")
		}
	})

	t.Run("ExportIsADownload", func(t *testing.T) {
		resp, err := c.Get(editorURL + "/export")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename=partner-selection.v1.yaml` {
			t.Errorf("Content-Disposition: got %q", cd)
		}
		if _, problems := questions.Decode(data, questions.FormatYAML); len(problems) > 0 {
			t.Errorf("the exported file does not read back: %v", problems)
		}
	})

	t.Run("ASecondDraftOfAKeyIsRefusedBesideTheKey", func(t *testing.T) {
		code, body := post(t, c, s.url+"/questionnaire-drafts", url.Values{"from": {"partner-selection@1"}, "key": {""}}, nil)
		if code != http.StatusConflict || !regexp.MustCompile(`id="clone-key"[^>]*aria-invalid="true"`).MatchString(body) ||
			!strings.Contains(body, "has a draft of") {
			t.Errorf("a second draft of partner-selection: got %d, or the key field does not say why", code)
		}
		if !strings.Contains(body, `<option value="partner-selection@1" selected>`) {
			t.Error("the version chosen is not kept")
		}
	})

	t.Run("AMalformedImportNamesEveryProblemAndStoresNothing", func(t *testing.T) {
		file := "key: other-questionnaire\nversion: 1\ntitle: ''\ndimensions:\n  - key: fit\n    name: Fit\n    default_weight: lots\nsections: []\n"
		code, body := upload(t, c, s.url+"/questionnaire-drafts/import", "other.yaml", []byte(file))
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("a malformed import: got %d, want 422", code)
		}
		for _, want := range []string{"Nothing was imported", "dimensions[0].default_weight", "title"} {
			contains(t, body, want, "the import's problems")
		}
		if drafts, _ := s.store.ListDrafts(context.Background(), ds.editor); len(drafts) != 1 {
			t.Errorf("drafts after a refused import: got %d, want 1", len(drafts))
		}
	})

	t.Run("PublishConfirmsThenMakesAVersionEvaluationsCanUse", func(t *testing.T) {
		code, body, _ := get(t, c, editorURL+"/publish")
		if code != 200 || !strings.Contains(body, "Publish version 1") || !strings.Contains(body, "1 question changed") {
			t.Fatalf("the confirmation: got %d, or it does not say what changes:\n%s", code, body[strings.Index(body, "<main"):])
		}
		code, _ = post(t, c, editorURL+"/publish", nil, nil)
		if code != 200 {
			t.Fatalf("publish: got %d", code)
		}
		_, body, _ = get(t, c, s.url+"/evaluations")
		if !strings.Contains(body, "Our partner questionnaire (your workspace, version 1)") {
			t.Error("the new evaluation's form does not offer the published questionnaire")
		}
		key := questions.WorkspaceKey(ds.editor.WorkspaceID, "partner-selection")
		code, body, _ = get(t, c, s.url+"/questionnaire-comparison?from=partner-selection@2&to="+url.QueryEscape(key+"@1"))
		if code != 200 || !strings.Contains(body, "1 question changed") || !strings.Contains(body, "dimensions.fit.weight") {
			t.Errorf("the comparison with the built-in: got %d, or it misses the changed weight", code)
		}
	})
}

// TestQuestionnairePagesRunNoInlineCode: the new pages keep to the content
// security policy (no inline script or style) like every other page.
func TestQuestionnairePagesRunNoInlineCode(t *testing.T) {
	ds := newDraftSite(t)
	id := ds.draft.ID
	for _, p := range []string{"/questionnaires", "/questionnaires/partner-selection?version=1", "/questionnaire-drafts/" + id,
		"/questionnaire-drafts/" + id + "/yaml", "/questionnaire-drafts/" + id + "/publish",
		"/questionnaire-comparison?from=partner-selection@1&to=partner-selection@2"} {
		code, body, h := get(t, ds.editorC, ds.s.url+p)
		if code != 200 {
			t.Errorf("%s: got %d", p, code)
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if strings.Contains(body, "<script>") || strings.Contains(body, " style=") || strings.Contains(body, " onclick=") {
			t.Errorf("%s: inline script or style in the page", p)
		}
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func questionKeys(v url.Values, section int) []string {
	var out []string
	for i := 0; ; i++ {
		k := "sections[" + itoa(section) + "].questions[" + itoa(i) + "].origin"
		if _, ok := v[k]; !ok {
			return out
		}
		out = append(out, v.Get("sections["+itoa(section)+"].questions["+itoa(i)+"].key"))
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
