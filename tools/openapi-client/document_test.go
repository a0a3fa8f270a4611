package openapiclient_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	client "mspeval/tools/openapi-client"
)

// Scores, weights and shares are fractional: a generator must not narrow them
// to float32, which is what an unformatted `type: number` gives in Go.
var (
	_ *float64 = client.ComparisonCandidate{}.Overall
	_ float64  = client.ComparisonCandidate{}.Coverage
	_ float64  = client.DimensionWeight{}.Weight
	_ float64  = client.EvaluatorRating{}.Score
)

func TestGeneratedNumbersAreFloat64(t *testing.T) {
	src, err := os.ReadFile("client.gen.go")
	if err != nil {
		t.Fatalf("read the generated client (run go generate first): %v", err)
	}
	for i, line := range strings.Split(string(src), "\n") {
		if strings.Contains(line, "float32") {
			t.Errorf("client.gen.go:%d: %s\n(give the number `format: double` in api/openapi.yaml)", i+1, strings.TrimSpace(line))
		}
	}
}

// TestEveryOperationIsDescribed keeps every operation explained to whoever
// reads the document or the generated client: a description that says more
// than the summary, in at least one full sentence.
func TestEveryOperationIsDescribed(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromFile(filepath.Join(root, "api", "openapi.yaml"))
	if err != nil {
		t.Fatalf("load api/openapi.yaml: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("api/openapi.yaml is not valid: %v", err)
	}
	sentence := regexp.MustCompile(`[.)]\s*$`)
	n := 0
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			n++
			name := method + " " + path
			desc := strings.TrimSpace(op.Description)
			switch {
			case desc == "":
				t.Errorf("%s (%s) has no description", name, op.OperationID)
			case strings.EqualFold(strings.TrimSuffix(desc, "."), strings.TrimSuffix(strings.TrimSpace(op.Summary), ".")):
				t.Errorf("%s (%s): the description repeats the summary", name, op.OperationID)
			case len(strings.Fields(desc)) < 8 || !sentence.MatchString(desc):
				t.Errorf("%s (%s): the description %q is not a sentence of explanation", name, op.OperationID, desc)
			}
		}
	}
	if n == 0 {
		t.Fatal("api/openapi.yaml has no operations")
	}
}
