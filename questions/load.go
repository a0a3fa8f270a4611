package questions

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// LoadError lists every problem found in a questionnaire file. Each problem names
// the question (or dimension, section, signal) it is about.
type LoadError struct {
	File     string
	Problems []string
}

func (e *LoadError) Error() string {
	name := e.File
	if name == "" {
		name = "questionnaire"
	}
	return fmt.Sprintf("%s: %d problem(s):\n  %s", name, len(e.Problems), strings.Join(e.Problems, "\n  "))
}

var (
	keyPattern              = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	questionnaireKeyPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,63}$`)
)

// Parse reads a questionnaire from YAML (JSON is YAML too) and checks it. Unknown
// fields are refused, so a typo in the file cannot silently drop guidance.
func Parse(name string, data []byte) (*Questionnaire, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var q Questionnaire
	if err := dec.Decode(&q); err != nil {
		return nil, &LoadError{File: name, Problems: []string{"cannot read: " + err.Error()}}
	}
	var extra any
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, &LoadError{File: name, Problems: []string{"holds more than one YAML document; put one questionnaire in a file"}}
	}
	sum := sha256.Sum256(data)
	q.Checksum = hex.EncodeToString(sum[:])
	if problems := q.check(); len(problems) > 0 {
		return nil, &LoadError{File: name, Problems: problems}
	}
	for i := range q.Signals {
		if q.Signals[i].Patterns == nil {
			q.Signals[i].Patterns = []string{}
		}
	}
	q.matchers = &matchers{}
	return &q, nil
}

// check validates the questionnaire and builds its indexes. It returns every
// problem rather than stopping at the first.
func (q *Questionnaire) check() []string {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }

	if !questionnaireKeyPattern.MatchString(q.Key) {
		add("questionnaire key %q: use lower-case letters, digits, '-' or '_'", q.Key)
	}
	if q.Version < 1 {
		add("questionnaire %q: version must be 1 or more, got %d", q.Key, q.Version)
	}
	if strings.TrimSpace(q.Title) == "" {
		add("questionnaire %q: title is empty", q.Key)
	}
	if len(q.Dimensions) == 0 {
		add("questionnaire %q: declares no dimensions", q.Key)
	}
	dims := map[string]bool{}
	weightSum := 0.0
	for _, d := range q.Dimensions {
		switch {
		case !keyPattern.MatchString(d.Key):
			add("dimension %q: key must match %s", d.Key, keyPattern)
		case dims[d.Key]:
			add("dimension %q: declared twice", d.Key)
		}
		dims[d.Key] = true
		if strings.TrimSpace(d.Name) == "" {
			add("dimension %q: name is empty", d.Key)
		}
		if d.DefaultWeight < 0 {
			add("dimension %q: default_weight must not be negative", d.Key)
		}
		weightSum += d.DefaultWeight
	}
	if len(q.Dimensions) > 0 && weightSum <= 0 {
		add("questionnaire %q: the dimensions' default weights add up to zero", q.Key)
	}

	signals := map[string]bool{}
	for _, s := range q.Signals {
		switch {
		case !keyPattern.MatchString(s.Key):
			add("signal %q: key must match %s", s.Key, keyPattern)
		case signals[s.Key]:
			add("signal %q: declared twice", s.Key)
		}
		signals[s.Key] = true
		if s.Kind != SignalRed && s.Kind != SignalGreen {
			add("signal %q: kind must be red or green, got %q", s.Key, s.Kind)
		}
		if !dims[s.Dimension] {
			add("signal %q: dimension %q is not declared", s.Key, s.Dimension)
		}
		if len(s.Patterns) == 0 && len(s.Match) == 0 {
			add("signal %q: has no patterns and no match", s.Key)
		}
		for _, pat := range s.Patterns {
			if strings.TrimSpace(pat) != pat {
				add("signal %q: pattern %q starts or ends with white space, so it can never match on word boundaries", s.Key, pat)
				continue
			}
			re, err := regexp.Compile("(?i)" + pat)
			if err != nil {
				add("signal %q: pattern %q does not compile: %v", s.Key, pat, err)
				continue
			}
			if re.MatchString("") {
				add("signal %q: pattern %q matches empty text", s.Key, pat)
			}
		}
	}

	q.byKey = map[string]*Question{}
	sections := map[string]bool{}
	if len(q.Sections) == 0 {
		add("questionnaire %q: has no sections", q.Key)
	}
	for si := range q.Sections {
		sec := &q.Sections[si]
		if !keyPattern.MatchString(sec.Key) || sections[sec.Key] {
			add("section %q: key is malformed or used twice", sec.Key)
		}
		sections[sec.Key] = true
		if strings.TrimSpace(sec.Title) == "" {
			add("section %q: title is empty", sec.Key)
		}
		if len(sec.Questions) == 0 {
			add("section %q: has no questions", sec.Key)
		}
		for qi := range sec.Questions {
			qq := &sec.Questions[qi]
			switch {
			case !keyPattern.MatchString(qq.Key):
				add("question %q: key must match %s", qq.Key, keyPattern)
			case q.byKey[qq.Key] != nil:
				add("question %q: key is used twice", qq.Key)
			default:
				q.byKey[qq.Key] = qq
			}
			for _, msg := range qq.check(dims, signals) {
				add("question %q: %s", qq.Key, msg)
			}
		}
	}
	for _, s := range q.Signals {
		for _, k := range s.Questions {
			if q.byKey[k] == nil {
				add("signal %q: question %q does not exist", s.Key, k)
			}
		}
	}
	p = append(p, q.checkEvidence(signals)...)
	p = append(p, q.checkConcepts()...)
	p = append(p, q.checkResults()...)
	return p
}

func (qq *Question) check(dims, signals map[string]bool) []string {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }

	if strings.TrimSpace(qq.Prompt) == "" {
		add("prompt is empty")
	}
	switch qq.Type {
	case TypeText:
		if len(qq.Options) > 0 || qq.Scale != nil || qq.Text != nil {
			add("a text question takes no options, scale or paired text")
		}
	case TypeSingleChoice, TypeMultipleChoice, TypeYesNo:
		if len(qq.Options) < 2 {
			add("a %s question needs at least two options", qq.Type)
		}
		if qq.Scale != nil {
			add("a %s question takes no scale", qq.Type)
		}
	case TypeScale:
		if qq.Scale == nil {
			add("a scale question needs scale.min and scale.max")
		} else if qq.Scale.Max <= qq.Scale.Min {
			add("scale.max (%d) must be greater than scale.min (%d)", qq.Scale.Max, qq.Scale.Min)
		}
		if len(qq.Options) > 0 || qq.Text != nil {
			add("a scale question takes no options or paired text")
		}
	default:
		add("type %q is not one of text, single_choice, multiple_choice, yes_no, scale", qq.Type)
	}
	if qq.Type == TypeYesNo {
		keys := map[string]bool{}
		for _, o := range qq.Options {
			keys[o.Key] = true
		}
		if len(qq.Options) != 2 || !keys["yes"] || !keys["no"] {
			add("a yes_no question has exactly the options yes and no")
		}
	}
	optKeys := map[string]bool{}
	exclusives := 0
	for _, o := range qq.Options {
		switch {
		case !keyPattern.MatchString(o.Key):
			add("option %q: key must match %s", o.Key, keyPattern)
		case optKeys[o.Key]:
			add("option %q: key is used twice", o.Key)
		}
		optKeys[o.Key] = true
		if strings.TrimSpace(o.Label) == "" {
			add("option %q: label is empty", o.Key)
		}
		if o.Score == nil {
			add("option %q: has no score", o.Key)
		} else if *o.Score < 0 || *o.Score > 4 {
			add("option %q: score %d is outside 0..4", o.Key, *o.Score)
		}
		for _, s := range o.ContradictedBy {
			if !signals[s] {
				add("option %q: contradicted_by names signal %q, which is not declared", o.Key, s)
			}
		}
		if o.Exclusive {
			exclusives++
			if qq.Type != TypeMultipleChoice {
				add("option %q: only multiple-choice options can be exclusive", o.Key)
			}
		}
	}
	if exclusives > 1 {
		add("has %d exclusive options; at most one (\"none of these\") makes sense", exclusives)
	}
	if len(qq.Dimensions) == 0 {
		add("feeds no dimension")
	}
	seen := map[string]bool{}
	for _, d := range qq.Dimensions {
		if !dims[d.Dimension] {
			add("dimension %q is not declared", d.Dimension)
		}
		if seen[d.Dimension] {
			add("dimension %q is listed twice", d.Dimension)
		}
		seen[d.Dimension] = true
		if d.Weight <= 0 {
			add("weight for dimension %q must be positive, got %g", d.Dimension, d.Weight)
		}
	}
	if strings.TrimSpace(qq.Guidance.ListenFor) == "" {
		add("guidance.listen_for is empty")
	}
	for score := 0; score <= 4; score++ {
		if strings.TrimSpace(qq.Guidance.Anchors[score]) == "" {
			add("guidance.anchors: anchor %d is missing", score)
		}
	}
	for score := range qq.Guidance.Anchors {
		if score < 0 || score > 4 {
			add("guidance.anchors: anchor %d is outside 0..4", score)
		}
	}
	if k := qq.Knockout; k != nil {
		if k.MinScore < 1 || k.MinScore > 4 {
			add("knockout.min_score must be 1..4, got %d", k.MinScore)
		}
		if strings.TrimSpace(k.Reason) == "" {
			add("knockout.reason is empty")
		}
	}
	return p
}

// boundedPattern wraps a signal pattern so that it matches only on word
// boundaries by Unicode letters and digits (RE2's \b knows only ASCII). The
// boundary characters are consumed outside group 1, which holds the match.
func boundedPattern(pat string) string {
	return `(?i)(?:^|` + notWord + `)(` + pat + `)(?:` + notWord + `|$)`
}

// IsLoadError reports whether err is a *LoadError.
func IsLoadError(err error) bool {
	var le *LoadError
	return errors.As(err, &le)
}
