package questions

import (
	"fmt"
	"strconv"
	"strings"
)

// FieldProblem is one thing wrong with a questionnaire document.
//
// Field is where, as a path into the document as it is written (the YAML file
// and its JSON form alike): field names joined by dots, list positions counted
// from 0 in brackets, map entries by their key. For example
// "sections[1].questions[2].options[0].score", "sections[0].questions[3].guidance.anchors.2",
// "signals[4].patterns[1]" or "evidence.concepts.PROVIDER[2]". Field is empty
// when the document as a whole is at fault (it cannot be read at all).
//
// Message says what is wrong and names what it is about by key (question
// "exit_plan", signal "lock_in", dimension "fit"), so that it reads on its
// own, in a log line or beside the field on a form.
type FieldProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// problems collects a check's findings.
type problems []FieldProblem

func (p *problems) add(field, format string, args ...any) {
	*p = append(*p, FieldProblem{Field: field, Message: fmt.Sprintf(format, args...)})
}

// fieldPath joins a field path: strings are field names or map keys, ints are list
// positions. fieldPath("sections", 1, "questions", 2, "key") is
// "sections[1].questions[2].key".
func fieldPath(parts ...any) string {
	var b strings.Builder
	for _, p := range parts {
		switch v := p.(type) {
		case int:
			b.WriteString("[" + strconv.Itoa(v) + "]")
		case string:
			if v == "" {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(v)
		}
	}
	return b.String()
}

// within reports whether field is at or under parent: "a.b[2].c" is within
// "a.b[2]" and "a.b", not within "a.bc".
func within(field, parent string) bool {
	if parent == "" || field == parent {
		return true
	}
	if !strings.HasPrefix(field, parent) {
		return false
	}
	next := field[len(parent)]
	return next == '.' || next == '['
}

// withoutShadowed drops the rule problems at or under a field whose structure
// is already reported: a score written as "high" is one problem ("not a
// whole number"), not two ("has no score" as well).
func withoutShadowed(rules, structural []FieldProblem) []FieldProblem {
	var out []FieldProblem
next:
	for _, r := range rules {
		for _, s := range structural {
			if within(r.Field, s.Field) {
				continue next
			}
		}
		out = append(out, r)
	}
	return out
}
