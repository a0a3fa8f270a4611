package frontend

import (
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"time"

	"mspeval"
	"mspeval/questions"
	"mspeval/scoring"
	"mspeval/store"
)

var funcs = template.FuncMap{
	"score":   scoring.FormatScore,
	"percent": scoring.FormatShare,
	"pct100":  func(v float64) string { return fmt.Sprintf("%.0f", v) },
	// date, when, day and dayKey write a moment or a day as a <time> element:
	// the page's script (static/dates.js) rewrites it in the reader's browser
	// language and the workspace's time zone; without the script it reads in
	// the default style, with the zone named.
	"date": func(t *time.Time) template.HTML {
		if t == nil {
			return ""
		}
		return timeTag(*t, true)
	},
	"day": func(t time.Time) template.HTML { return timeTag(t, false) },
	"add": func(a, b int) int { return a + b },
	// count writes "1 knockout", "2 knockouts".
	"count": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
	"dimName": scoring.DimensionLabel,
	// textScoring: a new evaluation's form starts with text scoring on.
	"textScoring": func(in store.EvaluationInput) bool { return in.TextScoring == nil || *in.TextScoring },
	"inc":         func(i int) int { return i + 1 },
	"human":       func(s string) string { return strings.ReplaceAll(s, "_", " ") },
	"barWidth":    barWidth,
	"contains": func(list []string, s string) bool {
		for _, v := range list {
			if v == s {
				return true
			}
		}
		return false
	},
	"isChosen": isChosen,
	// Evidence files (files.go): a file question's limits, a stored file's
	// kind and size in words, and whether a form asks for a file.
	"fileLimits": fileLimitsOf,
	"fileLabel":  fileLabel,
	"fileSize":   questions.FormatBytes,
	"hasFiles":   hasFileQuestions,
	// holds applies a section's or question's condition to a form's answers
	// (questions.Condition.Holds): no condition always holds.
	"holds": func(c *questions.Condition, answers map[string]questions.Answer) bool {
		return c == nil || c.Holds(answers[c.Question])
	},
	"textOf": func(a questions.Answer) string {
		if a.Text == nil {
			return ""
		}
		return *a.Text
	},
	"scaleRange": func(s *questions.Scale) []int {
		var out []int
		for v := s.Min; v <= s.Max; v++ {
			out = append(out, v)
		}
		return out
	},
	"scaleIs":  func(a questions.Answer, v int) bool { return a.Scale != nil && *a.Scale == v },
	"anchor":   func(g questions.Guidance, i int) string { return g.Anchors[i] },
	"upto4":    func() []int { return []int{0, 1, 2, 3, 4} },
	"dimClass": func(i int) string { return fmt.Sprintf("dim%d", i%5) },
	"deref":    func(v *int) int { return *v },
	// when is date for a time that is always set.
	"when": func(t time.Time) template.HTML { return timeTag(t, true) },
	// dayKey writes a calendar day given as YYYY-MM-DD, which has no zone.
	"dayKey": func(s string) template.HTML {
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return template.HTML(template.HTMLEscapeString(s))
		}
		return template.HTML(`<time datetime="` + s + `" data-when="date">` + mspeval.DefaultDates().DayOf(s) + `</time>`)
	},
	"mul5": func(i int) int { return 5 * i },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
}

// timeTag writes t as a <time> element for dates.js; withClock says whether
// the time of day matters or only the day.
func timeTag(t time.Time, withClock bool) template.HTML {
	d, kind, text := mspeval.DefaultDates(), "day", ""
	if withClock {
		kind, text = "time", d.Time(t)
	} else {
		text = d.Day(t)
	}
	return template.HTML(`<time datetime="` + t.UTC().Format(time.RFC3339) + `" data-when="` + kind + `">` + text + `</time>`)
}

// barWidth is an SVG width (0-100) for a 0-100 score; SVG attributes, unlike
// style attributes, are allowed by the content security policy.
func barWidth(v *float64) string {
	if v == nil {
		return "0"
	}
	return fmt.Sprintf("%.1f", max(0, min(100, *v)))
}

func isChosen(a questions.Answer, key string) bool {
	if a.Choice != nil && *a.Choice == key {
		return true
	}
	for _, c := range a.Choices {
		if c == key {
			return true
		}
	}
	return false
}

// segment is a piece of answer text, marked when a signal matched it.
type segment struct {
	Text string
	Kind string // "", or the mark's class: "red", "green", "negated", "specific" or "vague"
	// Label says what the mark means, whole ("red signal: Takeover
	// language"): the page shows it as the mark's title.
	Label string
}

// segments marks the signals of one question in its text (a questionnaire
// without text evidence); html/template escapes every piece.
func segments(text string, signals []scoring.SignalMatch, question string) []segment {
	var marks []mark
	for _, s := range signals {
		if s.Question == question {
			marks = append(marks, mark{s.Start, s.End, s.Kind, s.Kind + " signal: " + s.Label})
		}
	}
	return cut(text, marks)
}

// mark is a phrase of an answer text to highlight: its byte range, its class
// and what it means.
type mark struct {
	start, end  int
	kind, label string
}

// evidenceSegments cuts an answer text into plain runs and marked phrases: the
// signals it counts as (red, green), the ones a negation cancels, the specifics
// and the vague phrases the suggested rating rests on. Where phrases overlap,
// the one that starts first (then the longer) is marked.
func evidenceSegments(text string, ev *scoring.Evidence) []segment {
	var marks []mark
	for _, s := range ev.Signals {
		m := mark{s.Start, s.End, s.Kind, s.Kind + " signal: " + s.Label}
		if s.Negated != "" {
			m.kind, m.label = "negated", s.Label+", negated by “"+s.Negated+"”"
			if s.CountsAs != "" {
				m.label += "; counts as " + s.CountsAs
			}
		}
		marks = append(marks, m)
	}
	for _, p := range ev.Specifics {
		if p.Negated == "" {
			marks = append(marks, mark{p.Start, p.End, "specific", "specific: " + p.Label})
		}
	}
	for _, p := range ev.Vague {
		if p.Negated == "" {
			marks = append(marks, mark{p.Start, p.End, "vague", "vague: " + p.Label})
		}
	}
	return cut(text, marks)
}

// cut splits text into plain runs and marked phrases. Where phrases overlap,
// the one that starts first (then the longer) is marked.
func cut(text string, marks []mark) []segment {
	sort.SliceStable(marks, func(i, j int) bool {
		if marks[i].start != marks[j].start {
			return marks[i].start < marks[j].start
		}
		return marks[i].end > marks[j].end
	})
	var out []segment
	pos := 0
	for _, m := range marks {
		if m.start < pos || m.end > len(text) || m.start >= m.end {
			continue
		}
		if m.start > pos {
			out = append(out, segment{Text: text[pos:m.start]})
		}
		out = append(out, segment{Text: text[m.start:m.end], Kind: m.kind, Label: m.label})
		pos = m.end
	}
	if pos < len(text) {
		out = append(out, segment{Text: text[pos:]})
	}
	return out
}
