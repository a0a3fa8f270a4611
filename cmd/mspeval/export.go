package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"mspeval/report"
	"mspeval/scoring"
)

// cmdExport writes an evaluation's report from the shell, as the API would.
func cmdExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	evaluation := fs.String("evaluation", "", "the evaluation's ID (required)")
	format := fs.String("format", "pdf", "pdf, csv (answers), summary-csv or xlsx")
	out := fs.String("o", "", "the file to write; - for standard output (required)")
	cfg, err := loadConfig(fs, args, getenv)
	if err != nil {
		return err
	}
	if *evaluation == "" || *out == "" {
		return errors.New("usage: mspeval export --evaluation ID --format pdf|csv|summary-csv|xlsx -o FILE")
	}
	render := map[string]func(io.Writer, *report.Data) error{
		"pdf": report.ComparisonPDF, "csv": report.AnswersCSV, "summary-csv": report.SummaryCSV, "xlsx": report.XLSX,
	}[*format]
	if render == nil {
		return fmt.Errorf("--format %q: use pdf, csv, summary-csv or xlsx", *format)
	}
	s, err := openStore(ctx, cfg, cfg.Migrate)
	if err != nil {
		return err
	}
	defer s.Close()
	caller, err := s.EvaluationCaller(ctx, *evaluation)
	if err != nil {
		return fmt.Errorf("--evaluation %s: %w", *evaluation, err)
	}
	data, err := s.ScoringData(ctx, caller, *evaluation)
	if err != nil {
		return err
	}
	res, err := scoring.Evaluate(data.Input)
	if err != nil {
		return err
	}
	ws, err := s.Workspace(ctx, caller)
	if err != nil {
		return err
	}
	d := report.FromEvaluation(data.Evaluation, ws.Name, data.Input, res, data.Candidates, time.Now().UTC(), false)
	var b bytes.Buffer
	if err := render(&b, d); err != nil {
		return err
	}
	if *out == "-" {
		_, err = stdout.Write(b.Bytes())
		return err
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s (%d bytes, %d candidates)\n", *out, b.Len(), len(res.Candidates))
	return nil
}
