package report

import (
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"mspeval"
	"mspeval/scoring"
)

// What the decision file needs from the reports: an executive summary and a
// sign-off block on the first page, knockouts explained in words, the
// evaluators and their dates, legends, whole names, no stranded rows, the
// candidate's contact and link history, a workbook that says who made it and
// prints, and every date in the workspace's style.

// withExtras is d as the app fills it: a workspace's date style, the person
// who exported it, the candidates' contacts, raters and links.
func withExtras(d *Data) *Data {
	d.PreparedBy = "Morgan Lindqvist"
	at := func(h int) *time.Time { t := testTime.Add(time.Duration(h) * time.Hour); return &t }
	for i, c := range d.Result.Candidates {
		cd := d.Candidates[c.ID]
		cd.Contact = fmt.Sprintf("Contact Person %d", i+1)
		cd.Email = fmt.Sprintf("contact%d@msp%d.example", i+1, i+1)
		if cd.Status == "submitted" {
			cd.SubmittedAt = at(-48 + i)
		}
		seen := map[string]*Rater{}
		for _, a := range c.Answers {
			for _, r := range a.Ratings {
				if seen[r.Name] == nil {
					seen[r.Name] = &Rater{Name: r.Name}
				}
				seen[r.Name].Answers++
				seen[r.Name].Last = *at(-24 + i)
			}
		}
		for _, name := range []string{"Dana Whitfield", "Ravi Patel"} {
			if r := seen[name]; r != nil {
				cd.Raters = append(cd.Raters, *r)
			}
		}
		cd.Links = []Link{
			{Created: *at(-200), CreatedBy: "Dana Whitfield", Expires: *at(-150), Revoked: at(-190),
				Emails: []LinkEmail{{Kind: mspeval.TopicInvitation, To: cd.Email, State: "sent", Queued: *at(-200), Sent: at(-199)}}},
			{Created: *at(-100), CreatedBy: "Dana Whitfield", Expires: *at(500), Opened: at(-90), Started: at(-89), Submitted: cd.SubmittedAt,
				Emails: []LinkEmail{
					{Kind: mspeval.TopicInvitation, To: cd.Email, State: "sent", Queued: *at(-100), Sent: at(-99)},
					{Kind: mspeval.TopicReminder, To: cd.Email, State: "failed", Queued: *at(-60)},
				}},
		}
		d.Candidates[c.ID] = cd
	}
	return d
}

// pdfPages is a PDF's text page by page (pdftotext separates pages with a form feed).
func pdfPages(t *testing.T, pdf []byte, layout bool) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils; .ci/run does): PDF text checks skipped")
	}
	args := []string{"-enc", "UTF-8", "-", "-"}
	if layout {
		args = append([]string{"-layout"}, args...)
	}
	cmd := exec.Command("pdftotext", args...)
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if pages[len(pages)-1] == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

func candidateBytes(t *testing.T, d *Data, id string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := CandidatePDF(&b, d, id); err != nil {
		t.Fatalf("candidate PDF: %v", err)
	}
	return b.Bytes()
}

func TestFirstPageIsTheExecutiveSummaryWithSignOff(t *testing.T) {
	d := withExtras(demoData(t))
	pdf := comparisonBytes(t, d)
	qpdfCheck(t, pdf)
	first := flat(pdfPages(t, pdf, false)[0])
	top := d.Result.Candidates[0]
	want := []string{"Executive summary", "Recommended", top.Name, "Margin", "Sensitivity", "Confidence", "Knockouts", "Flags", "Ratings",
		// The page's leader sentence, word for word.
		flat(scoring.LeaderSentence(d.Result)),
		"Sign-off", "Prepared by", "Reviewed by", "Approved by", "Name", "Date", "Signature",
		"Morgan Lindqvist", d.Dates.Day(d.Generated),
		// Knockouts named by question number and prompt, evaluators by name.
		"question 20", "Dana Whitfield and Ravi Patel",
	}
	for _, w := range want {
		if !strings.Contains(first, w) {
			t.Errorf("the first page lacks %q:\n%s", w, first)
		}
	}
	next := d.Result.Candidates[1]
	if gap := fmt.Sprintf("%.1f points ahead of %s", *top.Overall-*next.Overall, next.Name); !strings.Contains(first, gap) {
		t.Errorf("the first page does not give the margin %q", gap)
	}
}

func TestSummaryCallsATieATie(t *testing.T) {
	d := demoData(t)
	d.Result.Candidates[0].Tied, d.Result.Candidates[1].Tied = true, true
	d.Result.Candidates[1].Rank = d.Result.Candidates[0].Rank
	items := map[string]string{}
	for _, it := range summaryItems(d) {
		items[it.label] = it.text
	}
	names := d.Result.Candidates[0].Name + " and " + d.Result.Candidates[1].Name
	if got := items["Recommended"]; !strings.HasPrefix(got, "None on the scores alone: "+names+" are tied for first") {
		t.Errorf("recommendation with a tie: got %q", got)
	}
	if got := items["Sensitivity"]; !strings.HasPrefix(got, names+" are tied for first") {
		t.Errorf("sensitivity with a tie: got %q", got)
	}
}

func TestKnockoutReasonsAreOnTheRankingPageInWords(t *testing.T) {
	d := withExtras(demoData(t))
	pdf := comparisonBytes(t, d)
	pages := pdfPages(t, pdf, false)
	var rankingPage string
	for _, p := range pages {
		if strings.Contains(p, "Ranking") && strings.Contains(p, "A rank marked = is shared") {
			rankingPage = flat(p)
		}
	}
	if rankingPage == "" {
		t.Fatal("no ranking page")
	}
	var knocked int
	for _, c := range d.Result.Candidates {
		for _, k := range c.Knockouts {
			knocked++
			qq, _ := d.Questionnaire.Question(k.Question)
			n := questionNumbers(d)[k.Question]
			want := fmt.Sprintf("Question %d, “%s”: answered “%s”", n, flat(qq.Prompt), flat(d.answerChoice(c.ID, qq)))
			if !strings.Contains(rankingPage, want) {
				t.Errorf("the ranking page lacks %q", want)
			}
			if !strings.Contains(rankingPage, fmt.Sprintf("under the minimum of %d. %s", k.MinScore, flat(k.Reason))) {
				t.Errorf("the ranking page lacks the minimum and the reason of question %d", n)
			}
		}
	}
	if knocked == 0 {
		t.Fatal("the demo has no knockout to explain")
	}
	// No question's internal key is printed anywhere.
	all := strings.Join(pages, "\n")
	for _, qq := range d.Questionnaire.Questions() {
		if strings.Contains(qq.Key, "_") && strings.Contains(all, qq.Key) {
			t.Errorf("the report prints the internal key %q", qq.Key)
		}
	}
}

func TestMatrixLegendSaysWhatADashMeansOnEveryMatrixPage(t *testing.T) {
	for name, d := range map[string]*Data{"demo": demoData(t), "30 candidates": manyData(t, 30, 0)} {
		t.Run(name, func(t *testing.T) {
			pages := pdfPages(t, comparisonBytes(t, d), false)
			first := d.Questionnaire.Questions()
			matrixPages := 0
			for i, p := range pages {
				fp := flat(p)
				isMatrix := false
				for qi, qq := range first {
					if strings.Contains(fp, fmt.Sprintf("%d. %s", qi+1, flat(qq.Prompt))) {
						isMatrix = true
						break
					}
				}
				if !isMatrix {
					continue
				}
				matrixPages++
				if !strings.Contains(fp, "– (a dash): not scored") {
					t.Errorf("matrix page %d has no legend for the dash", i+1)
				}
			}
			if matrixPages == 0 {
				t.Fatal("no matrix page found")
			}
		})
	}
}

// rowLabel finds the labels the lone-row test writes.
var rowLabel = regexp.MustCompile(`row-\d\d`)

func TestNoTablePageHoldsALoneRow(t *testing.T) {
	d := demoData(t)
	for _, n := range []int{2, 3, 7, 40} {
		// Start the table at every height of the page, so that every row
		// meets a page break somewhere.
		for offset := 0.0; offset < 240; offset += 6 {
			dc := newDoc(d, "Rows")
			dc.page("P")
			dc.pdf.SetY(dc.pdf.GetY() + offset)
			var rows [][]cell
			for i := 0; i < n; i++ {
				text := fmt.Sprintf("row-%02d", i)
				if i%3 == 1 {
					text += "\nsecond line\nthird line"
				}
				rows = append(rows, []cell{{text: text}, {text: "x"}})
			}
			dc.tableNoted([]column{{"Label", 0.5, "L"}, {"Value", 0.5, "L"}}, rows, 9, "Legend under every page")
			var b bytes.Buffer
			if err := dc.write(&b); err != nil {
				t.Fatal(err)
			}
			for pi, p := range pdfPages(t, b.Bytes(), false) {
				if got := len(rowLabel.FindAllString(p, -1)); got == 1 {
					t.Errorf("%d rows from %g mm: page %d holds one row alone", n, offset, pi+1)
				}
				if rowLabel.MatchString(p) && !strings.Contains(p, "Legend under every page") {
					t.Errorf("%d rows from %g mm: page %d has no legend", n, offset, pi+1)
				}
			}
		}
	}
}

// questionStart matches a question's prompt at the start of a line of the
// candidate report's answers ("12. How do you …").
var questionStart = regexp.MustCompile(`(?m)^(\d+)\. \S`)

func TestCandidateReportNeverLeavesAQuestionAlone(t *testing.T) {
	for _, long := range []int{0, 900, 1700, 2600, 3500, 5200, 7000} {
		d := manyData(t, 2, long)
		pages := pdfPages(t, candidateBytes(t, d, "c000"), true)
		answers := false
		for pi, p := range pages {
			if strings.Contains(p, "Answers") {
				answers = true
			}
			if !answers {
				continue
			}
			starts := questionStart.FindAllStringIndex(p, -1)
			last := pi == len(pages)-1
			if last && len(starts) == 1 {
				t.Errorf("long answer %d: the last page holds one question alone", long)
			}
			// A prompt is never the last thing on its page: its score follows.
			for _, s := range starts {
				if !strings.Contains(p[s[0]:], "Score ") {
					t.Errorf("long answer %d: page %d ends on a prompt without its answer", long, pi+1)
				}
			}
		}
	}
}

func TestRadarLegendWritesLongNamesWhole(t *testing.T) {
	d := manyData(t, 9, 0)
	for i := range d.Result.Candidates {
		d.Result.Candidates[i].Name = fmt.Sprintf("Candidate %d with a long registered name: Northern Lights Managed Infrastructure and Cloud Services Holding", i+1)
	}
	pdf := comparisonBytes(t, d)
	for _, p := range pdfPages(t, pdf, false) {
		if !strings.Contains(p, "Profile of the leading candidates") {
			continue
		}
		fp := flat(p)
		for _, c := range d.Result.Candidates[:4] {
			if want := fmt.Sprintf("%d. %s", c.Rank, c.Name); !strings.Contains(fp, want) {
				t.Errorf("the radar legend does not show %q whole", want)
			}
		}
		return
	}
	t.Fatal("no radar page")
}

func TestEvaluatorsAndTheirDatesAreListed(t *testing.T) {
	d := withExtras(demoData(t))
	d.Dates = mspeval.Dates{Style: mspeval.DateStyleISO, Zone: time.UTC}
	text := flat(pdfText(t, comparisonBytes(t, d)))
	if !strings.Contains(text, "Evaluators and ratings") {
		t.Fatal("no evaluators section")
	}
	for _, c := range d.Result.Candidates {
		for _, r := range d.Candidates[c.ID].Raters {
			if want := fmt.Sprintf("%s %d %s", r.Name, r.Answers, d.Dates.Time(r.Last)); !strings.Contains(text, want) {
				t.Errorf("the evaluators table lacks %q", want)
			}
		}
	}
}

func TestDatesFollowTheWorkspaceStyle(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("ZeroValueIsTheDefault", func(t *testing.T) {
		d := demoData(t)
		text := pdfText(t, comparisonBytes(t, d))
		for _, want := range []string{"Generated 22 November 2026, 09:30 UTC", "22 December 2026"} {
			if !strings.Contains(text, want) {
				t.Errorf("the default style lacks %q", want)
			}
		}
	})
	t.Run("ISOInBerlin", func(t *testing.T) {
		d := withExtras(demoData(t))
		d.Dates = mspeval.Dates{Style: mspeval.DateStyleISO, Zone: berlin}
		text := pdfText(t, comparisonBytes(t, d))
		for _, want := range []string{"Generated 2026-11-22 10:30 CET", "2026-12-22"} {
			if !strings.Contains(text, want) {
				t.Errorf("the comparison lacks %q", want)
			}
		}
		if strings.Contains(text, "UTC") || strings.Contains(text, "November") {
			t.Errorf("the comparison still writes a date in another style")
		}
		ctext := pdfText(t, candidateBytes(t, d, d.Result.Candidates[0].ID))
		if !strings.Contains(ctext, "2026-11-20 10:30 CET") || strings.Contains(ctext, "UTC") {
			t.Errorf("the candidate report does not write its dates in the workspace's style")
		}
	})
}

func TestResultsPDFDateFollowsTheWorkspaceStyle(t *testing.T) {
	r := resultsDocFor(t, 1)
	r.Dates = mspeval.Dates{Style: mspeval.DateStyleMonthDay, Zone: time.UTC}
	if text := pdfText(t, resultsBytes(t, r)); !strings.Contains(text, "November 22, 2026") || strings.Contains(text, "22 November") {
		t.Errorf("the results PDF does not write its date as November 22, 2026")
	}
}

func TestCandidateReportGivesContactSubmissionAndLinkHistory(t *testing.T) {
	d := withExtras(demoData(t))
	c := d.Result.Candidates[0]
	cd := d.Candidates[c.ID]
	pdf := candidateBytes(t, d, c.ID)
	qpdfCheck(t, pdf)
	text := flat(pdfText(t, pdf))
	at := func(h int) string { return d.Dates.Time(testTime.Add(time.Duration(h) * time.Hour)) }
	for _, want := range []string{
		"Contact person " + cd.Contact, "Contact email " + cd.Email, "Submitted " + d.Dates.Time(*cd.SubmittedAt),
		"Rated by Dana Whitfield, 1 answer",
		"Link history",
		at(-200) + " Link 1 created by Dana Whitfield",
		at(-199) + " Link 1 emailed to " + cd.Email,
		at(-190) + " Link 1 revoked: it no longer works",
		at(-100) + " Link 2 created by Dana Whitfield",
		at(-90) + " Link 2 opened by the respondent",
		at(-89) + " Answering started through link 2",
		at(-60) + " Reminder of link 2 emailed to " + cd.Email + ": the email could not be delivered",
		d.Dates.Time(*cd.SubmittedAt) + " Answers submitted through link 2",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the candidate report lacks %q", want)
		}
	}
	t.Run("WithoutLinks", func(t *testing.T) {
		d := demoData(t)
		text := flat(pdfText(t, candidateBytes(t, d, d.Result.Candidates[0].ID)))
		for _, want := range []string{"Contact person none entered", "No respondent link was created for this candidate."} {
			if !strings.Contains(text, want) {
				t.Errorf("lacks %q", want)
			}
		}
	})
}

func TestSentenceCapitalisesAWholeLetter(t *testing.T) {
	for in, want := range map[string]string{"сервис ИТ ranks": "Сервис ИТ ranks", "équipe": "Équipe", "": "", "no": "No"} {
		if got := sentence(in); got != want {
			t.Errorf("sentence(%q) = %q, want %q", in, got, want)
		}
	}
}
