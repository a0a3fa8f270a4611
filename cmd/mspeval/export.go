package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"mspeval/app"
	"mspeval/report"
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
	d, err := app.New(s, app.Options{}).ExportReport(ctx, *evaluation)
	if err != nil {
		return fmt.Errorf("--evaluation %s: %w", *evaluation, err)
	}
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
	fmt.Fprintf(stderr, "wrote %s (%d bytes, %d candidates)\n", *out, b.Len(), len(d.Candidates))
	return nil
}
