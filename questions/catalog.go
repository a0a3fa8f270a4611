package questions

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// Catalog holds published questionnaire versions by key and version. It is built
// once and only read afterwards.
type Catalog struct {
	byKey map[string][]*Questionnaire // each slice sorted by version
}

// Builtin loads the questionnaires embedded in the binary.
func Builtin() (*Catalog, error) {
	return LoadFS(builtinFS, "builtin")
}

// LoadFS loads every .yaml file in dir of fsys.
func LoadFS(fsys fs.FS, dir string) (*Catalog, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var qs []*Questionnaire
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".yaml" {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		q, err := Parse(e.Name(), data)
		if err != nil {
			return nil, err
		}
		qs = append(qs, q)
	}
	return NewCatalog(qs...)
}

// NewCatalog builds a catalog; two files with the same key and version are refused.
func NewCatalog(qs ...*Questionnaire) (*Catalog, error) {
	c := &Catalog{byKey: map[string][]*Questionnaire{}}
	for _, q := range qs {
		for _, other := range c.byKey[q.Key] {
			if other.Version == q.Version {
				return nil, fmt.Errorf("questionnaire %q version %d is defined twice", q.Key, q.Version)
			}
		}
		c.byKey[q.Key] = append(c.byKey[q.Key], q)
	}
	for _, vs := range c.byKey {
		sort.Slice(vs, func(i, j int) bool { return vs[i].Version < vs[j].Version })
	}
	return c, nil
}

// Get returns one version.
func (c *Catalog) Get(key string, version int) (*Questionnaire, bool) {
	for _, q := range c.byKey[key] {
		if q.Version == version {
			return q, true
		}
	}
	return nil, false
}

// Latest returns the highest version of a key.
func (c *Catalog) Latest(key string) (*Questionnaire, bool) {
	vs := c.byKey[key]
	if len(vs) == 0 {
		return nil, false
	}
	return vs[len(vs)-1], true
}

// All returns every version of every questionnaire, by key then version.
func (c *Catalog) All() []*Questionnaire {
	keys := make([]string, 0, len(c.byKey))
	for k := range c.byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []*Questionnaire
	for _, k := range keys {
		out = append(out, c.byKey[k]...)
	}
	return out
}
