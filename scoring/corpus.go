package scoring

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"mspeval/questions"
)

// Corpus labels: what a labelled answer text is, for CheckCorpus.
const (
	LabelRed          = "red"           // the text shows its rule's red flag
	LabelGreen        = "green"         // the text shows its rule's green indicator
	LabelNeutral      = "neutral"       // the text shows neither
	LabelNegatedRed   = "negated_red"   // the text denies its rule's red flag
	LabelNegatedGreen = "negated_green" // the text denies its rule's green indicator
)

// Corpus thresholds: a rule set below them fails CheckCorpus's report.
const (
	MinRedRecall     = 0.90
	MinGreenRecall   = 0.90
	MinPrecision     = 0.95
	MaxWrongPolarity = 0
)

// CorpusReport is how a questionnaire's rules fare on a labelled corpus.
//
// Definitions, per text, where a rule "fires" when the text counts as it (an
// un-negated match, or a negated match counted as its rule's declared meaning):
//   - a red (green) text is recalled when its own rule fires;
//   - a firing has the right polarity when it is red on a red or negated-green
//     text, or green on a green or negated-red text; any firing on a neutral
//     text is wrong;
//   - precision is right-polarity firings / all firings;
//   - a negated text has the wrong polarity when a red rule fires on a
//     negated_red text, or a green rule on a negated_green text.
type CorpusReport struct {
	Texts   int            `json:"texts"`
	ByLabel map[string]int `json:"by_label"`
	Rules   []RuleReport   `json:"rules"`

	RedTexts, RedRecalled     int
	GreenTexts, GreenRecalled int
	Firings, RightFirings     int
	WrongPolarity             int

	// Misses lists labelled texts their rule did not catch; FalseFirings the
	// firings with the wrong polarity; WrongNegated the negated texts flagged
	// with the wrong polarity. Each names the line.
	Misses       []CorpusLine `json:"misses"`
	FalseFirings []CorpusLine `json:"false_firings"`
	WrongNegated []CorpusLine `json:"wrong_negated"`
}

// RuleReport is one rule's row of the confusion table.
type RuleReport struct {
	Rule string `json:"rule"`
	Kind string `json:"kind"`
	// Texts labelled red/green with the rule, and how many it caught.
	Texts, Recalled int
	// Negated texts labelled with the rule; Held: the rule did not fire on them.
	Negated, NegatedHeld int
	// Firings on any text, and how many had the right polarity.
	Firings, Right int
}

// CorpusLine is one corpus text in a report.
type CorpusLine struct {
	Line     int    `json:"line"`
	Question string `json:"question"`
	Label    string `json:"label"`
	Rule     string `json:"rule"`
	Text     string `json:"text"`
	// Fired lists the rules that fired, red ones as "-rule", green "+rule".
	Fired []string `json:"fired"`
	// Note says what went wrong ("fired takeover_language").
	Note string `json:"note,omitempty"`
}

// RedRecall, GreenRecall and Precision are the report's headline ratios (1
// when there is nothing to count).
func (r *CorpusReport) RedRecall() float64   { return ratio(r.RedRecalled, r.RedTexts) }
func (r *CorpusReport) GreenRecall() float64 { return ratio(r.GreenRecalled, r.GreenTexts) }
func (r *CorpusReport) Precision() float64   { return ratio(r.RightFirings, r.Firings) }

// Failures lists the thresholds the rules miss, empty when they pass.
func (r *CorpusReport) Failures() []string {
	var out []string
	if v := r.RedRecall(); v < MinRedRecall {
		out = append(out, fmt.Sprintf("red recall %.1f %% is below %.0f %%", 100*v, 100*MinRedRecall))
	}
	if v := r.GreenRecall(); v < MinGreenRecall {
		out = append(out, fmt.Sprintf("green recall %.1f %% is below %.0f %%", 100*v, 100*MinGreenRecall))
	}
	if v := r.Precision(); v < MinPrecision {
		out = append(out, fmt.Sprintf("precision %.1f %% is below %.0f %%", 100*v, 100*MinPrecision))
	}
	if r.WrongPolarity > MaxWrongPolarity {
		out = append(out, fmt.Sprintf("%d negated text(s) flagged with the wrong polarity, want %d", r.WrongPolarity, MaxWrongPolarity))
	}
	return out
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}

// CheckCorpus reads a labelled corpus (TSV with the header
// "question\tlabel\trule\ttext"; rule "-" for neutral texts) and measures the
// questionnaire's rules on it. A malformed line, an unknown question, label or
// rule is an error naming the line.
func CheckCorpus(q *questions.Questionnaire, r io.Reader) (CorpusReport, error) {
	rep := CorpusReport{ByLabel: map[string]int{}, Misses: []CorpusLine{}, FalseFirings: []CorpusLine{}, WrongNegated: []CorpusLine{}}
	kinds := map[string]string{}
	rows := map[string]*RuleReport{}
	for _, s := range q.Signals {
		kinds[s.Key] = string(s.Kind)
		rep.Rules = append(rep.Rules, RuleReport{Rule: s.Key, Kind: string(s.Kind)})
	}
	for i := range rep.Rules {
		rows[rep.Rules[i].Rule] = &rep.Rules[i]
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		raw := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			if raw != "question\tlabel\trule\ttext" {
				return rep, fmt.Errorf("line 1: got header %q, want \"question\\tlabel\\trule\\ttext\"", raw)
			}
			continue
		}
		if strings.TrimSpace(raw) == "" {
			continue
		}
		f := strings.SplitN(raw, "\t", 4)
		if len(f) != 4 {
			return rep, fmt.Errorf("line %d: got %d tab-separated fields, want 4", line, len(f))
		}
		cl := CorpusLine{Line: line, Question: f[0], Label: f[1], Rule: f[2], Text: f[3]}
		if _, ok := q.Question(cl.Question); !ok {
			return rep, fmt.Errorf("line %d: question %q is not in questionnaire %s v%d", line, cl.Question, q.Key, q.Version)
		}
		want := ""
		switch cl.Label {
		case LabelRed, LabelNegatedGreen:
			want = string(questions.SignalRed)
		case LabelGreen, LabelNegatedRed:
			want = string(questions.SignalGreen)
		case LabelNeutral:
		default:
			return rep, fmt.Errorf("line %d: label %q is not one of red, green, neutral, negated_red, negated_green", line, cl.Label)
		}
		if cl.Label != LabelNeutral && rows[cl.Rule] == nil {
			return rep, fmt.Errorf("line %d: rule %q is not declared in questionnaire %s v%d", line, cl.Rule, q.Key, q.Version)
		}
		rep.Texts++
		rep.ByLabel[cl.Label]++

		ev := AssessText(q, cl.Question, cl.Text)
		fired := map[string]bool{}
		for _, m := range ev.Counted {
			if fired[m.Rule] {
				continue
			}
			fired[m.Rule] = true
			sign := "+"
			if m.Kind == string(questions.SignalRed) {
				sign = "-"
			}
			cl.Fired = append(cl.Fired, sign+m.Rule)
		}
		sort.Strings(cl.Fired)
		for rule := range fired {
			row := rows[rule]
			row.Firings++
			rep.Firings++
			if kinds[rule] == want {
				row.Right++
				rep.RightFirings++
			} else {
				bad := cl
				bad.Note = "fired " + rule
				rep.FalseFirings = append(rep.FalseFirings, bad)
			}
		}
		switch cl.Label {
		case LabelRed, LabelGreen:
			row := rows[cl.Rule]
			row.Texts++
			hit := fired[cl.Rule]
			if hit {
				row.Recalled++
			} else {
				rep.Misses = append(rep.Misses, cl)
			}
			if cl.Label == LabelRed {
				rep.RedTexts++
				if hit {
					rep.RedRecalled++
				}
			} else {
				rep.GreenTexts++
				if hit {
					rep.GreenRecalled++
				}
			}
		case LabelNegatedRed, LabelNegatedGreen:
			row := rows[cl.Rule]
			row.Negated++
			wrong := string(questions.SignalRed)
			if cl.Label == LabelNegatedGreen {
				wrong = string(questions.SignalGreen)
			}
			var bad []string
			for rule := range fired {
				if kinds[rule] == wrong {
					bad = append(bad, rule)
				}
			}
			if len(bad) == 0 {
				row.NegatedHeld++
			} else {
				sort.Strings(bad)
				rep.WrongPolarity++
				w := cl
				w.Note = "fired " + strings.Join(bad, ", ")
				rep.WrongNegated = append(rep.WrongNegated, w)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return rep, fmt.Errorf("line %d: %w", line+1, err)
	}
	sort.SliceStable(rep.FalseFirings, func(i, j int) bool { return rep.FalseFirings[i].Line < rep.FalseFirings[j].Line })
	return rep, nil
}

// Write prints the confusion table per rule and overall, then the texts that
// went wrong, for a person to read.
func (r *CorpusReport) Write(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rule\tkind\ttexts\tcaught\trecall\tnegated\theld\tfirings\tright\tprecision\t")
	for _, row := range r.Rules {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%d\t%d\t%d\t%d\t%s\t\n", row.Rule, row.Kind, row.Texts, row.Recalled,
			pct(row.Recalled, row.Texts), row.Negated, row.NegatedHeld, row.Firings, row.Right, pct(row.Right, row.Firings))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	labels := make([]string, 0, len(r.ByLabel))
	for l, n := range r.ByLabel {
		labels = append(labels, fmt.Sprintf("%s %d", l, n))
	}
	sort.Strings(labels)
	fmt.Fprintf(w, "\n%d texts (%s)\n", r.Texts, strings.Join(labels, ", "))
	fmt.Fprintf(w, "red recall     %s (%d of %d; at least %.0f %%)\n", pct(r.RedRecalled, r.RedTexts), r.RedRecalled, r.RedTexts, 100*MinRedRecall)
	fmt.Fprintf(w, "green recall   %s (%d of %d; at least %.0f %%)\n", pct(r.GreenRecalled, r.GreenTexts), r.GreenRecalled, r.GreenTexts, 100*MinGreenRecall)
	fmt.Fprintf(w, "precision      %s (%d of %d firings with the right polarity; at least %.0f %%)\n", pct(r.RightFirings, r.Firings), r.RightFirings, r.Firings, 100*MinPrecision)
	fmt.Fprintf(w, "wrong polarity %d negated text(s) (at most %d)\n", r.WrongPolarity, MaxWrongPolarity)
	section := func(title string, ls []CorpusLine) {
		if len(ls) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, l := range ls {
			note := ""
			if l.Note != "" {
				note = " — " + l.Note
			}
			fmt.Fprintf(w, "  line %d [%s %s %s]%s; fired %v\n    %s\n", l.Line, l.Question, l.Label, l.Rule, note, l.Fired, l.Text)
		}
	}
	section("missed", r.Misses)
	section("wrong polarity on negated texts", r.WrongNegated)
	section("firings with the wrong polarity", r.FalseFirings)
	if f := r.Failures(); len(f) > 0 {
		fmt.Fprintf(w, "\nFAILS: %s\n", strings.Join(f, "; "))
	} else {
		fmt.Fprintf(w, "\nPASSES\n")
	}
	return nil
}

func pct(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f %%", 100*float64(n)/float64(d))
}
