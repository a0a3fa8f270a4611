package questions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Format is how a questionnaire document is written.
type Format int

const (
	// FormatYAML is the built-in files' format.
	FormatYAML Format = iota
	// FormatJSON is the same structure as JSON, as the API sends and takes it.
	// A top-level "checksum" is ignored, so that a questionnaire read from the
	// API can be sent back as it is: the checksum is computed, never given.
	FormatJSON
)

// Limits of a document's shape, so that a hostile file (deep nesting, aliases
// that expand to millions of nodes) costs little to refuse.
const (
	maxDocumentDepth = 64
	maxDocumentNodes = 500_000
)

// Decode reads a questionnaire document without applying the loader's rules
// (Validate does that). It reports every problem of the document's structure,
// each at its field: a field that does not exist, a list where one value
// belongs, a word where a whole number belongs. It returns what it could read
// alongside; the questionnaire is nil only when nothing could be read.
func Decode(data []byte, f Format) (*Questionnaire, []FieldProblem) {
	var root *yaml.Node
	var err error
	if f == FormatJSON {
		root, err = jsonDocument(data)
	} else {
		root, err = yamlDocument(data)
	}
	if err != nil {
		return nil, []FieldProblem{{Message: err.Error()}}
	}
	w := &walker{}
	w.walk(root, reflect.TypeOf(Questionnaire{}), "", subject{}, 0)
	var q Questionnaire
	if err := root.Decode(&q); err != nil && len(w.problems) == 0 {
		// The walk should have named whatever the decoder refuses; if it did
		// not, the decoder's words are better than nothing.
		w.problems.add("", "cannot read: %v", err)
	}
	return &q, w.problems
}

// yamlDocument parses one YAML document into its node tree.
func yamlDocument(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("the document is empty")
		}
		return nil, fmt.Errorf("cannot read: %v", err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, fmt.Errorf("holds more than one YAML document; put one questionnaire in a file")
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		return doc.Content[0], nil
	}
	return &doc, nil
}

// jsonDocument parses a JSON document into the node tree YAML would give, so
// that both formats are checked by the same walk. Going through a JSON
// parser rather than reading JSON as YAML keeps JSON's own rules (tabs, no
// comments, one value) and tells a JSON author about JSON.
func jsonDocument(data []byte) (*yaml.Node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	root, err := jsonNode(dec, 0)
	if err == io.EOF {
		return nil, fmt.Errorf("the document is empty")
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("cannot read: something follows the JSON object")
	}
	if root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "checksum" {
				root.Content = append(root.Content[:i:i], root.Content[i+2:]...)
				break
			}
		}
	}
	return root, nil
}

func jsonNode(dec *json.Decoder, depth int) (*yaml.Node, error) {
	if depth > maxDocumentDepth {
		return nil, fmt.Errorf("nested more than %d levels deep", maxDocumentDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	scalar := func(tag, value string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
	}
	switch v := tok.(type) {
	case json.Delim:
		var n *yaml.Node
		if v == '{' {
			n = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		} else {
			n = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		}
		for dec.More() {
			if v == '{' {
				key, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, scalar("!!str", key.(string)))
			}
			child, err := jsonNode(dec, depth+1)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, child)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return n, nil
	case string:
		n := scalar("!!str", v)
		if strings.Contains(v, "\n") {
			n.Style = yaml.LiteralStyle
		}
		return n, nil
	case json.Number:
		if strings.ContainsAny(v.String(), ".eE") {
			return scalar("!!float", v.String()), nil
		}
		return scalar("!!int", v.String()), nil
	case bool:
		return scalar("!!bool", strconv.FormatBool(v)), nil
	default: // null
		return scalar("!!null", "null"), nil
	}
}

// subject is what a problem is about, named by key in its message (question
// "exit_plan"), and where in the document it starts.
type subject struct {
	name  string
	field string
}

// subjects are the parts of a questionnaire that problems name by their key.
var subjects = map[reflect.Type]string{
	reflect.TypeOf(Questionnaire{}): "questionnaire",
	reflect.TypeOf(Dimension{}):     "dimension",
	reflect.TypeOf(Section{}):       "section",
	reflect.TypeOf(Question{}):      "question",
	reflect.TypeOf(SignalRule{}):    "signal",
}

// walker checks a node tree against the model's types: what Decode reports.
type walker struct {
	problems problems
	nodes    int
}

// add records a problem at a field, its message led by the subject and the
// field's path from the subject ("question "role": options[0].score: ...").
func (w *walker) add(at string, s subject, format string, args ...any) {
	w.addIn(at, at, s, format, args...)
}

// addIn is add for a problem whose message names the place it is in rather
// than the field itself: an unknown field is named in its message already.
func (w *walker) addIn(at, in string, s subject, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if rel := strings.TrimPrefix(strings.TrimPrefix(in, s.field), "."); rel != "" {
		msg = rel + ": " + msg
	}
	if s.name != "" {
		msg = s.name + ": " + msg
	}
	w.problems.add(at, "%s", msg)
}

func (w *walker) walk(n *yaml.Node, t reflect.Type, at string, s subject, depth int) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	w.nodes++
	if w.nodes == maxDocumentNodes {
		w.problems.add("", "the document has more than %d parts (aliases count each time they are used)", maxDocumentNodes)
	}
	if w.nodes >= maxDocumentNodes {
		return
	}
	if depth > maxDocumentDepth {
		w.add(at, s, "nested more than %d levels deep", maxDocumentDepth)
		return
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return // the zero value, as the decoder gives it
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		w.walkStruct(n, t, at, s, depth)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			w.add(at, s, "must be a list, not %s", kindOf(n))
			return
		}
		for i, item := range n.Content {
			w.walk(item, t.Elem(), fieldPath(at, i), s, depth+1)
		}
	case reflect.Map:
		w.walkMap(n, t, at, s, depth)
	case reflect.Interface:
	default:
		w.walkScalar(n, t, at, s)
	}
}

func (w *walker) walkStruct(n *yaml.Node, t reflect.Type, at string, s subject, depth int) {
	if n.Kind != yaml.MappingNode {
		w.add(at, s, "must be a mapping of fields, not %s", kindOf(n))
		return
	}
	if name, ok := subjects[t]; ok {
		s = subject{name: name, field: at}
		if key := mappingValue(n, "key"); key != "" {
			s.name = fmt.Sprintf("%s %q", name, key)
		}
	}
	fields := yamlFields(t)
	seen := map[string]bool{}
	for _, pair := range pairs(n) {
		key, value := pair[0], pair[1]
		if key.Value == "<<" && key.ShortTag() == "!!merge" {
			w.walk(value, t, at, s, depth+1)
			continue
		}
		field := fieldPath(at, key.Value)
		if seen[key.Value] {
			w.add(field, s, "is given twice")
			continue
		}
		seen[key.Value] = true
		ft, ok := fields[key.Value]
		if !ok {
			w.addIn(field, at, s, "field %s not found: there is no such field here", key.Value)
			continue
		}
		w.walk(value, ft, field, s, depth+1)
	}
}

func (w *walker) walkMap(n *yaml.Node, t reflect.Type, at string, s subject, depth int) {
	if n.Kind != yaml.MappingNode {
		w.add(at, s, "must be a mapping, not %s", kindOf(n))
		return
	}
	seen := map[string]bool{}
	for _, pair := range pairs(n) {
		key, value := pair[0], pair[1]
		field := fieldPath(at, key.Value)
		// JSON writes every key as a string: "2" is the anchor for 2.
		if isInt(t.Key().Kind()) && key.ShortTag() == "!!str" {
			if _, err := strconv.Atoi(key.Value); err == nil {
				key.Tag = "!!int"
			}
		}
		if err := key.Decode(reflect.New(t.Key()).Interface()); err != nil || key.Kind != yaml.ScalarNode {
			w.add(field, s, "%q is not a valid key here (it must be %s)", key.Value, typeWord(t.Key()))
			continue
		}
		if seen[key.Value] {
			w.add(field, s, "is given twice")
			continue
		}
		seen[key.Value] = true
		w.walk(value, t.Elem(), field, s, depth+1)
	}
}

func (w *walker) walkScalar(n *yaml.Node, t reflect.Type, at string, s subject) {
	if n.Kind != yaml.ScalarNode {
		w.add(at, s, "must be %s, not %s", typeWord(t), kindOf(n))
		return
	}
	tag := n.ShortTag()
	ok := true
	switch {
	case isInt(t.Kind()):
		// The decoder would cut 2.5 down to 2; a score of 2.5 is a mistake
		// to report, not to round.
		ok = tag == "!!int"
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		ok = tag == "!!int" || tag == "!!float"
	case t.Kind() == reflect.Bool:
		ok = tag == "!!bool"
	}
	if ok {
		ok = n.Decode(reflect.New(t).Interface()) == nil
	}
	if !ok {
		w.add(at, s, "%q is not %s", n.Value, typeWord(t))
	}
}

// yamlFields maps a struct's YAML field names to their types, as the decoder
// names them.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if strings.Contains(opts, "inline") {
			for k, v := range yamlFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f.Type
	}
	return out
}

// pairs returns a mapping node's key and value nodes.
func pairs(n *yaml.Node) [][2]*yaml.Node {
	out := make([][2]*yaml.Node, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, [2]*yaml.Node{n.Content[i], n.Content[i+1]})
	}
	return out
}

// mappingValue returns the value of a scalar field of a mapping node, "" when
// there is none.
func mappingValue(n *yaml.Node, key string) string {
	for _, p := range pairs(n) {
		if p[0].Value == key && p[1].Kind == yaml.ScalarNode {
			return p[1].Value
		}
	}
	return ""
}

func isInt(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// typeWord says in words what a field of type t holds.
func typeWord(t reflect.Type) string {
	switch {
	case isInt(t.Kind()):
		return "a whole number"
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return "a number"
	case t.Kind() == reflect.Bool:
		return "true or false"
	default:
		return "text"
	}
}

// kindOf says in words what a node is.
func kindOf(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	default:
		return "a single value"
	}
}

// Encode writes a questionnaire in the format of the built-in files: YAML
// indented by two spaces, fields in the model's order, and fields left out
// where they hold nothing (no text, false, an empty list), as an author
// leaves them out (an empty mapping stays). Comments are not kept: the model
// holds none. Decode and Validate read back exactly the questionnaire that
// was written.
//
// It goes through the JSON form, whose field names are the file's (a test
// pins that), because yaml.v3 builds a node tree from a value by writing and
// parsing it, which is several times slower for a large questionnaire.
func Encode(q *Questionnaire) ([]byte, error) {
	data, err := json.Marshal(q)
	if err != nil {
		return nil, err
	}
	n, err := jsonDocument(data)
	if err != nil {
		return nil, err
	}
	prune(n)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// prune drops the fields of a mapping that hold nothing, and writes map keys
// that JSON had to quote as the numbers they are (anchors: 0, not "0"). Numbers stay, zero
// included: a score of 0 is an answer's score, not a missing one. So do
// mappings, empty or not: "text: {}" pairs a question with a text box, which
// leaving it out would not.
func prune(n *yaml.Node) {
	for _, c := range n.Content {
		prune(c)
	}
	// yaml.v3 reads yes, no, on and off as text, but YAML 1.1 tools read them
	// as true and false: quote them, as yaml.v3 does for a Go string.
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && oldBools[strings.ToLower(n.Value)] {
		n.Style = yaml.DoubleQuotedStyle
	}
	if n.Kind != yaml.MappingNode {
		return
	}
	kept := n.Content[:0]
	for _, p := range pairs(n) {
		if v, err := strconv.Atoi(p[0].Value); err == nil && strconv.Itoa(v) == p[0].Value {
			p[0].Tag = "!!int"
		}
		if !empty(p[1]) {
			kept = append(kept, p[0], p[1])
		}
	}
	n.Content = kept
}

var oldBools = map[string]bool{"y": true, "yes": true, "n": true, "no": true, "on": true, "off": true}

func empty(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.SequenceNode:
		return len(n.Content) == 0
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return true
		case "!!str":
			return n.Value == ""
		case "!!bool":
			return n.Value == "false"
		}
	}
	return false
}
