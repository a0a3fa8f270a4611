package questions

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// LoadError lists every problem found in a questionnaire file. Each problem names
// the question (or dimension, section, signal) it is about, and the field.
type LoadError struct {
	File     string
	Problems []FieldProblem
}

func (e *LoadError) Error() string {
	name := e.File
	if name == "" {
		name = "questionnaire"
	}
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Message
	}
	return fmt.Sprintf("%s: %d problem(s):\n  %s", name, len(e.Problems), strings.Join(msgs, "\n  "))
}

var (
	keyPattern              = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	questionnaireKeyPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,63}$`)
)

// Parse reads a questionnaire from YAML (JSON is YAML too) and checks it. Unknown
// fields are refused, so a typo in the file cannot silently drop guidance. Every
// problem is reported, those of the file's structure (an unknown field, a word
// where a number belongs) and those of the rules alike, each at its field.
func Parse(name string, data []byte) (*Questionnaire, error) {
	q, structural := Decode(data, FormatYAML)
	if q == nil {
		return nil, &LoadError{File: name, Problems: structural}
	}
	sum := sha256.Sum256(data)
	q.Checksum = hex.EncodeToString(sum[:])
	if problems := Problems(q, structural); len(problems) > 0 {
		return nil, &LoadError{File: name, Problems: problems}
	}
	for i := range q.Signals {
		if q.Signals[i].Patterns == nil {
			q.Signals[i].Patterns = []string{}
		}
	}
	q.matchers = &matchers{}
	return q, nil
}

// Problems returns every problem of a decoded document: the structural ones
// Decode found, then the rules' (Validate), leaving out those about a field
// whose structure is reported already.
func Problems(q *Questionnaire, structural []FieldProblem) []FieldProblem {
	out := append([]FieldProblem{}, structural...)
	return append(out, withoutShadowed(q.Validate(), structural)...)
}

// Validate checks a decoded questionnaire against the loader's rules and builds
// its indexes. It returns every problem rather than stopping at the first;
// Parse runs it on every file it reads.
func (q *Questionnaire) Validate() []FieldProblem {
	var p problems
	// A workspace's questionnaire is named as its people know it, without
	// the workspace's namespace.
	name := LocalKey(q.Key)
	if !questionnaireKeyPattern.MatchString(q.Key) {
		p.add("key", "questionnaire key %q: use lower-case letters, digits, '-' or '_'", q.Key)
	}
	if q.Version < 1 {
		p.add("version", "questionnaire %q: version must be 1 or more, got %d", name, q.Version)
	}
	if strings.TrimSpace(q.Title) == "" {
		p.add("title", "questionnaire %q: title is empty", name)
	}
	if len(q.Dimensions) == 0 {
		p.add("dimensions", "questionnaire %q: declares no dimensions", name)
	}
	dims := map[string]bool{}
	weightSum := 0.0
	for i, d := range q.Dimensions {
		at := fieldPath("dimensions", i)
		switch {
		case !keyPattern.MatchString(d.Key):
			p.add(fieldPath(at, "key"), "dimension %q: key must match %s", d.Key, keyPattern)
		case dims[d.Key]:
			p.add(fieldPath(at, "key"), "dimension %q: declared twice", d.Key)
		}
		dims[d.Key] = true
		if strings.TrimSpace(d.Name) == "" {
			p.add(fieldPath(at, "name"), "dimension %q: name is empty", d.Key)
		}
		if d.DefaultWeight < 0 {
			p.add(fieldPath(at, "default_weight"), "dimension %q: default_weight must not be negative", d.Key)
		}
		weightSum += d.DefaultWeight
	}
	if len(q.Dimensions) > 0 && weightSum <= 0 {
		p.add("dimensions", "questionnaire %q: the dimensions' default weights add up to zero", name)
	}

	signals := map[string]bool{}
	for i, s := range q.Signals {
		at := fieldPath("signals", i)
		switch {
		case !keyPattern.MatchString(s.Key):
			p.add(fieldPath(at, "key"), "signal %q: key must match %s", s.Key, keyPattern)
		case signals[s.Key]:
			p.add(fieldPath(at, "key"), "signal %q: declared twice", s.Key)
		}
		signals[s.Key] = true
		if s.Kind != SignalRed && s.Kind != SignalGreen {
			p.add(fieldPath(at, "kind"), "signal %q: kind must be red or green, got %q", s.Key, s.Kind)
		}
		if !dims[s.Dimension] {
			p.add(fieldPath(at, "dimension"), "signal %q: dimension %q is not declared", s.Key, s.Dimension)
		}
		if len(s.Patterns) == 0 && len(s.Match) == 0 {
			p.add(fieldPath(at, "patterns"), "signal %q: has no patterns and no match", s.Key)
		}
		for j, pat := range s.Patterns {
			field := fieldPath(at, "patterns", j)
			if strings.TrimSpace(pat) != pat {
				p.add(field, "signal %q: pattern %q starts or ends with white space, so it can never match on word boundaries", s.Key, pat)
				continue
			}
			re, err := regexp.Compile("(?i)" + pat)
			if err != nil {
				p.add(field, "signal %q: pattern %q does not compile: %v", s.Key, pat, err)
				continue
			}
			if re.MatchString("") {
				p.add(field, "signal %q: pattern %q matches empty text", s.Key, pat)
			}
		}
	}

	q.byKey = map[string]*Question{}
	sections := map[string]bool{}
	if len(q.Sections) == 0 {
		p.add("sections", "questionnaire %q: has no sections", name)
	}
	for si := range q.Sections {
		sec := &q.Sections[si]
		at := fieldPath("sections", si)
		if !keyPattern.MatchString(sec.Key) || sections[sec.Key] {
			p.add(fieldPath(at, "key"), "section %q: key is malformed or used twice", sec.Key)
		}
		sections[sec.Key] = true
		if strings.TrimSpace(sec.Title) == "" {
			p.add(fieldPath(at, "title"), "section %q: title is empty", sec.Key)
		}
		if len(sec.Questions) == 0 {
			p.add(fieldPath(at, "questions"), "section %q: has no questions", sec.Key)
		}
		for qi := range sec.Questions {
			qq := &sec.Questions[qi]
			qat := fieldPath(at, "questions", qi)
			switch {
			case !keyPattern.MatchString(qq.Key):
				p.add(fieldPath(qat, "key"), "question %q: key must match %s", qq.Key, keyPattern)
			case q.byKey[qq.Key] != nil:
				p.add(fieldPath(qat, "key"), "question %q: key is used twice", qq.Key)
			default:
				q.byKey[qq.Key] = qq
			}
			for _, pr := range qq.check(dims, signals) {
				p.add(fieldPath(qat, pr.Field), "question %q: %s", qq.Key, pr.Message)
			}
		}
	}
	for i, s := range q.Signals {
		for j, k := range s.Questions {
			if q.byKey[k] == nil {
				p.add(fieldPath("signals", i, "questions", j), "signal %q: question %q does not exist", s.Key, k)
			}
		}
	}
	p = append(p, q.checkEvidence(signals)...)
	p = append(p, q.checkConcepts()...)
	p = append(p, q.checkResults()...)
	p = append(p, q.checkConditions()...)
	return p
}

// check validates one question. Its problems' fields are relative to the
// question, and their messages do not name it: Validate adds both.
func (qq *Question) check(dims, signals map[string]bool) []FieldProblem {
	var p problems
	if strings.TrimSpace(qq.Prompt) == "" {
		p.add("prompt", "prompt is empty")
	}
	switch qq.Type {
	case TypeText:
		if len(qq.Options) > 0 || qq.Scale != nil || qq.Text != nil {
			p.add("type", "a text question takes no options, scale or paired text")
		}
	case TypeSingleChoice, TypeMultipleChoice, TypeYesNo:
		if len(qq.Options) < 2 {
			p.add("options", "a %s question needs at least two options", qq.Type)
		}
		if qq.Scale != nil {
			p.add("scale", "a %s question takes no scale", qq.Type)
		}
	case TypeScale:
		if qq.Scale == nil {
			p.add("scale", "a scale question needs scale.min and scale.max")
		} else if qq.Scale.Max <= qq.Scale.Min {
			p.add("scale.max", "scale.max (%d) must be greater than scale.min (%d)", qq.Scale.Max, qq.Scale.Min)
		}
		if len(qq.Options) > 0 || qq.Text != nil {
			p.add("type", "a scale question takes no options or paired text")
		}
	case TypeFile:
		// checkFile, below, says what a file question takes.
	default:
		p.add("type", "type %q is not one of text, single_choice, multiple_choice, yes_no, scale, file", qq.Type)
	}
	p = append(p, qq.checkFile()...)
	if qq.Type == TypeYesNo {
		keys := map[string]bool{}
		for _, o := range qq.Options {
			keys[o.Key] = true
		}
		if len(qq.Options) != 2 || !keys["yes"] || !keys["no"] {
			p.add("options", "a yes_no question has exactly the options yes and no")
		}
	}
	optKeys := map[string]bool{}
	exclusives := 0
	for i, o := range qq.Options {
		at := fieldPath("options", i)
		switch {
		case !keyPattern.MatchString(o.Key):
			p.add(fieldPath(at, "key"), "option %q: key must match %s", o.Key, keyPattern)
		case optKeys[o.Key]:
			p.add(fieldPath(at, "key"), "option %q: key is used twice", o.Key)
		}
		optKeys[o.Key] = true
		if strings.TrimSpace(o.Label) == "" {
			p.add(fieldPath(at, "label"), "option %q: label is empty", o.Key)
		}
		if o.Score == nil {
			p.add(fieldPath(at, "score"), "option %q: has no score", o.Key)
		} else if *o.Score < 0 || *o.Score > 4 {
			p.add(fieldPath(at, "score"), "option %q: score %d is outside 0..4", o.Key, *o.Score)
		}
		for j, s := range o.ContradictedBy {
			if !signals[s] {
				p.add(fieldPath(at, "contradicted_by", j), "option %q: contradicted_by names signal %q, which is not declared", o.Key, s)
			}
		}
		if o.Exclusive {
			exclusives++
			if qq.Type != TypeMultipleChoice {
				p.add(fieldPath(at, "exclusive"), "option %q: only multiple-choice options can be exclusive", o.Key)
			}
		}
	}
	if exclusives > 1 {
		p.add("options", "has %d exclusive options; at most one (\"none of these\") makes sense", exclusives)
	}
	if len(qq.Dimensions) == 0 {
		p.add("dimensions", "feeds no dimension")
	}
	seen := map[string]bool{}
	for i, d := range qq.Dimensions {
		at := fieldPath("dimensions", i)
		if !dims[d.Dimension] {
			p.add(fieldPath(at, "dimension"), "dimension %q is not declared", d.Dimension)
		}
		if seen[d.Dimension] {
			p.add(fieldPath(at, "dimension"), "dimension %q is listed twice", d.Dimension)
		}
		seen[d.Dimension] = true
		if d.Weight <= 0 {
			p.add(fieldPath(at, "weight"), "weight for dimension %q must be positive, got %g", d.Dimension, d.Weight)
		}
	}
	if strings.TrimSpace(qq.Guidance.ListenFor) == "" {
		p.add("guidance.listen_for", "guidance.listen_for is empty")
	}
	for score := 0; score <= 4; score++ {
		if strings.TrimSpace(qq.Guidance.Anchors[score]) == "" {
			p.add(fieldPath("guidance.anchors", strconv.Itoa(score)), "guidance.anchors: anchor %d is missing", score)
		}
	}
	for _, score := range sortedInts(qq.Guidance.Anchors) {
		if score < 0 || score > 4 {
			p.add(fieldPath("guidance.anchors", strconv.Itoa(score)), "guidance.anchors: anchor %d is outside 0..4", score)
		}
	}
	if k := qq.Knockout; k != nil {
		if k.MinScore < 1 || k.MinScore > 4 {
			p.add("knockout.min_score", "knockout.min_score must be 1..4, got %d", k.MinScore)
		}
		if strings.TrimSpace(k.Reason) == "" {
			p.add("knockout.reason", "knockout.reason is empty")
		}
	}
	return p
}

// sortedInts returns a map's keys in order, so that problems come out in the
// same order every time.
func sortedInts(m map[int]string) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	return keys
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
