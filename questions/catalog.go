package questions

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// Catalog holds published questionnaire versions by key and version. It is built
// once and only read afterwards.
type Catalog struct {
	byKey map[string][]*Questionnaire // each slice sorted by version
	// lookup finds versions the catalog's files do not hold; see WithLookup.
	lookup Lookup
}

// Lookup finds a published version that is not one of the catalog's files: a
// workspace's own version, kept in the database. It reports false when there
// is no such version.
type Lookup func(key string, version int) (*Questionnaire, bool)

// Builtin loads the questionnaires embedded in the binary. A built-in may not
// take a key of a workspace's namespace (see WorkspaceKey).
func Builtin() (*Catalog, error) {
	c, err := LoadFS(builtinFS, "builtin")
	if err != nil {
		return nil, err
	}
	for key := range c.byKey {
		if strings.HasPrefix(key, workspacePrefix) {
			return nil, fmt.Errorf("questionnaire %q: keys starting with %q are reserved for workspaces' questionnaires", key, workspacePrefix)
		}
	}
	return c, nil
}

// WithLookup returns a catalog with the same files whose Get asks lookup for
// a version it does not hold. All and Latest still list the files only.
//
// Get is for a key and version read from a row the caller may see (an
// evaluation's, a candidate's): the version is then theirs. A key that comes
// from a request must be checked against the caller's workspace first (the
// store's Questionnaire does).
func (c *Catalog) WithLookup(lookup Lookup) *Catalog {
	out := &Catalog{byKey: map[string][]*Questionnaire{}, lookup: lookup}
	if c != nil {
		out.byKey = c.byKey
	}
	return out
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

// Get returns one version: one of the files, or what the lookup finds.
func (c *Catalog) Get(key string, version int) (*Questionnaire, bool) {
	for _, q := range c.byKey[key] {
		if q.Version == version {
			return q, true
		}
	}
	if c.lookup != nil {
		return c.lookup(key, version)
	}
	return nil, false
}

// Has reports whether the catalog's files hold the key.
func (c *Catalog) Has(key string) bool {
	return len(c.byKey[key]) > 0
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
