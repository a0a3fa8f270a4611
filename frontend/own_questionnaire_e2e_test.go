package frontend_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jung-kurt/gofpdf"

	"mspeval"
	"mspeval/questions"
	"mspeval/store/storetest"
)

// What the buyer adds to their copy of partner-selection, and what the MSP
// answers. The rule exit_lock_in gets a pattern of the buyer's own, so that
// a phrase no built-in rule knows fires it.
const (
	ownBuyer     = "dana@acme.example"
	ownTitle     = "Acme partner selection"
	ownCondKey   = "takeback_cost"
	ownCondWhen  = "take_over_over_time" // of role_alongside_internal_it
	ownFileKey   = "exit_plan_document"
	ownRule      = "exit_lock_in"
	ownRuleLabel = "Exit costs or lock-in"
	ownPhrase    = "golden handcuffs"
	ownAnswer    = "Our clients call the arrangement golden handcuffs, and most of them stay with us."
	ownFileName  = "acme exit plan.pdf"
	ownListenFor = "Listen for what taking IT back would cost, in money and in time."
	ownCandidate = "Harbourline Managed Services"
)

// TestOwnQuestionnaireEndToEnd is issue 11's "done when", done in Chromium
// as people do it, on every dialect: a buyer clones partner-selection on the
// Questionnaires page, adds a conditional question and a file question in the
// editor, changes a dimension's weight and a rule's patterns, sees the rule
// fire in the rule tester, previews, publishes, and starts an evaluation on
// the new version with a candidate and a link; the MSP answers on a phone so
// that the conditional question shows, writes the phrase and attaches a PDF;
// the buyer finds the file (the same bytes) and the rule's signal on the
// review page and in the comparison PDF. axe-core finds nothing serious or
// critical on any page on the way. Apart from that, a malformed import names
// every problem and stores nothing.
func TestOwnQuestionnaireEndToEnd(t *testing.T) {
	axe := axeSource(t)
	chrome := browser(t)
	storetest.Each(t, func(t *testing.T, dsn string) {
		s := newSiteOn(t, dsn)
		e := &ownE2E{s: s, axe: axe, chrome: chrome, shots: "own-" + path.Base(t.Name()) + "-",
			owner: account(t, s, ownBuyer, "Acme Logistics", mspeval.RoleOwner), parent: t}
		e.buyer = tab(t, chrome)
		signIn(t, e.buyer, s, ownBuyer, storetest.Password)
		for _, step := range []struct {
			name string
			do   func(t *testing.T)
		}{
			{"CloneOnTheQuestionnairesPage", e.clone},
			{"EditTheDraftInTheForm", e.edit},
			{"TheRuleFiresInTheRuleTester", e.testRule},
			{"PreviewShowsBothQuestionsAndNoGuidance", e.preview},
			{"Publish", e.publish},
			{"EvaluationCandidateAndLink", e.invite},
			{"TheMSPAnswersOnAPhone", e.respond},
			{"ReviewShowsTheFileAndTheSignal", e.review},
			{"CandidatePDFNamesTheSignalAndTheFile", e.candidatePDF},
			{"ComparisonPDFNamesTheSignalAndTheFile", e.comparisonPDF},
		} {
			if !e.step(t, step.name, step.do) {
				break // the steps after it need what it made
			}
		}
		t.Run("MalformedImportNamesEveryProblemAndStoresNothing", e.malformedImport)
	})
}

// ownE2E is one run of the journey: the site, the buyer's tab and what the
// pages gave so far.
type ownE2E struct {
	s           *site
	axe, chrome string
	shots       string // starts the screenshots' names, one set per dialect
	owner       mspeval.Caller
	buyer       context.Context
	parent      *testing.T // the whole run's test, which a tab shared by steps belongs to

	draftID string // from the editor's address
	n       int    // questions of the first section before the buyer adds two
	evID    string // from the evaluation page's address
	link    string // the respondent's link, as the evaluation page shows it
	pdf     []byte // the file the MSP attaches
}

// step runs one step as a subtest and reports whether the next may run: a
// step that stopped (t.Fatal) did not make what the next one needs, a step
// with only errors did.
func (e *ownE2E) step(t *testing.T, name string, do func(t *testing.T)) bool {
	finished := false
	t.Run(name, func(t *testing.T) { do(t); finished = true })
	return finished
}

// check runs axe-core on the page open in ctx and saves its screenshot at
// the tab's width (MSPEVAL_SCREENSHOTS).
func (e *ownE2E) check(t *testing.T, ctx context.Context, name string, w width) {
	t.Helper()
	accessibleNow(t, ctx, e.axe, name)
	widthShot(t, ctx, e.shots+name, w)
}

// laptop is the buyer's screen.
var laptop = widths[1]

// clone: from the evaluations, the buyer opens the Questionnaires page and
// clones the latest partner-selection into a draft.
func (e *ownE2E) clone(t *testing.T) {
	latest, ok := e.s.store.Catalog().Latest("partner-selection")
	if !ok {
		t.Fatal("no built-in partner-selection")
	}
	run(t, e.buyer, setWidth(laptop),
		chromedp.Navigate(e.s.url+"/evaluations"),
		e2eShown(`header.top a[href="/questionnaires"]`),
		press(`header.top a[href="/questionnaires"]`),
		e2eShown("#clone-from"))
	e.check(t, e.buyer, "questionnaires", laptop)
	run(t, e.buyer,
		choose("#clone-from", fmt.Sprintf("partner-selection@%d", latest.Version)),
		press(`form.card[action="/questionnaire-drafts"] button[type=submit]`),
		waitFor(`location.pathname.startsWith("/questionnaire-drafts/") && !!document.querySelector("[data-draft-form]") && document.readyState === "complete"`, 15*time.Second),
		chromedp.Evaluate(`location.pathname.split("/")[2]`, &e.draftID),
		chromedp.Evaluate(`[...document.querySelectorAll("input[name^='sections[0].questions[']")].filter(i => /^sections\[0\]\.questions\[\d+\]\.key$/.test(i.name)).length`, &e.n))
	if want := len(latest.Sections[0].Questions); e.n != want {
		t.Fatalf("the editor shows %d questions in the first section, want %d", e.n, want)
	}
	e.check(t, e.buyer, "draft", laptop)
}

// edit: in the editor's form the buyer renames the draft, moves ten points
// of weight from fit to dependency risk, adds a required text question shown only when
// the first answer is "we take over over time", adds a required file
// question, gives exit_lock_in a pattern of their own, and saves.
func (e *ownE2E) edit(t *testing.T) {
	cond, file := e.question(e.n), e.question(e.n+1)
	var fit, risk, rule int
	run(t, e.buyer,
		chromedp.Evaluate(indexOf("dimensions", "fit"), &fit),
		chromedp.Evaluate(indexOf("dimensions", "dependency_risk"), &risk),
		chromedp.Evaluate(indexOf("signals", ownRule), &rule))
	if fit < 0 || risk < 0 || rule < 0 {
		t.Fatalf("the form lacks the fit (%d) or dependency_risk dimension (%d), or the %s rule (%d)", fit, risk, ownRule, rule)
	}
	run(t, e.buyer,
		typeInto("#f-title", ownTitle),
		typeInto(fmt.Sprintf("#f-dimensions-%d-default_weight", fit), "30"),
		typeInto(fmt.Sprintf("#f-dimensions-%d-default_weight", risk), "40"))

	// The conditional question.
	run(t, e.buyer, press("#add-question-sections-0"),
		waitFor(fmt.Sprintf(`document.activeElement && document.activeElement.id === %q`, strings.TrimPrefix(cond+"key", "#")), 15*time.Second))
	run(t, e.buyer,
		typeInto(cond+"key", ownCondKey),
		typeInto(cond+"prompt", "If you took our IT over, what would it take for us to take it back?"),
		toggle(cond+"required"),
		unfold(cond+"show_if-question"),
		choose(cond+"show_if-question", "role_alongside_internal_it"),
		typeInto(cond+"show_if-equals", ownCondWhen),
		typeInto(cond+"weights-dependency_risk", "2"))
	e.guidance(t, cond)

	// The file question.
	run(t, e.buyer, press("#add-question-sections-0"),
		waitFor(fmt.Sprintf(`document.activeElement && document.activeElement.id === %q`, strings.TrimPrefix(file+"key", "#")), 15*time.Second))
	run(t, e.buyer,
		typeInto(file+"key", ownFileKey),
		typeInto(file+"prompt", "Attach the exit plan you would agree with a client like us."),
		choose(file+"type", "file"),
		e2eShown(file+"file-accept-pdf"),
		toggle(file+"file-accept-pdf"),
		toggle(file+"required"),
		typeInto(file+"weights-dependency_risk", "2"))
	e.guidance(t, file)

	// The rule: a pattern of the buyer's own, after any it has.
	patterns := fmt.Sprintf("#f-signals-%d-patterns", rule)
	run(t, e.buyer, unfold(patterns), appendLine(patterns, ownPhrase))
	e.check(t, e.buyer, "draft-edited", laptop)

	var problems string
	run(t, e.buyer,
		press(`.save-bar button[value=save]`),
		waitFor(`!!document.querySelector(".flash, #problems")`, 15*time.Second),
		chromedp.Evaluate(`(p => p ? p.innerText : "")(document.querySelector("#problems"))`, &problems))
	if problems != "" {
		t.Fatalf("the draft was not saved:\n%s", problems)
	}

	// What the store holds now is what was typed.
	d, err := e.s.store.GetDraft(context.Background(), e.owner, e.draftID)
	if err != nil {
		t.Fatal(err)
	}
	q := d.Questionnaire
	qs := q.Sections[0].Questions
	if len(qs) != e.n+2 {
		t.Fatalf("the first section has %d questions, want %d", len(qs), e.n+2)
	}
	c, f := qs[e.n], qs[e.n+1]
	if c.Key != ownCondKey || c.Type != questions.TypeText || !c.Required || c.ShowIf == nil ||
		c.ShowIf.Question != "role_alongside_internal_it" || strings.Join(c.ShowIf.Equals, ",") != ownCondWhen {
		t.Errorf("the conditional question saved: %+v (shown if %+v)", c, c.ShowIf)
	}
	if f.Key != ownFileKey || f.Type != questions.TypeFile || !f.Required || f.File == nil || len(f.File.Accept) != 1 || f.File.Accept[0] != questions.FilePDF {
		t.Errorf("the file question saved: %+v (file %+v)", f, f.File)
	}
	if q.Title != ownTitle || q.Dimensions[fit].DefaultWeight != 30 || q.Dimensions[risk].DefaultWeight != 40 {
		t.Errorf("saved: title %q, weights of fit %g and dependency risk %g; want %q, 30 and 40", q.Title,
			q.Dimensions[fit].DefaultWeight, q.Dimensions[risk].DefaultWeight, ownTitle)
	}
	if p := q.Signals[rule].Patterns; len(p) == 0 || p[len(p)-1] != ownPhrase {
		t.Errorf("the rule's patterns saved: %q, want %q last", p, ownPhrase)
	}
}

// question is the id prefix of question i of the first section's fields.
func (e *ownE2E) question(i int) string { return fmt.Sprintf("#f-sections-0-questions-%d-", i) }

// guidance fills what evaluators read for a new question: what to listen
// for and the five anchors.
func (e *ownE2E) guidance(t *testing.T, at string) {
	t.Helper()
	actions := []chromedp.Action{typeInto(at+"guidance-listen_for", ownListenFor)}
	for i := 0; i <= 4; i++ {
		actions = append(actions, typeInto(fmt.Sprintf("%sguidance-anchors-%d", at, i), fmt.Sprintf("Anchor %d: how cleanly we could leave.", i)))
	}
	run(t, e.buyer, actions...)
}

// testRule: from the draft's tabs, the buyer pastes the MSP-to-be's words
// into the rule tester and sees their own pattern fire.
func (e *ownE2E) testRule(t *testing.T) {
	run(t, e.buyer,
		press(`nav.draft-nav a[href$="/rules"]`),
		e2eShown("#rt-text"))
	e.check(t, e.buyer, "rules", laptop)
	var row string
	var marks []markInfo
	run(t, e.buyer,
		choose("#rt-question", ownCondKey),
		chromedp.SendKeys("#rt-text", ownAnswer, chromedp.ByQuery),
		press(`form[data-rule-test] button[type=submit]`),
		waitFor(`!!document.querySelector('[data-fired] tr[data-rule="`+ownRule+`"]')`, 15*time.Second),
		chromedp.Text(`[data-fired] tr[data-rule="`+ownRule+`"]`, &row, chromedp.ByQuery),
		chromedp.Evaluate(marksScript, &marks))
	contains(t, row, ownRuleLabel, "the rule's row")
	contains(t, row, "“"+ownPhrase+"”", "the rule's row")
	marked := false
	for _, m := range marks {
		marked = marked || m.Text == ownPhrase && containsAll(m.Classes, "hl-red")
	}
	if !marked {
		t.Errorf("the answer's marks: %+v, want %q marked red", marks, ownPhrase)
	}
	e.check(t, e.buyer, "rules-fired", laptop)
}

// preview: the respondent's view of the draft shows the file question, and
// the conditional one once the first answer is "we take over"; no evaluator
// guidance shows.
func (e *ownE2E) preview(t *testing.T) {
	run(t, e.buyer,
		press(`.crumbs a[href$="/preview"]`),
		e2eShown("[data-preview-banner]"),
		e2eShown("#q-"+ownFileKey))
	var hiddenFirst bool
	run(t, e.buyer, chromedp.Evaluate(`document.querySelector("#q-`+ownCondKey+`").hidden`, &hiddenFirst))
	if !hiddenFirst {
		t.Error("the preview shows the conditional question before its answer")
	}
	run(t, e.buyer,
		toggle(fmt.Sprintf(`input[name="a.role_alongside_internal_it.choice"][value=%q]`, ownCondWhen)),
		e2eShown("#q-"+ownCondKey))
	text := pageText(t, e.buyer)
	contains(t, text, "If you took our IT over, what would it take for us to take it back?", "the preview")
	contains(t, text, "Attach the exit plan you would agree with a client like us.", "the preview")
	for _, secret := range []string{ownListenFor, "how cleanly we could leave"} {
		if strings.Contains(text, secret) {
			t.Errorf("the preview shows evaluator guidance: %q", secret)
		}
	}
	e.check(t, e.buyer, "preview", laptop)
}

// publish: back in the draft, the buyer reads what changes and publishes.
func (e *ownE2E) publish(t *testing.T) {
	run(t, e.buyer,
		press(`.preview-links a[href="/questionnaire-drafts/`+e.draftID+`"]`),
		e2eShown("nav.draft-nav"),
		press(`nav.draft-nav a[href$="/publish"]`),
		e2eShown(".publish-form"))
	text := pageText(t, e.buyer)
	contains(t, text, "2 questions added", "the publish confirmation")
	contains(t, text, "default_weight", "the publish confirmation")
	e.check(t, e.buyer, "publish", laptop)
	run(t, e.buyer,
		press(".publish-form button[type=submit]"),
		waitFor(`!!document.querySelector(".flash")`, 15*time.Second))
	e.check(t, e.buyer, "published", laptop)
	key := questions.WorkspaceKey(e.owner.WorkspaceID, "partner-selection")
	if _, err := e.s.store.Questionnaire(context.Background(), e.owner, key, 1); err != nil {
		t.Fatalf("the published version: %v", err)
	}
}

// invite: the buyer, signed in afresh (a browser tab lives two minutes at
// most), starts an evaluation on their questionnaire, adds the MSP and
// creates its link.
func (e *ownE2E) invite(t *testing.T) {
	e.buyer = tab(e.parent, e.chrome) // for the steps after this one too
	signIn(t, e.buyer, e.s, ownBuyer, storetest.Password)
	var offered struct{ Value, Text string }
	run(t, e.buyer, setWidth(laptop),
		press(`header.top a[href="/evaluations"]`),
		e2eShown("#questionnaire"),
		chromedp.Evaluate(`(o => o ? {Value: o.value, Text: o.text} : {})([...document.querySelector("#questionnaire").options].find(o => o.text.includes("your workspace")))`, &offered))
	if !strings.HasPrefix(offered.Text, ownTitle) {
		t.Fatalf("the workspace's questionnaire offered for a new evaluation: %q, want %s", offered.Text, ownTitle)
	}
	e.check(t, e.buyer, "evaluations", laptop)
	run(t, e.buyer,
		chromedp.SendKeys("#name", "Partner 2027, our questions", chromedp.ByQuery),
		choose("#questionnaire", offered.Value),
		press(`form[action="/evaluations"] button[type=submit]`),
		waitFor(`location.pathname.startsWith("/evaluations/") && !!document.querySelector("#cand-name")`, 15*time.Second),
		chromedp.Evaluate(`location.pathname.split("/")[2]`, &e.evID))
	contains(t, pageText(t, e.buyer), "Fit 30 % · Flexibility 30 % · Dependency risk 40 %", "the evaluation's weights")
	e.check(t, e.buyer, "evaluation", laptop)

	run(t, e.buyer,
		chromedp.SendKeys("#cand-name", ownCandidate, chromedp.ByQuery),
		press(`form[action$="/candidates"] button[type=submit]`),
		waitFor(`!!document.querySelector("tr[data-candidate] form.link-form")`, 15*time.Second),
		press(`tr[data-candidate] form.link-form button[type=submit]`),
		waitFor(`!!document.querySelector("#link-url")`, 15*time.Second),
		chromedp.Evaluate(`document.querySelector("#link-url").value`, &e.link))
	if !strings.HasPrefix(e.link, e.s.url+"/r/") {
		t.Fatalf("the link shown: %q", e.link)
	}
	e.check(t, e.buyer, "evaluation-link", laptop)
}

// respond: the MSP, on a phone, answers every question it is asked: "we
// take over over time" first, so that the conditional question shows, which
// it answers with the phrase; attaches a PDF; and submits.
func (e *ownE2E) respond(t *testing.T) {
	phone := widths[0]
	msp := tab(t, e.chrome)
	e.pdf = evidencePDF(t)
	file := filepath.Join(t.TempDir(), ownFileName)
	if err := os.WriteFile(file, e.pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, msp, setWidth(phone),
		chromedp.Navigate(e.link),
		e2eShown("form[data-autosave]"),
		waitFor(`document.querySelector("[data-save-state]").textContent.includes("automatically")`, 10*time.Second))
	var hidden bool
	run(t, msp, chromedp.Evaluate(`document.querySelector("#q-`+ownCondKey+`").hidden`, &hidden))
	if !hidden {
		t.Error("the conditional question shows before its answer")
	}
	e.check(t, msp, "respond", phone)

	run(t, msp,
		tick(fmt.Sprintf(`input[name="a.role_alongside_internal_it.choice"][value=%q]`, ownCondWhen)),
		e2eShown("#a-"+ownCondKey+"-text"),
		chromedp.SendKeys("#a-"+ownCondKey+"-text", ownAnswer, chromedp.ByQuery),
		chromedp.SetUploadFiles("#a-"+ownFileKey+"-file", []string{file}, chromedp.ByQuery),
		waitFor(fmt.Sprintf(`document.querySelector('[data-question=%q] [data-file-link]')?.textContent === %q`, ownFileKey, ownFileName), 15*time.Second))
	answerTheRest(t, msp)
	run(t, msp,
		waitFor(`document.querySelector("[data-progress]").value === document.querySelector("[data-progress]").max`, 15*time.Second),
		waitFor(`document.querySelector("[data-save-state]").textContent.startsWith("All answers saved")`, 15*time.Second))
	e.check(t, msp, "respond-answered", phone)

	run(t, msp,
		tick(`button[value="review"]`),
		e2eShown(`form[action$="/submit"]`))
	e.check(t, msp, "respond-review", phone)
	run(t, msp,
		tick(`form[action$="/submit"] button`),
		e2eShown("[data-submitted]"))
	text := pageText(t, msp)
	contains(t, text, ownAnswer, "the submitted answers")
	contains(t, text, ownFileName, "the submitted answers")
	e.check(t, msp, "respond-submitted", phone)
}

// answerTheRest answers what the form shows unanswered, as a person goes
// down it: the first option of a choice or a scale not yet chosen, a
// sentence in a text box still empty.
func answerTheRest(t *testing.T, ctx context.Context) {
	t.Helper()
	type open struct {
		Key, Type    string
		Chosen, Text bool // an option is chosen; there is an empty text box
	}
	var qs []open
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("[data-question]")].filter(q => !q.hidden && !q.closest("[hidden]"))
		.map(q => ({Key: q.dataset.question, Type: q.dataset.type, Chosen: !!q.querySelector("input:checked"),
			Text: !!q.querySelector("textarea") && q.querySelector("textarea").value === ""}))`, &qs))
	var actions []chromedp.Action
	for _, q := range qs {
		switch q.Type {
		case string(questions.TypeText), string(questions.TypeFile):
		default:
			if !q.Chosen {
				actions = append(actions, tick(fmt.Sprintf(`[data-question=%q] input:is([type=radio], [type=checkbox])`, q.Key)))
			}
		}
		if q.Text {
			actions = append(actions, chromedp.SendKeys(fmt.Sprintf("#a-%s-text", q.Key), "Your IT lead decides; we name an owner for each system.", chromedp.ByQuery))
		}
	}
	run(t, ctx, actions...)
}

// review: the buyer opens the candidate's review from the evaluation page,
// downloads the file (the same bytes) and finds the rule's signal marked in
// the conditional question's answer.
func (e *ownE2E) review(t *testing.T) {
	run(t, e.buyer,
		chromedp.Navigate(e.s.url+"/evaluations/"+e.evID),
		e2eShown(`tr[data-candidate] a[href$="/review"]`),
		press(`tr[data-candidate] a[href$="/review"]`),
		e2eShown("#q-"+ownFileKey+" [data-file-attached]"))
	var attached, mark string
	run(t, e.buyer,
		chromedp.Text("#q-"+ownFileKey+" [data-file-attached]", &attached, chromedp.ByQuery),
		jsText(fmt.Sprintf(`#q-%s mark.red[title='red signal: %s']`, ownCondKey, ownRuleLabel), "el.textContent", &mark))
	contains(t, attached, ownFileName, "the file on the review page")
	contains(t, attached, "(PDF, ", "the file on the review page")
	if mark != ownPhrase {
		t.Errorf("the conditional question's answer marks %q as %s, want %q", mark, ownRuleLabel, ownPhrase)
	}
	e.check(t, e.buyer, "review", laptop)
	if got := clickDownload(t, e.buyer, "#q-"+ownFileKey+" [data-file-attached] a[data-file-link]"); !bytes.Equal(got, e.pdf) {
		t.Errorf("the downloaded file: %d bytes, want the %d uploaded", len(got), len(e.pdf))
	}
}

// candidatePDF: from the candidate's review page, the buyer downloads the
// candidate's own PDF; its text names the rule's signal, the phrase and the
// attached file.
func (e *ownE2E) candidatePDF(t *testing.T) {
	pdfNamesTheSignalAndTheFile(t, e.buyer, `a[href$="/report.pdf"][href*="/api/v1/candidates/"]`, "the candidate's PDF")
}

// comparisonPDF: from the comparison page, the buyer downloads the PDF
// report, signed in; its text names the rule's signal, the phrase and the
// attached file.
func (e *ownE2E) comparisonPDF(t *testing.T) {
	run(t, e.buyer,
		chromedp.Navigate(e.s.url+"/evaluations/"+e.evID),
		e2eShown(`a[href="/evaluations/`+e.evID+`/compare"]`),
		press(`.actions a[href="/evaluations/`+e.evID+`/compare"]`),
		e2eShown(`a[data-download][href*="report.pdf"]`))
	e.check(t, e.buyer, "compare", laptop)
	pdfNamesTheSignalAndTheFile(t, e.buyer, `a[data-download][href*="report.pdf"]`, "the comparison PDF")
}

// pdfNamesTheSignalAndTheFile downloads the PDF the link at sel points to, in
// the signed-in tab, and checks that its text names the rule's signal, the
// phrase and the attached file.
func pdfNamesTheSignalAndTheFile(t *testing.T, tab context.Context, sel, what string) {
	t.Helper()
	got := e2eDownload(t, tab, sel)
	if got.Status != 200 || got.Type != "application/pdf" {
		t.Fatalf("%s: status %d, type %q", what, got.Status, got.Type)
	}
	text := pdfText(t, got.body)
	for _, want := range []string{ownRuleLabel, ownPhrase, ownFileName} {
		contains(t, text, want, what+"'s text")
	}
}

// malformedImport: a file with several mistakes, imported on the
// Questionnaires page, comes back with every one of them named and no draft
// stored.
func (e *ownE2E) malformedImport(t *testing.T) {
	ctx := tab(t, e.chrome)
	signIn(t, ctx, e.s, ownBuyer, storetest.Password)
	before, err := e.s.store.ListDrafts(context.Background(), e.owner)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "broken.yaml")
	if err := os.WriteFile(file, []byte(malformedQuestionnaire), 0o644); err != nil {
		t.Fatal(err)
	}
	var problems string
	run(t, ctx, setWidth(laptop),
		chromedp.Navigate(e.s.url+"/questionnaires"),
		e2eShown("#import-file"),
		chromedp.SetUploadFiles("#import-file", []string{file}, chromedp.ByQuery),
		press(`form[action="/questionnaire-drafts/import"] button[type=submit]`),
		waitFor(`!!document.querySelector("#import-problems")`, 15*time.Second),
		chromedp.Evaluate(`document.querySelector("#import-problems").innerText`, &problems))
	contains(t, problems, "Nothing was imported", "the import's problems")
	for _, want := range malformedProblems {
		contains(t, problems, want, "the import's problems")
	}
	if strings.Contains(problems, questions.WorkspaceKey(e.owner.WorkspaceID, "")) {
		t.Errorf("the problems name the questionnaire by its key inside the service:\n%s", problems)
	}
	e.check(t, ctx, "import-refused", laptop)
	after, err := e.s.store.ListDrafts(context.Background(), e.owner)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Errorf("drafts after the refused import: %d, want %d as before", len(after), len(before))
	}
}

// malformedQuestionnaire has one problem of each kind the loader names at a
// field: a weight that is not a number, an undeclared dimension, a score out
// of range, a missing anchor, a condition on a later question and a rule
// with nothing to match.
const malformedQuestionnaire = `key: broken-import
version: 1
title: Broken on purpose
dimensions:
  - {key: fit, name: Fit, default_weight: heavy}
sections:
  - key: only
    title: Only
    questions:
      - key: first
        prompt: First?
        type: single_choice
        show_if: {question: second, equals: ["yes"]}
        options:
          - {key: a, label: A, score: 7}
          - {key: b, label: B, score: 0}
        dimensions: [{dimension: reach, weight: 1}]
        guidance:
          listen_for: Something.
          anchors: {0: a, 1: b, 2: c, 4: e}
      - key: second
        prompt: Second?
        type: yes_no
        options: [{key: "yes", label: "Yes", score: 4}, {key: "no", label: "No", score: 0}]
        dimensions: [{dimension: fit, weight: 1}]
        guidance:
          listen_for: Something.
          anchors: {0: a, 1: b, 2: c, 3: d, 4: e}
signals:
  - {key: empty_rule, label: Empty, kind: red, dimension: fit}
`

// malformedProblems are the fields the page must name a problem at, one
// for each mistake of malformedQuestionnaire.
var malformedProblems = []string{"dimensions[0].default_weight", "sections[0].questions[0].options[0].score",
	"sections[0].questions[0].dimensions[0].dimension", "sections[0].questions[0].guidance.anchors.3",
	"sections[0].questions[0].show_if.question", "signals[0].patterns"}

// indexOf is a script giving the index of the list entry of the editor's
// form whose stored key is key (its hidden origin field), -1 for none.
func indexOf(list, key string) string {
	return fmt.Sprintf(`(() => { const re = /^%s\[(\d+)\]\.origin$/;
		for (const i of document.querySelectorAll("input[type=hidden]")) { const m = re.exec(i.name); if (m && i.value === %q) return +m[1]; }
		return -1; })()`, list, key)
}

// evidencePDF is a small, real one-page PDF, as an MSP would attach.
func evidencePDF(t *testing.T) []byte {
	t.Helper()
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 12)
	pdf.MultiCell(0, 6, "Exit plan: every runbook, password vault and licence goes back to your IT lead within ten working days.", "", "L", false)
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
