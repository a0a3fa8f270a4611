package questions

import (
	"testing"
)

func TestBuiltinLoads(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatalf("built-in questionnaires do not load: %v", err)
	}
	q, ok := c.Latest("partner-selection")
	if !ok {
		t.Fatal("partner-selection is not built in")
	}
	if q.Version != 1 {
		t.Errorf("version: got %d, want 1", q.Version)
	}
}
