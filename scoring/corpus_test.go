package scoring

import (
	"os"
	"strings"
	"testing"

	"mspeval/questions"
)

func partnerSelectionV2(t testing.TB) *questions.Questionnaire {
	t.Helper()
	c, err := questions.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	q, ok := c.Get("partner-selection", 2)
	if !ok {
		t.Fatal("partner-selection version 2 is not built in")
	}
	return q
}

// TestCorpus measures the version 2 rules on the labelled corpus in
// testdata/corpus.tsv and prints the confusion table (go test -run TestCorpus -v).
//
// Per text, a rule "fires" when the text counts as it: an un-negated match, or
// a negated match counted as the rule's declared negated meaning. The test
// fails when:
//   - red recall is below 90 %: a red text counts as recalled when its own
//     rule (the rule column) fires; recall = recalled / red texts;
//   - green recall is below 90 %, the same for green texts;
//   - precision is below 95 %: precision = firings with the right polarity /
//     all firings over the corpus, where red is right on red and negated_green
//     texts, green on green and negated_red texts, and nothing on neutral ones;
//   - any negated text is flagged with the wrong polarity: a negated_red text
//     must fire no red rule, a negated_green text no green rule.
func TestCorpus(t *testing.T) {
	checkCorpusFile(t, "testdata/corpus.tsv")
}

// TestParaphrases runs the same check on paraphrases written for the rules'
// own tests, from the guide's themes (testdata/paraphrases.tsv).
func TestParaphrases(t *testing.T) {
	checkCorpusFile(t, "testdata/paraphrases.tsv")
}

// TestCorpusDev2 runs the same check on a second corpus written from the
// guide's themes by someone who had not seen the rules (testdata/corpus-dev2.tsv):
// its misses were read as families of wording to generalise, never as
// sentences to add.
func TestCorpusDev2(t *testing.T) {
	checkCorpusFile(t, "testdata/corpus-dev2.tsv")
}

func checkCorpusFile(t *testing.T, path string) {
	t.Helper()
	q := partnerSelectionV2(t)
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("no corpus: %v", err)
	}
	defer f.Close()
	rep, err := CheckCorpus(q, f)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := rep.Write(&b); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
	for _, msg := range rep.Failures() {
		t.Error(msg)
	}
}
