package frontend_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestQuestionnaireEditorJourney: a buyer clones partner-selection, changes a
// weight and an option's score, adds a question and moves it up by keyboard,
// saves with a mistake and finds it beside its field with everything typed
// kept, fixes it, publishes and starts an evaluation on the new version —
// in Chromium, on SQLite and PostgreSQL. On SQLite every page on the way is
// checked at phone and laptop widths with axe-core.
func TestQuestionnaireEditorJourney(t *testing.T) {
	chrome := browser(t)
	storetest.Each(t, func(t *testing.T, dsn string) {
		s := newSiteOn(t, dsn)
		owner := account(t, s, "dana@acme.example", "Acme Logistics", mspeval.RoleOwner)
		tb := tab(t, chrome)
		checkWidths := func(string) {}
		if strings.HasSuffix(t.Name(), store.SQLite) {
			axe := axeSource(t)
			checkWidths = func(name string) { t.Helper(); pageFits(t, tb, axe, name) }
		}
		signIn(t, tb, s, "dana@acme.example", storetest.Password)

		// Clone the built-in.
		run(t, tb, chromedp.Navigate(s.url+"/questionnaires"), chromedp.WaitVisible("#clone-from", chromedp.ByQuery))
		checkWidths("questionnaires")
		run(t, tb,
			chromedp.SetValue("#clone-from", "partner-selection@2", chromedp.ByQuery),
			press(`form[action="/questionnaire-drafts"] button[type=submit]`),
			waitFor(`!!document.querySelector("[data-draft-form]")`, 10*time.Second))
		drafts, err := s.store.ListDrafts(context.Background(), owner)
		if err != nil || len(drafts) != 1 {
			t.Fatalf("drafts after cloning: %v, %v", drafts, err)
		}
		id := drafts[0].ID
		src, _ := s.store.Catalog().Get("partner-selection", 2)
		first := src.Sections[0].Questions[0]
		n := len(src.Sections[0].Questions)
		checkWidths("draft")

		// A weight and an option's score of the first question.
		run(t, tb,
			chromedp.Evaluate(`document.querySelector("#f-sections-0-questions-0-key").closest("details").open = true`, nil),
			typeInto("#f-sections-0-questions-0-weights-fit", "2.5"),
			typeInto("#f-sections-0-questions-0-weights-flexibility", "1"),
			typeInto("#f-sections-0-questions-0-options-0-score", "high"),
		)

		// A new question at the end of the first section, filled in.
		run(t, tb,
			press("#add-question-sections-0"),
			waitFor(fmt.Sprintf(`document.activeElement && document.activeElement.id === "f-sections-0-questions-%d-key"`, n), 10*time.Second))
		newAt := fmt.Sprintf("#f-sections-0-questions-%d-", n)
		run(t, tb,
			typeInto(newAt+"key", "exit_rehearsal"),
			typeInto(newAt+"prompt", "When did you last rehearse a client's exit with them?"),
			typeInto(newAt+"weights-dependency_risk", "2"),
			typeInto(newAt+"guidance-listen_for", "A date, the runbook used and what was changed afterwards."))
		for i := 0; i <= 4; i++ {
			run(t, tb, typeInto(fmt.Sprintf("%sguidance-anchors-%d", newAt, i), fmt.Sprintf("Anchor %d of the rehearsal.", i)))
		}
		// The page came back from adding a question with the score as typed.
		var score string
		run(t, tb, jsText("#f-sections-0-questions-0-options-0-score", "el.value", &score))
		if score != "high" {
			t.Errorf("the score typed before adding a question: got %q back", score)
		}

		// Up by keyboard: the new question moves above the last one and the
		// focus stays on its button.
		up := fmt.Sprintf("#up-sections-0-questions-%d", n)
		var focused, place string
		run(t, tb,
			press(up),
			chromedp.Evaluate(`document.activeElement.id`, &focused),
			chromedp.Evaluate(`(() => { const items = [...document.querySelector("ol.questions").children];
				const i = items.findIndex(li => li.querySelector("input[name$='.key']").value === "exit_rehearsal");
				return i + ":" + items[i].querySelector("input[data-order]").value; })()`, &place))
		if want := fmt.Sprintf("%d:%d", n-1, n-1); place != want {
			t.Errorf("the new question's place and order after moving it up: got %s, want %s", place, want)
		}
		if focused != strings.TrimPrefix(up, "#") {
			t.Errorf("focus after moving up: got %q, want the button that moved it", focused)
		}

		// Drag the first question's second option above its first (the
		// events a mouse drag fires, by its handle).
		var dragged string
		run(t, tb, chromedp.Evaluate(`(() => {
			const list = document.querySelector("#f-sections-0-questions-0-key").closest("[data-item]").querySelector("ol.options");
			const [b, a] = [...list.children];
			a.querySelector("[data-drag-handle]").dispatchEvent(new PointerEvent("pointerdown", {bubbles: true}));
			const dt = new DataTransfer();
			a.dispatchEvent(new DragEvent("dragstart", {bubbles: true, dataTransfer: dt}));
			const box = b.getBoundingClientRect();
			b.dispatchEvent(new DragEvent("dragover", {bubbles: true, cancelable: true, dataTransfer: dt, clientY: box.top + 2}));
			a.dispatchEvent(new DragEvent("dragend", {bubbles: true, dataTransfer: dt}));
			return [...list.children].slice(0, 2).map(li => li.querySelector("input[name$='.key']").value + "@" + li.querySelector("input[data-order]").value).join(" ");
		})()`, &dragged))
		if want := first.Options[1].Key + "@0 " + first.Options[0].Key + "@1"; dragged != want {
			t.Errorf("options after the drag: got %q, want %q", dragged, want)
		}

		// Save with the mistake: the problem is beside its field, everything typed is kept.
		run(t, tb,
			press(`.save-bar button[value=save]`),
			waitFor(`!!document.querySelector("#problems")`, 10*time.Second))
		var problem, invalid, kept string
		run(t, tb,
			jsText("#f-sections-0-questions-0-options-1-score-error", "el.textContent", &problem),
			jsText("#f-sections-0-questions-0-options-1-score", `el.getAttribute("aria-invalid")`, &invalid),
			jsText("#f-sections-0-questions-0-options-1-score", "el.value", &score),
			jsText(fmt.Sprintf("#f-sections-0-questions-%d-prompt", n-1), "el.value", &kept))
		if !strings.Contains(problem, "is not a whole number") || invalid != "true" || score != "high" {
			t.Errorf("beside the score: problem %q, aria-invalid %q, value %q", problem, invalid, score)
		}
		if kept != "When did you last rehearse a client's exit with them?" {
			t.Errorf("the new question, moved up, after the refused save: got prompt %q", kept)
		}
		contains(t, pageText(t, tb), "Not saved: 1 problem", "the refused save")
		checkWidths("draft-problems")

		// Fix and save.
		run(t, tb,
			typeInto("#f-sections-0-questions-0-options-1-score", "2"),
			press(`.save-bar button[value=save]`),
			waitFor(`!!document.querySelector(".flash")`, 10*time.Second))
		d, err := s.store.GetDraft(context.Background(), owner, id)
		if err != nil {
			t.Fatal(err)
		}
		got := d.Questionnaire.Sections[0]
		if len(got.Questions) != n+1 || got.Questions[n-1].Key != "exit_rehearsal" {
			t.Fatalf("the saved section: %d questions, question %d is %q; want %d with exit_rehearsal there", len(got.Questions), n-1, got.Questions[n-1].Key, n+1)
		}
		if o := got.Questions[0].Options[1]; o.Key != first.Options[0].Key || o.Score == nil || *o.Score != 2 {
			t.Errorf("the option typed into, dragged below the next: got %s with score %v, want %s with 2", o.Key, o.Score, first.Options[0].Key)
		}
		if w, f := weightOf(got.Questions[0], "fit"), weightOf(got.Questions[0], "flexibility"); w != 2.5 || f != 1 {
			t.Errorf("the saved weights of %s: got fit %g and flexibility %g, want 2.5 and 1", first.Key, w, f)
		}
		if got.Questions[0].Text == nil || len(d.Questionnaire.Signals) != len(src.Signals) {
			t.Error("what the form does not show (paired text, signals) was not kept")
		}

		// The YAML view and the publish confirmation; publish.
		run(t, tb, chromedp.Navigate(s.url+"/questionnaire-drafts/"+id+"/yaml"), chromedp.WaitVisible("#yaml", chromedp.ByQuery))
		checkWidths("draft-yaml")
		run(t, tb, chromedp.Navigate(s.url+"/questionnaire-drafts/"+id),
			press(`.save-bar a[href$="/publish"]`),
			waitFor(`!!document.querySelector(".publish-form")`, 10*time.Second))
		contains(t, pageText(t, tb), "1 question added", "the publish confirmation")
		checkWidths("draft-publish")
		run(t, tb, press(".publish-form button[type=submit]"), waitFor(`!!document.querySelector(".flash")`, 10*time.Second))
		key := questions.WorkspaceKey(owner.WorkspaceID, "partner-selection")
		if _, err := s.store.Questionnaire(context.Background(), owner, key, 1); err != nil {
			t.Fatalf("the published version: %v", err)
		}
		checkWidths("questionnaire-own")
		run(t, tb, chromedp.Navigate(s.url+"/questionnaire-comparison?from=partner-selection@2&to="+key+"@1"), chromedp.WaitVisible("table.diff", chromedp.ByQuery))
		text := pageText(t, tb)
		contains(t, text, "exit_rehearsal", "the comparison")
		contains(t, text, "dimensions.flexibility.weight", "the comparison")
		checkWidths("questionnaire-compare")

		// An evaluation on the new version.
		run(t, tb,
			chromedp.Navigate(s.url+"/evaluations"),
			typeInto("#name", "Partner 2027, our questions"),
			chromedp.Evaluate(fmt.Sprintf(`document.querySelector("#questionnaire").value = %q`, key), nil),
			press(`form[action="/evaluations"] button[type=submit]`),
			waitFor(`location.pathname.startsWith("/evaluations/") && !!document.querySelector("h1")`, 10*time.Second))
		evs, _, err := s.store.ListEvaluations(context.Background(), owner, mspeval.Page{})
		if err != nil || len(evs) != 1 || evs[0].QuestionnaireKey != key || evs[0].QuestionnaireVersion != 1 {
			t.Fatalf("the evaluation created: %+v, %v; want one on %s version 1", evs, err, key)
		}
	})
}

// The steps below find elements by script rather than by chromedp's node
// queries: the editor is a long page, and right after a form posts, a node
// query can still name a node of the page that was replaced.

// typeInto replaces a field's text the way a person does: select it all, type.
func typeInto(sel, text string) chromedp.Action {
	return chromedp.Tasks{focusOn(sel), chromedp.Evaluate(fmt.Sprintf(`document.querySelector(%q).select()`, sel), nil),
		chromedp.KeyEvent(kb.Delete), chromedp.KeyEvent(text)}
}

// focusOn moves the keyboard focus to an element, waiting for it to be there.
func focusOn(sel string) chromedp.Action {
	return chromedp.Tasks{
		waitFor(fmt.Sprintf(`!!document.querySelector(%q)`, sel), 10*time.Second),
		chromedp.Evaluate(fmt.Sprintf(`document.querySelector(%q).focus()`, sel), nil),
	}
}

// pageText is the page's visible text.
func pageText(t *testing.T, tb context.Context) string {
	t.Helper()
	var text string
	run(t, tb, jsText("body", "el.innerText", &text))
	return text
}

// press activates a button by the keyboard.
func press(sel string) chromedp.Action {
	return chromedp.Tasks{focusOn(sel), chromedp.KeyEvent(kb.Enter)}
}

// jsText reads an element's property (value, textContent, an attribute by
// getAttribute) by script.
func jsText(sel, expr string, out *string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`(el => el ? String(%s) : "(no %s)")(document.querySelector(%q))`, expr, sel, sel), out)
}

func weightOf(q questions.Question, dim string) float64 {
	for _, w := range q.Dimensions {
		if w.Dimension == dim {
			return w.Weight
		}
	}
	return 0
}

// pageFits checks the page open in the tab at a phone's and a laptop's width,
// as TestEveryPageFitsAPhoneAndALaptop does every other page, and saves the
// screenshots people look at (MSPEVAL_SCREENSHOTS).
func pageFits(t *testing.T, tb context.Context, axe, name string) {
	t.Helper()
	for _, w := range widths {
		run(t, tb, setWidth(w), chromedp.Sleep(200*time.Millisecond))
		var got fit
		var violations []string
		run(t, tb,
			chromedp.Evaluate(fitScript, &got),
			chromedp.Evaluate(axe+";true", nil),
			chromedp.Evaluate(axeScript, &violations, awaitPromise))
		where := fmt.Sprintf("%s at %d px", name, w.width)
		if got.ScrollWidth > got.InnerWidth || got.InnerWidth > int(w.width) {
			t.Errorf("%s: the page is %d px wide in a %d px window", where, got.ScrollWidth, got.InnerWidth)
		}
		if len(got.Wide) > 0 {
			t.Errorf("%s: past the window's right edge:\n  %s", where, strings.Join(got.Wide, "\n  "))
		}
		if len(got.Scrolling) > 0 {
			t.Errorf("%s: sideways scrolling nobody meant:\n  %s", where, strings.Join(got.Scrolling, "\n  "))
		}
		if got.NavRows > 1 {
			t.Errorf("%s: the top navigation takes %d rows, want 1", where, got.NavRows)
		}
		if len(violations) > 0 {
			t.Errorf("%s: %d serious or critical accessibility violations:\n  %s", where, len(violations), strings.Join(violations, "\n  "))
		}
		widthShot(t, tb, name, w)
	}
	run(t, tb, emulation.ClearDeviceMetricsOverride(), emulation.SetTouchEmulationEnabled(false))
}

// TestEveryFieldOfTheEditorIsAccessible opens every entry of a draft of the
// readiness questionnaire (it has result tiers), with a file question among
// them, and checks the editor at both widths: axe-core checks only what is
// shown.
func TestEveryFieldOfTheEditorIsAccessible(t *testing.T) {
	axe := axeSource(t)
	chrome := browser(t)
	s := newSite(t)
	owner := account(t, s, "sam@northwind.example", "Northwind MSP", mspeval.RoleOwner)
	d, err := s.store.CloneDraft(context.Background(), owner, store.CloneInput{FromKey: "co-managed-readiness"})
	if err != nil {
		t.Fatal(err)
	}
	tb := tab(t, chrome)
	signIn(t, tb, s, "sam@northwind.example", storetest.Password)
	run(t, tb,
		chromedp.Navigate(s.url+"/questionnaire-drafts/"+d.ID),
		chromedp.WaitVisible("[data-draft-form]", chromedp.ByQuery),
		chromedp.Evaluate(`(() => {
			const type = document.querySelector("#f-sections-0-questions-0-type");
			type.value = "file";
			type.dispatchEvent(new Event("change", {bubbles: true}));
			document.querySelectorAll("details").forEach(d => { d.open = true; });
		})()`, nil))
	var shown bool
	run(t, tb, chromedp.Evaluate(`!document.querySelector("#f-sections-0-questions-0-file-max_bytes").closest("fieldset").hidden &&
		document.querySelector("#f-sections-0-questions-0-options-0-key").closest("fieldset").hidden`, &shown))
	if !shown {
		t.Error("a question made a file question does not show its file settings instead of its options")
	}
	contains(t, pageText(t, tb), "Result tiers", "the readiness draft")
	pageFits(t, tb, axe, "draft-every-field")
}
