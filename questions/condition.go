package questions

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Condition makes a question, or a whole section, depend on an earlier
// answer: it is shown only when that answer is one of Equals. Conditions go
// one level deep: the question a condition reads comes earlier in the
// questionnaire (for a section, in an earlier section), is a single choice,
// yes/no or scale question, and is not conditional itself, so that whether
// a question shows never depends on another hidden answer.
//
// A hidden question is never required, never scored and never counted in
// coverage. An answer saved to it (given, then hidden by changing the earlier
// answer) stays in the response, so that changing the earlier answer back
// brings it back, but it counts nowhere: Visibility is applied wherever
// answers are read, and nothing is cleared on submit.
type Condition struct {
	// Question is the key of the question whose answer decides.
	Question string `yaml:"question" json:"question"`
	// Equals lists the answers that show: option keys for a single choice,
	// "yes" or "no" for a yes/no question, whole numbers for a scale. Values
	// are text; a scale value may be written as a number (4) or as text
	// ("4"), which read alike, and is written back as text.
	Equals []string `yaml:"equals" json:"equals"`
}

// Holds reports whether an answer to the condition's question shows what
// depends on it. No answer shows nothing: a dependent question appears once
// the earlier one is answered with one of the values.
func (c *Condition) Holds(a Answer) bool {
	switch {
	case c == nil:
		return true
	case a.Choice != nil && *a.Choice != "":
		return slices.Contains(c.Equals, *a.Choice)
	case a.Scale != nil:
		return slices.Contains(c.Equals, strconv.Itoa(*a.Scale))
	}
	return false
}

// Visibility is what a respondent is shown, given their answers: which
// questions and sections are hidden by their conditions. The zero value shows
// everything.
type Visibility struct {
	// hidden holds the keys of hidden questions, those of hidden sections
	// included; sections the keys of hidden sections.
	hidden   map[string]bool
	sections map[string]bool
}

// Visibility applies the questionnaire's conditions to the answers. It is
// the one rule for what is shown: the respondent's form (with the same rule
// in respond.js), progress and submit, scoring, the review page and the
// reports all read it.
func (q *Questionnaire) Visibility(answers map[string]Answer) Visibility {
	var v Visibility
	for _, s := range q.Sections {
		sectionShown := s.ShowIf.Holds(answers[conditionKey(s.ShowIf)])
		if !sectionShown {
			if v.sections == nil {
				v.sections = map[string]bool{}
			}
			v.sections[s.Key] = true
		}
		for _, qq := range s.Questions {
			if sectionShown && qq.ShowIf.Holds(answers[conditionKey(qq.ShowIf)]) {
				continue
			}
			if v.hidden == nil {
				v.hidden = map[string]bool{}
			}
			v.hidden[qq.Key] = true
		}
	}
	return v
}

func conditionKey(c *Condition) string {
	if c == nil {
		return ""
	}
	return c.Question
}

// Shows reports whether the question with the given key is shown.
func (v Visibility) Shows(question string) bool { return !v.hidden[question] }

// ShowsSection reports whether the section with the given key is shown.
func (v Visibility) ShowsSection(section string) bool { return !v.sections[section] }

// HiddenCount is how many questions are hidden.
func (v Visibility) HiddenCount() int { return len(v.hidden) }

// HasConditions reports whether any question or section is conditional.
func (q *Questionnaire) HasConditions() bool {
	for _, s := range q.Sections {
		if s.ShowIf != nil {
			return true
		}
		for _, qq := range s.Questions {
			if qq.ShowIf != nil {
				return true
			}
		}
	}
	return false
}

// ShownWhen says in words when the question with the given key is asked
// ("asked only when “Do you have an internal IT team?” is answered “Yes”"),
// naming its section's condition where the section is conditional; "" for a
// question that is always asked.
func (q *Questionnaire) ShownWhen(key string) string {
	var parts []string
	for _, s := range q.Sections {
		for _, qq := range s.Questions {
			if qq.Key != key {
				continue
			}
			for _, c := range []*Condition{s.ShowIf, qq.ShowIf} {
				if w := q.describeCondition(c); w != "" {
					parts = append(parts, w)
				}
			}
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "asked only when " + strings.Join(parts, " and ")
}

// describeCondition is a condition in words: the earlier question's prompt
// and the answers that show, by their labels.
func (q *Questionnaire) describeCondition(c *Condition) string {
	if c == nil {
		return ""
	}
	ctrl, ok := q.Question(c.Question)
	if !ok {
		return ""
	}
	values := make([]string, len(c.Equals))
	for i, v := range c.Equals {
		values[i] = "“" + v + "”"
		if o, ok := ctrl.Option(v); ok {
			values[i] = "“" + o.Label + "”"
		}
	}
	return fmt.Sprintf("“%s” is answered %s", strings.TrimSpace(ctrl.Prompt), orList(values))
}

// orList joins words as "a", "a or b", "a, b or c".
func orList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// checkConditions checks every show_if against the questions it reads; the
// question index (byKey) must be built. Problems are at the condition's
// fields.
func (q *Questionnaire) checkConditions() []FieldProblem {
	var p problems
	// position is each question's place in questionnaire order, section its
	// section's; conditional marks a question that depends on an answer
	// itself, by its own condition or its section's.
	position, section := map[string]int{}, map[string]int{}
	conditional := map[string]bool{}
	n := 0
	for si, s := range q.Sections {
		for _, qq := range s.Questions {
			if _, seen := position[qq.Key]; !seen {
				position[qq.Key], section[qq.Key] = n, si
				conditional[qq.Key] = s.ShowIf != nil || qq.ShowIf != nil
			}
			n++
		}
	}
	n = 0
	for si, s := range q.Sections {
		sat := fieldPath("sections", si)
		if s.ShowIf != nil {
			earlier := func(key string) bool { return section[key] < si }
			for _, pr := range q.checkCondition(s.ShowIf, "", earlier, conditional) {
				p.add(fieldPath(sat, "show_if", pr.Field), "section %q: %s", s.Key, pr.Message)
			}
		}
		for qi, qq := range s.Questions {
			self, at := n, fieldPath(sat, "questions", qi)
			n++
			if qq.ShowIf == nil {
				continue
			}
			earlier := func(key string) bool { return position[key] < self }
			for _, pr := range q.checkCondition(qq.ShowIf, qq.Key, earlier, conditional) {
				p.add(fieldPath(at, "show_if", pr.Field), "question %q: %s", qq.Key, pr.Message)
			}
		}
	}
	return p
}

// checkCondition checks one condition. self is the conditional question's
// key ("" for a section); earlier says whether a question comes before what
// the condition shows. Fields are relative to show_if, and messages lead
// with them as the walker's do.
func (q *Questionnaire) checkCondition(c *Condition, self string, earlier func(string) bool, conditional map[string]bool) []FieldProblem {
	var p problems
	add := func(field, format string, args ...any) {
		p.add(field, "show_if.%s: %s", field, fmt.Sprintf(format, args...))
	}
	ctrl, ok := q.byKey[c.Question]
	switch {
	case strings.TrimSpace(c.Question) == "":
		add("question", "is empty; name the earlier question whose answer decides")
		ok = false
	case !ok:
		add("question", "question %q does not exist", c.Question)
	case c.Question == self:
		add("question", "a question cannot depend on its own answer")
		ok = false
	case !earlier(c.Question):
		where := "this question"
		if self == "" {
			where = "the start of this section"
		}
		add("question", "question %q comes after %s; a condition can only look back at an earlier question", c.Question, where)
		ok = false
	case ctrl.Type != TypeSingleChoice && ctrl.Type != TypeYesNo && ctrl.Type != TypeScale:
		add("question", "question %q is a %s question; a condition reads a single_choice, yes_no or scale answer", c.Question, ctrl.Type)
		ok = false
	case conditional[c.Question]:
		add("question", "question %q is conditional itself; conditions go one level deep, so read an unconditional question", c.Question)
	}
	if len(c.Equals) == 0 {
		add("equals", "lists no answer, so it would never show; list the answers that show it")
	}
	seen := map[string]bool{}
	for i, v := range c.Equals {
		field := fieldPath("equals", i)
		if seen[v] {
			add(field, "%q is listed twice", v)
			continue
		}
		seen[v] = true
		if !ok {
			continue // what the values must be depends on a question that is at fault
		}
		if ctrl.Type == TypeScale {
			if problem := scaleValueProblem(ctrl, v); problem != "" {
				add(field, "%s", problem)
			}
		} else if _, found := ctrl.Option(v); !found {
			add(field, "%q is not an option of question %q (options: %s)", v, ctrl.Key, ctrl.optionList())
		}
	}
	return p
}

// scaleValueProblem says what is wrong with v as a value of the question's
// scale, "" when nothing.
func scaleValueProblem(ctrl *Question, v string) string {
	n, err := strconv.Atoi(v)
	if err != nil || strconv.Itoa(n) != v {
		return fmt.Sprintf("%q is not a whole number; question %q is a scale", v, ctrl.Key)
	}
	if ctrl.Scale != nil && (n < ctrl.Scale.Min || n > ctrl.Scale.Max) {
		return fmt.Sprintf("%d is outside the scale %d..%d of question %q", n, ctrl.Scale.Min, ctrl.Scale.Max, ctrl.Key)
	}
	return ""
}

// copy returns a copy that shares nothing with c; nil for nil.
func (c *Condition) copy() *Condition {
	if c == nil {
		return nil
	}
	return &Condition{Question: c.Question, Equals: slices.Clone(c.Equals)}
}
