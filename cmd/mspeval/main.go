// Command mspeval is the one binary of the service: it serves the API, migrates
// the database, creates accounts and loads demo data.
//
//	mspeval serve [--demo] [flags]   run the service
//	mspeval migrate [--status]       apply (or show) database migrations
//	mspeval user create --email E --workspace W --role owner   (password on stdin or prompt)
//	mspeval demo                     load the demo workspace and print how to sign in
//	mspeval config                   print the configuration, secrets masked
//	mspeval export --evaluation ID --format pdf|csv|summary-csv|xlsx -o FILE
//	mspeval backup FILE              copy a SQLite database while it runs
//	mspeval healthcheck              probe a running service (container health checks)
//	mspeval signals check FILE.tsv   test a questionnaire's phrase rules on labelled answers
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/gin-gonic/gin"
)

func main() {
	// Release mode: no route listing or debug warnings on the console. Set once,
	// here, for the process; packages never touch gin's global mode.
	gin.SetMode(gin.ReleaseMode)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mspeval:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return fmt.Errorf("name a command")
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], getenv, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, args[1:], getenv, stdout, stderr)
	case "user":
		return cmdUser(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "demo":
		return cmdDemo(ctx, args[1:], getenv, stdout, stderr)
	case "config":
		return cmdConfig(args[1:], getenv, stdout, stderr)
	case "export":
		return cmdExport(ctx, args[1:], getenv, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, args[1:], getenv, stdout, stderr)
	case "healthcheck":
		return cmdHealthcheck(ctx, args[1:], getenv, stderr)
	case "signals":
		return cmdSignals(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		usage(stdout)
		return nil
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: mspeval <command> [flags]

commands:
  serve [--demo]     run the service (applies pending migrations unless --migrate=false)
  migrate [--status] apply pending database migrations, or show where the database stands
  user create        create an account: --email, --workspace, --role owner|editor|viewer, --name;
                     the password is read from standard input, or asked for on a terminal
  demo               load the demo workspace and print how to sign in
  config             print the configuration with secrets masked
  export             write an evaluation's report: --evaluation ID --format pdf|csv|summary-csv|xlsx -o FILE
  backup FILE        copy the SQLite database to a new FILE, consistently, while the service runs
  healthcheck        exit 0 when the service on --addr answers /healthz (for containers)
  signals check      run a questionnaire's phrase rules over a labelled TSV and print what they
                     catch and miss: [--questionnaire KEY --version N | --file YAML] FILE.tsv

Run "mspeval <command> -h" for the command's flags.
`)
}
