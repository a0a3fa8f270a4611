package frontend

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// lineOf finds the line of a YAML text that holds the field at a document
// path ("sections[0].questions[2].options[1].score"), or the nearest field
// above it that the text has; 0 when the text cannot be read or has none of
// it. It points the author at the place a problem is about.
func lineOf(text, path string) int {
	if path == "" {
		return 0
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil || len(doc.Content) == 0 {
		return 0
	}
	n, line := doc.Content[0], 0
	for _, step := range pathSteps(path) {
		next, keyLine := child(n, step)
		if next == nil {
			break
		}
		n, line = next, keyLine
	}
	return line
}

// pathSteps splits a field path into field names and list places:
// "a.b[2].c" is a, b, [2], c.
func pathSteps(path string) []string {
	var out []string
	for _, part := range strings.Split(path, ".") {
		name, rest, _ := strings.Cut(part, "[")
		if name != "" {
			out = append(out, name)
		}
		for rest != "" {
			idx, after, _ := strings.Cut(rest, "]")
			out = append(out, "["+idx)
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return out
}

// child is one step down a node: a mapping's value by key (with the key's
// line), a list's item by place.
func child(n *yaml.Node, step string) (*yaml.Node, int) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if i, ok := strings.CutPrefix(step, "["); ok {
		k, err := strconv.Atoi(i)
		if n.Kind != yaml.SequenceNode || err != nil || k < 0 || k >= len(n.Content) {
			return nil, 0
		}
		return n.Content[k], n.Content[k].Line
	}
	if n.Kind != yaml.MappingNode {
		return nil, 0
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == step {
			return n.Content[i+1], n.Content[i].Line
		}
	}
	return nil, 0
}
