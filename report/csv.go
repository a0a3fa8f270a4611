package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"mspeval/scoring"
)

// Spreadsheet programs run a cell that starts with one of these as a formula;
// such text is prefixed with an apostrophe so that it stays text.
const formulaStarts = "=+-@"

// safeCell escapes text that a spreadsheet could run as a formula. The test is
// made on the text as a spreadsheet may read it: compatibility-normalised
// (NFKC turns the full-width ＝＋－＠ into =+-@) and with leading white space,
// line breaks and invisible characters skipped, since some programs trim those
// before deciding. A leading TAB or CR is escaped whatever follows.
func safeCell(s string) string {
	if s == "" {
		return s
	}
	if s[0] == '\t' || s[0] == '\r' {
		return "'" + s
	}
	for _, r := range norm.NFKC.String(s) {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		if strings.ContainsRune(formulaStarts, r) {
			return "'" + s
		}
		break
	}
	return s
}

// newCSV writes RFC 4180 records: CRLF line ends.
func newCSV(w io.Writer) *csv.Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return cw
}

func num(v *float64) string {
	if v == nil {
		return ""
	}
	return fmt.Sprintf("%.2f", *v)
}

// SummaryCSV writes one row per candidate, in rank order (RFC 4180, UTF-8).
func SummaryCSV(w io.Writer, d *Data) error {
	cw := newCSV(w)
	head := []string{"rank", "candidate", "response", "overall"}
	for _, dim := range d.Result.Dimensions {
		head = append(head, dim.Key)
	}
	head = append(head, "coverage", "confidence", "knockouts", "red_flags", "contradictions", "disagreements", "first_share",
		"tied", "provisional_share", "green_signals", "evidence_strength", "top_options", "top_supported", "says_right_things")
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, c := range d.Result.Candidates {
		row := []string{fmt.Sprint(c.Rank), safeCell(c.Name), d.Candidates[c.ID].Status, num(c.Overall)}
		for _, ds := range c.Dimensions {
			row = append(row, num(ds.Score))
		}
		var ko []string
		for _, k := range c.Knockouts {
			ko = append(ko, k.Question)
		}
		row = append(row, fmt.Sprintf("%.4f", c.Coverage), c.Confidence, strings.Join(ko, " "),
			fmt.Sprint(c.RedFlags), fmt.Sprint(len(c.Contradictions)), fmt.Sprint(len(c.Disagreements)), fmt.Sprintf("%.4f", c.FirstShare),
			fmt.Sprint(c.Tied), fmt.Sprintf("%.4f", c.ProvisionalShare), fmt.Sprint(c.GreenSignals), num(c.TextEvidence.Strength),
			fmt.Sprint(c.TextEvidence.TopOptions), fmt.Sprint(c.TextEvidence.TopSupported), fmt.Sprint(c.TextEvidence.SaysRightThings))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// AnswersCSV writes one row per candidate and question: the answer, its score
// and source, the ratings and the signals found (RFC 4180, UTF-8).
func AnswersCSV(w io.Writer, d *Data) error {
	cw := newCSV(w)
	if err := cw.Write([]string{"rank", "candidate", "question_number", "question_key", "question", "dimensions",
		"choice", "answer_text", "score", "source", "consensus", "spread", "ratings", "signals",
		"provisional", "suggested_rating", "evidence_reasons", "cap_reason"}); err != nil {
		return err
	}
	for _, c := range d.Result.Candidates {
		for qi, qq := range d.Questionnaire.Questions() {
			a := c.Answers[qi]
			var dims []string
			for _, dw := range qq.Dimensions {
				dims = append(dims, fmt.Sprintf("%s:%g", dw.Dimension, dw.Weight))
			}
			row := []string{fmt.Sprint(c.Rank), safeCell(c.Name), fmt.Sprint(qi + 1), qq.Key, safeCell(qq.Prompt), strings.Join(dims, " "),
				safeCell(d.answerChoice(c.ID, qq)), safeCell(d.answerText(c.ID, qq.Key)),
				num(a.Score), a.Source, num(a.Consensus), num(a.Spread), safeCell(ratingsText(a.Ratings)), safeCell(signalsText(c, qq.Key)),
				fmt.Sprint(a.Provisional), num(suggested(a)), safeCell(reasonsText(a)), safeCell(a.CapReason)}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func ratingsText(rs []scoring.Rating) string {
	var parts []string
	for _, r := range rs {
		who := r.Name
		if who == "" {
			who = r.Evaluator
		}
		p := fmt.Sprintf("%s: %.0f", who, r.Score)
		if r.Note != "" {
			p += " (" + r.Note + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}

func signalsText(c scoring.CandidateResult, question string) string {
	var parts []string
	for _, s := range c.Signals {
		if s.Question == question {
			parts = append(parts, fmt.Sprintf("%s %s: %s", s.Kind, s.Rule, s.Matched))
		}
	}
	return strings.Join(parts, "; ")
}

// suggested is an answer's suggested rating from its text, nil without one.
func suggested(a scoring.AnswerScore) *float64 {
	if a.Evidence == nil {
		return nil
	}
	return a.Evidence.Suggested
}

// reasonsText is what raised or lowered an answer's suggested rating.
func reasonsText(a scoring.AnswerScore) string {
	if a.Evidence == nil {
		return ""
	}
	return strings.Join(a.Evidence.Reasons, "; ")
}
