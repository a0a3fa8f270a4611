package frontend_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"mspeval"
	"mspeval/app"
	"mspeval/questions"
	"mspeval/store"
)

// plan answers every required question so that a candidate is strong where
// fitStrong says (fit) and weak elsewhere, or the reverse; on a knockout question
// the weak side still passes the minimum, so that only the weights decide the order.
func plan(q *questions.Questionnaire, fitStrong bool) map[string]*questions.Answer {
	out := map[string]*questions.Answer{}
	for _, qq := range q.Questions() {
		if !qq.Required {
			continue
		}
		primary, top := "", 0.0
		for _, d := range qq.Dimensions {
			if d.Weight > top {
				primary, top = d.Dimension, d.Weight
			}
		}
		best := (primary == "fit") == fitStrong
		floor := 0
		if qq.Knockout != nil {
			floor = qq.Knockout.MinScore
		}
		a := &questions.Answer{}
		switch qq.Type {
		case questions.TypeSingleChoice, questions.TypeYesNo:
			var pick *questions.Option
			for i, o := range qq.Options {
				switch {
				case *o.Score < floor:
				case pick == nil, best && *o.Score > *pick.Score, !best && *o.Score < *pick.Score:
					pick = &qq.Options[i]
				}
			}
			a.Choice = &pick.Key
		case questions.TypeMultipleChoice:
			for _, o := range qq.Options {
				if best && !o.Exclusive || !best && o.Exclusive {
					a.Choices = append(a.Choices, o.Key)
				}
			}
		case questions.TypeScale:
			v := qq.Scale.Min
			if best {
				v = qq.Scale.Max
			}
			a.Scale = &v
		case questions.TypeText:
			t := "Runbooks live in your wiki."
			a.Text = &t
		}
		if qq.Text != nil {
			t := fmt.Sprintf("Our answer to %s, with an example.", qq.Key)
			a.Text = &t
		}
		out[qq.Key] = a
	}
	return out
}

// fillScript sets the form's fields to the planned answers and fires the events
// a person's typing and clicking would, so that autosave sees them.
const fillScript = `(plan => {
  for (const [key, a] of Object.entries(plan)) {
    const block = document.querySelector('[data-question="' + key + '"]');
    for (const input of block.querySelectorAll('input')) {
      const on = (a.choice === input.value) || (a.choices || []).includes(input.value) || (a.scale !== undefined && String(a.scale) === input.value);
      if (input.checked !== on) { input.checked = on; input.dispatchEvent(new Event('change', {bubbles: true})); }
    }
    const text = block.querySelector('textarea');
    if (text && a.text) { text.value = a.text; text.dispatchEvent(new Event('input', {bubbles: true})); }
  }
  return true;
})`

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

func TestJourneyFromEvaluationToComparison(t *testing.T) {
	s := newSite(t)
	b := browser(t)
	owner := account(t, s, "dana@acme.example", "Acme Logistics", mspeval.RoleOwner)
	q, _ := s.store.Catalog().Latest("partner-selection")
	ctx := tab(t, b)

	// The owner signs in, creates an evaluation and adds two candidates.
	signIn(t, ctx, s, "dana@acme.example", "correct horse battery")
	run(t, ctx,
		chromedp.Navigate(s.url+"/evaluations"),
		chromedp.SendKeys(`#name`, "Co-managed partner 2027", chromedp.ByQuery),
		chromedp.SendKeys(`#description`, "After-hours cover and projects.", chromedp.ByQuery),
		chromedp.Click(`form[action="/evaluations"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#candidates`, chromedp.ByQuery),
	)
	for _, name := range []string{"Alpha Partners", "Beta Services"} {
		run(t, ctx,
			chromedp.SendKeys(`#cand-name`, name, chromedp.ByQuery),
			chromedp.Click(`form[action$="/candidates"] button[type=submit]`, chromedp.ByQuery),
			// The new page lists the candidate (the old one only had it typed in a field).
			waitFor(fmt.Sprintf(`[...document.querySelectorAll("td strong")].some(e => e.textContent === %q)`, name), 15*time.Second),
		)
	}
	evs, _, err := s.store.ListEvaluations(context.Background(), owner, mspeval.Page{})
	if err != nil || len(evs) != 1 {
		t.Fatalf("evaluations after the form: %v %v", evs, err)
	}
	ev := evs[0]
	// This journey moves the weights over option scores; the texts it types are
	// placeholders, so provisional text scoring (tested on its own) is off.
	off := false
	if _, err := s.store.UpdateEvaluation(context.Background(), owner, ev.ID, store.EvaluationPatch{TextScoring: &off}); err != nil {
		t.Fatal(err)
	}
	cands, _, _ := s.store.ListCandidates(context.Background(), owner, ev.ID, mspeval.Page{})
	if len(cands) != 2 {
		t.Fatalf("candidates after the form: %d, want 2", len(cands))
	}
	alpha, beta := cands[0], cands[1]
	screenshot(t, ctx, "evaluation")

	// A link for Alpha, shown once with a message to paste.
	var link, message string
	run(t, ctx,
		chromedp.Click(fmt.Sprintf(`form[action="/candidates/%s/invitations"] button`, alpha.ID), chromedp.ByQuery),
		chromedp.WaitVisible(`#link-url`, chromedp.ByQuery),
		chromedp.Value(`#link-url`, &link, chromedp.ByQuery),
		chromedp.Value(`#msg-body`, &message, chromedp.ByQuery),
	)
	if !strings.HasPrefix(link, s.url+"/r/msr_") || !strings.Contains(message, link) || !strings.Contains(message, "Acme Logistics") {
		t.Fatalf("link %q, message %q", link, message)
	}
	screenshot(t, ctx, "link")

	// The respondent, in a fresh browser context, answers one question, reloads
	// mid-way and finds the draft, then answers the rest and submits.
	r := tab(t, b)
	first := "role_alongside_internal_it"
	firstPlan := plan(q, true)[first]
	run(t, r,
		chromedp.Navigate(link),
		chromedp.WaitVisible(`[data-question="`+first+`"]`, chromedp.ByQuery),
		chromedp.Click(fmt.Sprintf(`input[name="a.%s.choice"][value="%s"]`, first, *firstPlan.Choice), chromedp.ByQuery),
		chromedp.SendKeys(`#a-`+first+`-text`, "We reinforce your team and never replace it.", chromedp.ByQuery),
		waitFor(`document.querySelector('[data-save-state]').textContent.startsWith('All answers saved')`, 15*time.Second),
	)
	screenshot(t, r, "respond")
	var draft string
	var checked bool
	run(t, r,
		chromedp.Reload(),
		chromedp.WaitVisible(`#a-`+first+`-text`, chromedp.ByQuery),
		chromedp.Value(`#a-`+first+`-text`, &draft, chromedp.ByQuery),
		chromedp.Evaluate(fmt.Sprintf(`document.querySelector('input[name="a.%s.choice"][value="%s"]').checked`, first, *firstPlan.Choice), &checked),
	)
	if draft != "We reinforce your team and never replace it." || !checked {
		t.Fatalf("after a reload: text %q, choice checked %v; want the saved draft", draft, checked)
	}
	alphaPlan, _ := json.Marshal(plan(q, true))
	var ok bool
	run(t, r,
		chromedp.Evaluate(fillScript+"("+string(alphaPlan)+")", &ok),
		waitFor(`document.querySelector('[data-progress]').value === document.querySelector('[data-progress]').max`, 10*time.Second),
		waitFor(`document.querySelector('[data-save-state]').textContent.startsWith('All answers saved')`, 15*time.Second),
		chromedp.Click(`button[value="review"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`form[action$="/submit"]`, chromedp.ByQuery),
	)
	screenshot(t, r, "respond-review")
	run(t, r,
		chromedp.Click(`form[action$="/submit"] button`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-submitted]`, chromedp.ByQuery),
	)
	contains(t, bodyText(t, r), "your answers are submitted", "after submitting")
	screenshot(t, r, "respond-done")
	if c, _ := s.store.GetCandidate(context.Background(), owner, alpha.ID); c.Response.Status != mspeval.ResponseSubmitted {
		t.Fatalf("Alpha's response: %s, want submitted", c.Response.Status)
	}

	// Beta's answers come from a call: the buyer's team types them in.
	if _, err := s.store.SaveAnswers(context.Background(), owner, beta.ID, plan(q, false)); err != nil {
		t.Fatal(err)
	}

	// The owner rates an answer.
	run(t, ctx,
		chromedp.Navigate(fmt.Sprintf("%s/candidates/%s/review", s.url, alpha.ID)),
		chromedp.WaitVisible(`#q-`+first, chromedp.ByQuery),
		chromedp.Click(`#q-`+first+` input[name=score][value="3"]`, chromedp.ByQuery),
		chromedp.SendKeys(`#note-`+first, "Clear on who owns what.", chromedp.ByQuery),
		chromedp.Click(`#q-`+first+` button[value=rate]`, chromedp.ByQuery),
		// Rated in place: the page stays and says so.
		waitFor(`document.querySelector("[data-rating-status]").textContent === "Rating saved."`, 10*time.Second),
	)
	contains(t, bodyText(t, ctx), "1 of ", "the rated count after rating")
	screenshot(t, ctx, "review")
	sum, err := app.New(s.store, app.Options{}).AnswerRatings(context.Background(), owner, alpha.ID, first)
	if err != nil || sum.Mine == nil || sum.Mine.Score != 3 || sum.Mine.Note != "Clear on who owns what." {
		t.Fatalf("the rating: %+v %v", sum, err)
	}

	// The comparison: moving the fit slider to 100 reorders the candidates live.
	var before, after string
	run(t, ctx,
		chromedp.Navigate(fmt.Sprintf("%s/evaluations/%s/compare", s.url, ev.ID)),
		chromedp.WaitVisible(`[data-ranking] tr`, chromedp.ByQuery),
		chromedp.AttributeValue(`[data-ranking] tr`, "data-candidate", &before, nil, chromedp.ByQuery),
	)
	screenshot(t, ctx, "compare")
	if before != beta.ID {
		t.Fatalf("at 40/30/30 the flexible, independent candidate should lead; got %s first", before)
	}
	run(t, ctx,
		chromedp.Evaluate(`for (const [k, v] of [["fit", 100], ["flexibility", 0], ["dependency_risk", 0]]) {
			const s = document.getElementById("w-" + k); s.value = v; s.dispatchEvent(new Event("input", {bubbles: true})); } true`, &ok),
		waitFor(fmt.Sprintf(`document.querySelector('[data-ranking] tr').dataset.candidate === %q`, alpha.ID), 10*time.Second),
		chromedp.AttributeValue(`[data-ranking] tr`, "data-candidate", &after, nil, chromedp.ByQuery),
	)
	if after != alpha.ID {
		t.Fatalf("after moving the weights: %s first, want Alpha", after)
	}
	// The PDF downloads with the weights on screen.
	var magic string
	run(t, ctx, chromedp.Evaluate(`fetch(document.querySelector('a[data-download]').href)
		.then(r => r.arrayBuffer()).then(b => String.fromCharCode(...new Uint8Array(b.slice(0, 5))))`, &magic, awaitPromise))
	if magic != "%PDF-" {
		t.Errorf("the PDF download starts %q", magic)
	}
	// Saving the weights from the page stores them.
	run(t, ctx,
		chromedp.Click(`[data-save-weights]`, chromedp.ByQuery),
		waitFor(`document.querySelector('[data-weights-state]').textContent === 'Weights saved.'`, 10*time.Second),
	)
	if got, _ := s.store.GetEvaluation(context.Background(), owner, ev.ID); got.Weights["fit"] != 100 {
		t.Errorf("saved weights: %v", got.Weights)
	}
}

func TestRespondentFormWorksWithoutJavaScript(t *testing.T) {
	s := newSite(t)
	b := browser(t)
	owner := account(t, s, "dana@acme.example", "Acme Logistics", mspeval.RoleOwner)
	ev, _ := s.store.CreateEvaluation(context.Background(), owner, store.EvaluationInput{Name: "Partner 2027", QuestionnaireKey: "partner-selection"})
	cand, _ := s.store.CreateCandidate(context.Background(), owner, ev.ID, store.CandidateInput{Name: "Gamma IT"})
	_, secret, _ := s.store.CreateInvitation(context.Background(), owner, cand.ID, nil)
	q, _ := s.store.Catalog().Latest("partner-selection")

	r := tab(t, b)
	run(t, r, emulationNoScript())
	link := s.url + "/r/" + secret
	first := "role_alongside_internal_it"
	var draft string
	run(t, r,
		chromedp.Navigate(link),
		chromedp.WaitVisible(`#a-`+first+`-text`, chromedp.ByQuery),
		chromedp.SendKeys(`#a-`+first+`-text`, "Typed without scripts.", chromedp.ByQuery),
		chromedp.Click(`button[value="save"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.flash`, chromedp.ByQuery),
		chromedp.Value(`#a-`+first+`-text`, &draft, chromedp.ByQuery),
	)
	if draft != "Typed without scripts." {
		t.Fatalf("after saving without JavaScript: %q", draft)
	}
	// Every required question, by clicks and typing alone.
	var actions []chromedp.Action
	for key, a := range plan(q, true) {
		sel := func(part, value string) string {
			return fmt.Sprintf(`input[name="a.%s.%s"][value="%s"]`, key, part, value)
		}
		switch {
		case a.Choice != nil:
			actions = append(actions, chromedp.Click(sel("choice", *a.Choice), chromedp.ByQuery))
		case a.Scale != nil:
			actions = append(actions, chromedp.Click(sel("scale", fmt.Sprint(*a.Scale)), chromedp.ByQuery))
		case len(a.Choices) > 0:
			for _, c := range a.Choices {
				actions = append(actions, chromedp.Click(sel("choices", c), chromedp.ByQuery))
			}
		}
		if a.Text != nil && key != first {
			actions = append(actions, chromedp.SendKeys(`#a-`+key+`-text`, *a.Text, chromedp.ByQuery))
		}
	}
	actions = append(actions, chromedp.Click(`button[value="review"]`, chromedp.ByQuery), chromedp.WaitVisible(`form[action$="/submit"]`, chromedp.ByQuery))
	run(t, r, actions...)
	contains(t, bodyText(t, r), "Typed without scripts.", "the review")
	run(t, r, chromedp.Click(`form[action$="/submit"] button`, chromedp.ByQuery), chromedp.WaitVisible(`[data-submitted]`, chromedp.ByQuery))
	contains(t, bodyText(t, r), "your answers are submitted", "after submitting without JavaScript")
}

// An answer the server refuses stays on screen and in the browser, the rest
// of the batch is saved, and a reload brings the refused answer back.
func TestRefusedAutosaveKeepsTheAnswer(t *testing.T) {
	s := newSite(t)
	path := browser(t)
	owner := account(t, s, "dana@acme.example", "Acme Logistics", mspeval.RoleOwner)
	ev, _ := s.store.CreateEvaluation(context.Background(), owner, store.EvaluationInput{Name: "Partner 2027", QuestionnaireKey: "partner-selection"})
	cand, _ := s.store.CreateCandidate(context.Background(), owner, ev.ID, store.CandidateInput{Name: "Delta IT"})
	_, secret, _ := s.store.CreateInvitation(context.Background(), owner, cand.ID, nil)

	r := tab(t, path)
	// Leaving with a refused answer asks "leave the page?": this test answers yes.
	chromedp.ListenTarget(r, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			go chromedp.Run(r, page.HandleJavaScriptDialog(true))
		}
	})
	var errText string
	var busy, none bool
	run(t, r,
		chromedp.Navigate(s.url+"/r/"+secret),
		chromedp.WaitVisible(`[data-question="flex_capacity"]`, chromedp.ByQuery),
		// "None of these" cannot go with another option: the server refuses it.
		chromedp.Click(`input[name="a.flex_capacity.choices"][value="busy_periods"]`, chromedp.ByQuery),
		chromedp.Click(`input[name="a.flex_capacity.choices"][value="none_fixed_scope"]`, chromedp.ByQuery),
		chromedp.SendKeys(`#a-reference_client-text`, "Ask the harbour authority.", chromedp.ByQuery),
		waitFor(`!document.querySelector('[data-error-for="flex_capacity"]').hidden`, 15*time.Second),
		waitFor(`document.querySelector('[data-save-state]').classList.contains('failed')`, 5*time.Second),
		chromedp.Text(`[data-error-for="flex_capacity"]`, &errText, chromedp.ByQuery),
	)
	if !strings.Contains(errText, "cannot be combined") {
		t.Errorf("the refused answer's message: %q", errText)
	}
	// The other answer of the same batch reaches the server.
	deadline := time.Now().Add(10 * time.Second)
	for {
		form, err := s.store.RespondentForm(context.Background(), secret)
		if err == nil && form.Answers["reference_client"].Text != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the valid answer of a refused batch was never saved")
		}
		time.Sleep(200 * time.Millisecond)
	}
	run(t, r,
		chromedp.Reload(),
		chromedp.WaitVisible(`[data-question="flex_capacity"]`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('input[name="a.flex_capacity.choices"][value="busy_periods"]').checked`, &busy),
		chromedp.Evaluate(`document.querySelector('input[name="a.flex_capacity.choices"][value="none_fixed_scope"]').checked`, &none),
	)
	if !busy || !none {
		t.Errorf("after a reload the refused answer is lost: busy %v, none %v", busy, none)
	}
}
