package frontend

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
	"mspeval/questions"
	"mspeval/scoring"
	"mspeval/store"
)

// The rules page of a draft: paste an answer and see what the draft's phrase
// rules make of it, or upload a labelled corpus and see the confusion table.
// Both only read, so viewers may use the page as editors do. Without
// JavaScript each form posts and the page comes back with the result; with
// it, static/rules.js swaps in the result part of the same page.

type rulesData struct {
	Draft store.Draft
	// Sections lists the questions that take a written answer, by section.
	Sections []pickSection
	// Question and Text are what was tested (or is about to be).
	Question, Text string
	// Fields holds problems by field: question, text, file.
	Fields map[string]string
	Result *ruleResult
	Corpus *corpusView
}

type pickSection struct {
	Title     string
	Questions []*questions.Question
}

// corpusBodyLimit bounds a corpus upload: the API's body limit and room for
// the multipart framing.
const corpusBodyLimit = 1<<20 + 64<<10

func (ui *UI) rulesPage(c *gin.Context) {
	d, ok := ui.rulesDraft(c)
	if !ok {
		return
	}
	ui.showRules(c, http.StatusOK, d)
}

// rulesTest tests the posted answer and shows the page with the result.
func (ui *UI) rulesTest(c *gin.Context) {
	d, ok := ui.rulesDraft(c)
	if !ok {
		return
	}
	d.Question, d.Text = c.PostForm("question"), strings.ReplaceAll(c.PostForm("text"), "\r\n", "\n")
	t, err := ui.app.TestDraftRules(c.Request.Context(), callerOf(c), d.Draft.ID, app.RuleTestInput{QuestionKey: d.Question, Text: d.Text})
	if err != nil {
		if !ui.rulesProblem(c, &d, err, map[string]string{"question_key": "question", "text": "text"}) {
			return
		}
		ui.showRules(c, mspeval.Status(err), d)
		return
	}
	d.Result = newRuleResult(t)
	ui.showRules(c, http.StatusOK, d)
}

// rulesCorpus runs the draft's rules over an uploaded labelled corpus.
func (ui *UI) rulesCorpus(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, corpusBodyLimit)
	d, ok := ui.rulesDraft(c)
	if !ok {
		return
	}
	name, data, err := uploadedCorpus(c)
	if err == nil {
		var cc app.CorpusCheck
		cc, err = ui.app.CheckDraftCorpus(c.Request.Context(), callerOf(c), d.Draft.ID, strings.NewReader(string(data)))
		if err == nil {
			d.Corpus = newCorpusView(cc, d.Draft.Questionnaire, name)
			ui.showRules(c, http.StatusOK, d)
			return
		}
	}
	if !ui.rulesProblem(c, &d, err, map[string]string{"corpus": "file", "file": "file"}) {
		return
	}
	ui.showRules(c, mspeval.Status(err), d)
}

// rulesDraft loads the page's draft for the caller: another workspace's is
// not found.
func (ui *UI) rulesDraft(c *gin.Context) (rulesData, bool) {
	draft, err := ui.app.GetDraft(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		ui.fail(c, err)
		return rulesData{}, false
	}
	d := rulesData{Draft: draft, Fields: map[string]string{}}
	for _, s := range draft.Questionnaire.Sections {
		ps := pickSection{Title: s.Title}
		for i := range s.Questions {
			if qq := &s.Questions[i]; qq.Type == questions.TypeText || qq.Text != nil {
				ps.Questions = append(ps.Questions, qq)
			}
		}
		if len(ps.Questions) > 0 {
			d.Sections = append(d.Sections, ps)
		}
	}
	if qs := app.TextQuestions(draft.Questionnaire); len(qs) > 0 {
		d.Question = qs[0].Key
	}
	if q := c.Query("question"); q != "" {
		d.Question = q
	}
	return d, true
}

// rulesProblem puts a refused input's field errors beside their fields
// (fields maps the app's names to the form's); any other error gets the
// error page, and it reports false.
func (ui *UI) rulesProblem(c *gin.Context, d *rulesData, err error, fields map[string]string) bool {
	switch mspeval.ErrorCode(err) {
	case mspeval.EINVALID, mspeval.ETOOLARGE, mspeval.EMALFORMED:
	default:
		ui.fail(c, err)
		return false
	}
	var e *mspeval.Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		for _, f := range e.Fields {
			d.Fields[fields[f.Field]] = f.Message
		}
		return true
	}
	// Errors without fields are the upload's (too large, unreadable).
	d.Fields["file"] = mspeval.ErrorMessage(err)
	return true
}

func uploadedCorpus(c *gin.Context) (string, []byte, error) {
	fh, err := c.FormFile("file")
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return "", nil, mspeval.Errorf(mspeval.ETOOLARGE, "the file is over 1 MB; check the rules on a smaller corpus")
	case errors.Is(err, http.ErrMissingFile):
		return "", nil, mspeval.Invalid("no file was sent", mspeval.FieldError{Field: "file", Message: "is missing: choose a labelled TSV file"})
	case err != nil:
		return "", nil, mspeval.Errorf(mspeval.EMALFORMED, "the upload could not be read; send the form again")
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, mspeval.Errorf(mspeval.EMALFORMED, "the upload could not be read; send the form again")
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return "", nil, mspeval.Errorf(mspeval.EMALFORMED, "the upload could not be read; send the form again")
	}
	if strings.TrimSpace(string(data)) == "" {
		return "", nil, mspeval.Invalid("the file is empty", mspeval.FieldError{Field: "file", Message: "is empty: choose a labelled TSV file"})
	}
	return fh.Filename, data, nil
}

func (ui *UI) showRules(c *gin.Context, status int, d rulesData) {
	p := ui.base(c, "Test the rules · "+d.Draft.Title, "questionnaires")
	p.Data = d
	if len(d.Fields) > 0 {
		p.Error = "Nothing could be tested: the problem is marked below."
	}
	ui.render(c, status, "rules", p)
}

// ruleResult is a rule test as the page shows it: the text with its marks,
// and the lists the marks refer to.
type ruleResult struct {
	Test      app.RuleTest
	Segments  []markedRun
	Fired     []markItem
	Negations []markItem
	Specifics []markItem
	Vague     []markItem
	// Quiet are the rules that read the question and found nothing.
	Quiet []questions.SignalRule
	// Summary is one sentence about the result, announced after an update.
	Summary string
}

// markItem is one marked phrase, named by a tag the text shows beside it
// (R1 for the first red rule match, G1 green, N1 negated, S1 specific, V1
// vague), so that the marks do not rest on colour alone.
type markItem struct {
	Tag        string
	Class      string
	Start, End int
	Matched    string
	Rule       questions.SignalRule
	Dimension  string
	Category   string
	// Cue negates the phrase; CountsAs is what a negated rule match counts as
	// instead (nil: nothing).
	Cue      string
	CountsAs *questions.SignalRule
	// NegationOf is the negated rule a green or red match comes from.
	NegationOf string
	Parts      []scoring.MatchPart
}

// markedRun is a run of the text and the marks over it; Tags end after it.
type markedRun struct {
	Text    string
	Classes string
	Tags    []string
}

func newRuleResult(t app.RuleTest) *ruleResult {
	ev, q := t.Evidence, t.Questionnaire
	r := &ruleResult{Test: t}
	dimName := func(key string) string {
		if d, ok := q.Dimension(key); ok {
			return d.Name
		}
		return key
	}
	counter := map[string]int{}
	tag := func(letter string) string { counter[letter]++; return fmt.Sprintf("%s%d", letter, counter[letter]) }

	// Each letter counts up in text order. A concept rule's match that counts
	// keeps the words of its concept groups, found by rule and start.
	type at struct {
		rule  string
		start int
	}
	parts := map[at][]scoring.MatchPart{}
	for _, s := range ev.Signals {
		if s.Negated == "" {
			parts[at{s.Rule, s.Start}] = s.Parts
		}
	}
	for _, m := range ev.Counted {
		rule, _ := t.Rule(m.Rule)
		letter, class := "G", "hl-green"
		if m.Kind == string(questions.SignalRed) {
			letter, class = "R", "hl-red"
		}
		r.Fired = append(r.Fired, markItem{Tag: tag(letter), Class: class, Start: m.Start, End: m.End, Matched: m.Matched,
			Rule: rule, Dimension: dimName(m.Dimension), NegationOf: m.NegationOf, Parts: parts[at{m.Rule, m.Start}]})
	}
	for _, s := range ev.Signals {
		if s.Negated == "" {
			continue
		}
		rule, _ := t.Rule(s.Rule)
		it := markItem{Tag: tag("N"), Class: "hl-negated", Start: s.Start, End: s.End, Matched: s.Matched, Rule: rule,
			Dimension: dimName(s.Dimension), Cue: s.Negated, Parts: s.Parts}
		if as, ok := t.Rule(s.CountsAs); ok && s.CountsAs != "" {
			it.CountsAs = &as
		}
		r.Negations = append(r.Negations, it)
	}
	phrases := func(letter, class string, ps []scoring.EvidencePhrase) []markItem {
		var out []markItem
		for _, p := range ps {
			it := markItem{Tag: tag(letter), Class: class, Start: p.Start, End: p.End, Matched: p.Matched, Category: p.Label, Cue: p.Negated}
			if p.Negated != "" {
				it.Class = "hl-negated"
			}
			out = append(out, it)
		}
		return out
	}
	r.Specifics = phrases("S", "hl-specific", ev.Specifics)
	r.Vague = phrases("V", "hl-vague", ev.Vague)

	var all []markItem
	for _, list := range [][]markItem{r.Fired, r.Negations, r.Specifics, r.Vague} {
		all = append(all, list...)
	}
	r.Segments = markRuns(t.Text, all)
	r.Quiet = quietRules(t.Applying, r.Fired, r.Negations)
	r.Summary = summarize(r)
	return r
}

// quietRules lists the rules that apply and match nothing, fired or negated.
func quietRules(applying []questions.SignalRule, matched ...[]markItem) []questions.SignalRule {
	seen := map[string]bool{}
	for _, list := range matched {
		for _, it := range list {
			seen[it.Rule.Key] = true
		}
	}
	var out []questions.SignalRule
	for _, rule := range applying {
		if !seen[rule.Key] {
			out = append(out, rule)
		}
	}
	return out
}

// classOrder is how marks over the same words show: what the text counts as
// (red, green) over what a negation cancelled, over the phrases that feed the
// suggested rating. Every class is written; the stylesheet layers them.
var classOrder = []string{"hl-red", "hl-green", "hl-negated", "hl-vague", "hl-specific"}

// markRuns cuts text at every mark's start and end; each run carries the
// classes of the marks over it and the tags of those that end with it.
func markRuns(text string, items []markItem) []markedRun {
	cuts := map[int]bool{0: true, len(text): true}
	for _, it := range items {
		if it.Start >= 0 && it.End <= len(text) && it.Start < it.End {
			cuts[it.Start], cuts[it.End] = true, true
		}
	}
	points := make([]int, 0, len(cuts))
	for p := range cuts {
		points = append(points, p)
	}
	sort.Ints(points)
	var out []markedRun
	for i := 0; i+1 < len(points); i++ {
		from, to := points[i], points[i+1]
		run := markedRun{Text: text[from:to]}
		on := map[string]bool{}
		for _, it := range items {
			if it.Start <= from && to <= it.End {
				on[it.Class] = true
			}
			if it.End == to && it.Start < it.End {
				run.Tags = append(run.Tags, it.Tag)
			}
		}
		var classes []string
		for _, c := range classOrder {
			if on[c] {
				classes = append(classes, c)
			}
		}
		run.Classes = strings.Join(classes, " ")
		out = append(out, run)
	}
	return out
}

func summarize(r *ruleResult) string {
	rules := map[string]bool{}
	for _, it := range r.Fired {
		rules[it.Rule.Key] = true
	}
	s := fmt.Sprintf("%s of %d fire", plural(len(rules), "rule", "rules"), len(r.Test.Applying))
	if n := len(r.Negations); n > 0 {
		s += fmt.Sprintf("; %s negated", plural(n, "match", "matches"))
	}
	if sg := r.Test.Evidence.Suggested; sg != nil {
		s += "; suggested rating " + scoring.FormatScore(sg) + " of 4"
	}
	return s + "."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// corpusView is a corpus check as the page shows it.
type corpusView struct {
	Name   string
	Check  app.CorpusCheck
	Labels []string
	Rows   []corpusRow
}

// corpusRow is a rule's row of the confusion table, its ratios written out.
type corpusRow struct {
	scoring.RuleReport
	Label             string
	Recall, Precision string
}

func newCorpusView(cc app.CorpusCheck, q *questions.Questionnaire, name string) *corpusView {
	v := &corpusView{Name: name, Check: cc}
	for l, n := range cc.Report.ByLabel {
		v.Labels = append(v.Labels, fmt.Sprintf("%s %d", strings.ReplaceAll(l, "_", " "), n))
	}
	sort.Strings(v.Labels)
	labels := map[string]string{}
	for _, r := range q.Signals {
		labels[r.Key] = r.Label
	}
	for _, row := range cc.Report.Rules {
		v.Rows = append(v.Rows, corpusRow{RuleReport: row, Label: labels[row.Rule],
			Recall: ratio(row.Recalled, row.Texts), Precision: ratio(row.Right, row.Firings)})
	}
	return v
}

// ratio writes n of d as a percentage, "–" when there is nothing to count.
func ratio(n, d int) string {
	if d == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f %%", 100*float64(n)/float64(d))
}
