package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"mspeval/questions"
	"mspeval/scoring"
)

// cmdSignals runs a questionnaire's phrase rules over a labelled file of answer
// texts and prints the confusion table, so that a questionnaire author can see
// what the rules catch and miss. It exits non-zero when the thresholds fail.
func cmdSignals(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "check" {
		return errors.New("usage: mspeval signals check [--questionnaire KEY] [--version N | --file YAML] FILE.tsv")
	}
	fs := flag.NewFlagSet("signals check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	key := fs.String("questionnaire", "partner-selection", "the built-in questionnaire's key")
	version := fs.Int("version", 0, "its version (default: the latest)")
	file := fs.String("file", "", "a questionnaire YAML file to check instead of a built-in one")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: mspeval signals check [flags] FILE.tsv\n\nFILE.tsv has a header line and the columns question, label (red, green, neutral,\nnegated_red, negated_green), rule (- for neutral) and text.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("name one labelled TSV file")
	}
	q, err := checkedQuestionnaire(*key, *version, *file)
	if err != nil {
		return err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	rep, err := scoring.CheckCorpus(q, f)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	if err := rep.Write(stdout); err != nil {
		return err
	}
	if fails := rep.Failures(); len(fails) > 0 {
		return errors.New("the rules miss their thresholds: " + strings.Join(fails, "; "))
	}
	return nil
}

func checkedQuestionnaire(key string, version int, file string) (*questions.Questionnaire, error) {
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		return questions.Parse(file, data)
	}
	catalog, err := questions.Builtin()
	if err != nil {
		return nil, err
	}
	q, ok := catalog.Latest(key)
	if version > 0 {
		q, ok = catalog.Get(key, version)
	}
	if !ok {
		return nil, fmt.Errorf("--questionnaire %s --version %d: no such built-in questionnaire", key, version)
	}
	if !q.HasEvidence() && len(q.Signals) == 0 {
		return nil, fmt.Errorf("%s version %d declares no phrase rules", q.Key, q.Version)
	}
	return q, nil
}
