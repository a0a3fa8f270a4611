package questions

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// MaxTextLength is the longest free-text answer, in characters.
const MaxTextLength = 10000

// Answer is a respondent's answer to one question. Which fields are set depends on
// the question's type: Choice for single_choice and yes_no, Choices for
// multiple_choice, Scale for scale, Text for text and for the free-text half of a
// paired choice question, File for file.
type Answer struct {
	Choice  *string  `json:"choice,omitempty"`
	Choices []string `json:"choices,omitempty"`
	Scale   *int     `json:"scale,omitempty"`
	Text    *string  `json:"text,omitempty"`
	// File describes the file attached to a file question. The service sets
	// it when it stores the file, in the same transaction; Check refuses it
	// from anyone else.
	File *FileRef `json:"file,omitempty"`
}

// IsEmpty reports whether the answer says nothing; saving an empty answer clears it.
func (a Answer) IsEmpty() bool {
	return (a.Choice == nil || *a.Choice == "") && len(a.Choices) == 0 && a.Scale == nil &&
		(a.Text == nil || strings.TrimSpace(*a.Text) == "") && a.File == nil
}

// Problem is one thing wrong with an answer; Part is the answer field at fault.
type Problem struct {
	Part    string
	Message string
}

// Check returns what is wrong with an answer to the question, nothing when it may
// be stored. A draft may be partial: a paired question's choice without its text
// is fine here; Complete says whether it is enough to submit.
func (qq *Question) Check(a Answer) []Problem {
	var p []Problem
	add := func(part, format string, args ...any) {
		p = append(p, Problem{Part: part, Message: fmt.Sprintf(format, args...)})
	}
	if a.File != nil {
		add("file", "a file is attached by uploading it to the question, never written into an answer")
	}
	if a.Text != nil && *a.Text != "" {
		switch {
		case qq.Type != TypeText && qq.Text == nil:
			add("text", "this question takes no free text")
		case !utf8.ValidString(*a.Text):
			add("text", "is not valid UTF-8")
		case strings.ContainsRune(*a.Text, 0):
			add("text", "must not contain NUL characters")
		default:
			if n := utf8.RuneCountInString(*a.Text); n > MaxTextLength {
				add("text", "is %d characters long; the limit is %d", n, MaxTextLength)
			}
		}
	}
	// An empty choice or list says nothing, so it is no type mismatch: a form
	// may send every field it has.
	if a.Choice != nil && *a.Choice != "" && qq.Type != TypeSingleChoice && qq.Type != TypeYesNo {
		add("choice", "this question is answered with %s", qq.answeredWith())
	} else if a.Choice != nil && *a.Choice != "" {
		if _, ok := qq.Option(*a.Choice); !ok {
			add("choice", "%q is not an option of this question (options: %s)", *a.Choice, qq.optionList())
		}
	}
	if len(a.Choices) > 0 && qq.Type != TypeMultipleChoice {
		add("choices", "this question is answered with %s", qq.answeredWith())
	} else if len(a.Choices) > 0 {
		seen := map[string]bool{}
		exclusive := ""
		for _, c := range a.Choices {
			o, ok := qq.Option(c)
			switch {
			case !ok:
				add("choices", "%q is not an option of this question (options: %s)", c, qq.optionList())
			case seen[c]:
				add("choices", "%q is chosen twice", c)
			case o.Exclusive:
				exclusive = c
			}
			seen[c] = true
		}
		if exclusive != "" && len(a.Choices) > 1 {
			add("choices", "%q cannot be combined with other options", exclusive)
		}
	}
	if a.Scale != nil {
		if qq.Type != TypeScale {
			add("scale", "this question is answered with %s", qq.answeredWith())
		} else if *a.Scale < qq.Scale.Min || *a.Scale > qq.Scale.Max {
			add("scale", "%d is outside %d..%d", *a.Scale, qq.Scale.Min, qq.Scale.Max)
		}
	}
	return p
}

// Complete reports whether the answer is enough for a required question.
func (qq *Question) Complete(a Answer) bool {
	hasText := a.Text != nil && strings.TrimSpace(*a.Text) != ""
	switch qq.Type {
	case TypeText:
		return hasText
	case TypeSingleChoice, TypeYesNo:
		if a.Choice == nil || *a.Choice == "" {
			return false
		}
	case TypeMultipleChoice:
		if len(a.Choices) == 0 {
			return false
		}
	case TypeScale:
		return a.Scale != nil
	case TypeFile:
		return a.File != nil
	}
	return qq.Text == nil || !qq.Text.Required || hasText
}

func (qq *Question) answeredWith() string {
	switch qq.Type {
	case TypeText:
		return "text"
	case TypeMultipleChoice:
		return "choices (a list of option keys)"
	case TypeScale:
		return "scale (a whole number)"
	case TypeFile:
		return "an uploaded file"
	default:
		return "choice (one option key)"
	}
}

// optionList names the options alphabetically: the file's order (best first)
// must not reach a respondent through an error message.
func (qq *Question) optionList() string {
	keys := make([]string, len(qq.Options))
	for i, o := range qq.Options {
		keys[i] = o.Key
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

// MissingRequired returns the keys of required questions without a complete
// answer, in questionnaire order; a question the answers hide (Visibility) is
// never required.
func (q *Questionnaire) MissingRequired(answers map[string]Answer) []string {
	var missing []string
	shown := q.Visibility(answers)
	for _, qq := range q.Questions() {
		if qq.Required && shown.Shows(qq.Key) && !qq.Complete(answers[qq.Key]) {
			missing = append(missing, qq.Key)
		}
	}
	return missing
}

// Describe says in words what an answer chose: the option label(s), the
// scale value with its end labels, or the attached file's name, kind and size;
// "" for a text-only or empty answer.
func (qq *Question) Describe(a Answer) string {
	switch {
	case a.File != nil:
		return a.File.Describe()
	case a.Choice != nil && *a.Choice != "":
		if o, ok := qq.Option(*a.Choice); ok {
			return o.Label
		}
		return *a.Choice
	case len(a.Choices) > 0:
		labels := make([]string, 0, len(a.Choices))
		for _, k := range a.Choices {
			if o, ok := qq.Option(k); ok {
				labels = append(labels, o.Label)
			} else {
				labels = append(labels, k)
			}
		}
		return strings.Join(labels, "; ")
	case a.Scale != nil && qq.Scale != nil:
		return fmt.Sprintf("%d (%d = %s, %d = %s)", *a.Scale, qq.Scale.Min, qq.Scale.MinLabel, qq.Scale.Max, qq.Scale.MaxLabel)
	}
	return ""
}
