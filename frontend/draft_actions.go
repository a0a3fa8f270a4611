package frontend

import (
	"fmt"
	"strings"
)

// The editor's buttons other than Save change the form, not the draft: add,
// remove, move up, move down. Each is a submit button named "action" whose
// value says what to do and to which entry, by the entry's name prefix
// ("up:sections[1].questions[2]"), so that they work without JavaScript. The
// page comes back with the change made and nothing saved yet, the keyboard
// focus on the control that follows the change.

// applyAction makes the change an action asks for and returns the id of the
// element to focus. It reports false for an action it does not know or an
// entry that is not there (a stale page): the form then comes back as it was.
func applyAction(f *draftForm, action string) (focus string, ok bool) {
	verb, at, _ := strings.Cut(action, ":")
	switch verb {
	case "add-section":
		f.Sections = append(f.Sections, sectionForm{})
		return fieldID(fmt.Sprintf("sections[%d].key", len(f.Sections)-1)), true
	case "add-signal":
		f.Signals = append(f.Signals, signalForm{Kind: "red"})
		return fieldID(fmt.Sprintf("signals[%d].key", len(f.Signals)-1)), true
	case "add-question":
		for si := range f.Sections {
			if s := &f.Sections[si]; s.at == at {
				s.Questions = append(s.Questions, questionForm{Type: "text", Open: true, Weights: map[string]string{}, FileAccept: map[string]bool{}})
				return fieldID(fmt.Sprintf("sections[%d].questions[%d].key", si, len(s.Questions)-1)), true
			}
		}
	case "add-option":
		for si := range f.Sections {
			for qi := range f.Sections[si].Questions {
				if q := &f.Sections[si].Questions[qi]; q.at == at {
					q.Options, q.Open = append(q.Options, optionForm{}), true
					return fieldID(fmt.Sprintf("sections[%d].questions[%d].options[%d].key", si, qi, len(q.Options)-1)), true
				}
			}
		}
	case "remove", "up", "down":
		return changeEntry(f, verb, at)
	}
	return "", false
}

// changeEntry removes an entry or moves it one place within its list.
func changeEntry(f *draftForm, verb, at string) (string, bool) {
	for si := range f.Sections {
		sat := fmt.Sprintf("sections[%d]", si)
		if f.Sections[si].at == at {
			return edit(&f.Sections, si, verb, "sections", "add-section")
		}
		s := &f.Sections[si]
		for qi := range s.Questions {
			qat := fmt.Sprintf("%s.questions[%d]", sat, qi)
			if s.Questions[qi].at == at {
				return edit(&s.Questions, qi, verb, sat+".questions", "add-question-"+slug(sat))
			}
			q := &s.Questions[qi]
			for oi := range q.Options {
				if q.Options[oi].at == at {
					q.Open = true
					return edit(&q.Options, oi, verb, qat+".options", "add-option-"+slug(qat))
				}
			}
		}
	}
	for i := range f.Signals {
		if f.Signals[i].at == at {
			return edit(&f.Signals, i, verb, "signals", "add-signal")
		}
	}
	return "", false
}

// edit removes or moves entry i of a list named by its path prefix. A moved
// entry keeps the focus on the button that moved it, at its new place; after
// a removal the focus goes to the list's add button.
func edit[T any](list *[]T, i int, verb, listPath, addButton string) (string, bool) {
	l := *list
	switch verb {
	case "remove":
		*list = append(l[:i:i], l[i+1:]...)
		return addButton, true
	case "up":
		if i > 0 {
			l[i-1], l[i] = l[i], l[i-1]
			i--
		}
	case "down":
		if i+1 < len(l) {
			l[i+1], l[i] = l[i], l[i+1]
			i++
		}
	}
	return verb + "-" + slug(fmt.Sprintf("%s[%d]", listPath, i)), true
}

// slug makes a field path an id: "sections[0].title" is "sections-0-title".
func slug(path string) string {
	var b strings.Builder
	dash := false
	for _, r := range path {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
			dash = false
			continue
		}
		if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// fieldID is the id of the input named path.
func fieldID(path string) string { return "f-" + slug(path) }
