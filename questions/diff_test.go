package questions

import (
	"reflect"
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	a, err := Parse("tiny.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.NewReplacer(
		"title: Tiny", "title: Tinier",
		"{key: replace, label: We replace, score: 0}", "{key: replace, label: We replace, score: 1}",
		"{dimension: fit, weight: 2}", "{dimension: fit, weight: 3}",
		// role's anchor 3 changes, and notes is renamed: removed and added.
		"anchors: {0: a, 1: b, 2: c, 3: d, 4: e}\n      - key: notes", "anchors: {0: a, 1: b, 2: c, 3: x, 4: e}\n      - key: extra",
	).Replace(valid)
	b, err := Parse("tinier.yaml", []byte(edited))
	if err != nil {
		t.Fatal(err)
	}
	d := Compare(a, b)
	if len(d.Added) != 1 || d.Added[0].Key != "extra" || len(d.Removed) != 1 || d.Removed[0].Key != "notes" {
		t.Errorf("added %+v, removed %+v; want extra added and notes removed", d.Added, d.Removed)
	}
	if len(d.Changes) != 1 || d.Changes[0] != (Change{Field: "title", From: "Tiny", To: "Tinier"}) {
		t.Errorf("questionnaire changes: got %+v", d.Changes)
	}
	if len(d.Changed) != 1 || d.Changed[0].Key != "role" {
		t.Fatalf("changed: got %+v", d.Changed)
	}
	want := []Change{
		{Field: "options.replace.score", From: "0", To: "1"},
		{Field: "dimensions.fit.weight", From: "2", To: "3"},
		{Field: "guidance.anchors.3", From: "d", To: "x"},
	}
	if got := d.Changed[0].Changes; !reflect.DeepEqual(got, want) {
		t.Errorf("role's changes:\n got %+v\nwant %+v", got, want)
	}
	if same := Compare(a, a); len(same.Changed)+len(same.Added)+len(same.Removed)+len(same.Changes) != 0 || same.Unchanged != 2 {
		t.Errorf("a version against itself: got %+v", same)
	}
}

// TestCompareCoversEveryField keeps the comparison complete: a field added to
// a question or a questionnaire (a condition, an evidence file) must be
// compared, or listed here as not a change of its own.
func TestCompareCoversEveryField(t *testing.T) {
	for _, tc := range []struct {
		typ      reflect.Type
		compared string // the fields Compare reads, by their file names
	}{
		{reflect.TypeOf(Question{}), "key prompt type required show_if help source text options scale file dimensions guidance knockout"},
		{reflect.TypeOf(Questionnaire{}), "key version title description source dimensions sections signals evidence results -"},
		{reflect.TypeOf(Option{}), "key label score contradicted_by exclusive"},
		{reflect.TypeOf(SignalRule{}), "key label kind dimension description patterns concepts match questions negated"},
		{reflect.TypeOf(Dimension{}), "key name description higher_is_worse default_weight"},
		{reflect.TypeOf(Guidance{}), "listen_for red_flags anchors"},
		{reflect.TypeOf(FileSpec{}), "max_bytes accept"},
		{reflect.TypeOf(Section{}), "key title intro show_if questions"},
		{reflect.TypeOf(Condition{}), "question equals"},
	} {
		known := map[string]bool{}
		for _, f := range strings.Fields(tc.compared) {
			known[f] = true
		}
		for i := 0; i < tc.typ.NumField(); i++ {
			f := tc.typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if f.IsExported() && !known[name] {
				t.Errorf("%s.%s (%s) is not compared: add it to Compare (diff.go) and to this list", tc.typ.Name(), f.Name, name)
			}
		}
	}
}
