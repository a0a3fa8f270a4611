package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"mspeval/app"
	"mspeval/demo"
	"mspeval/mail"
	"mspeval/outreach"
	"mspeval/questions"
	"mspeval/server"
	"mspeval/store"
)

// App is the running service: its store, its API and its HTTP server. Tests
// boot it on ":0" exactly as the binary does.
type App struct {
	Config Config
	Store  *store.Store
	Log    *slog.Logger

	listener net.Listener
	server   *http.Server
	// worker sends the outbox (email, webhooks) and closes evaluations at
	// their due date.
	worker *outreach.Worker
}

// openStore opens the database and brings its schema up to date (or refuses when
// migrations are pending and migrating was turned off, or the database is newer).
func openStore(ctx context.Context, cfg Config, migrate bool) (*store.Store, error) {
	catalog, err := questions.Builtin()
	if err != nil {
		return nil, fmt.Errorf("built-in questionnaires: %w", err)
	}
	s, err := store.Open(ctx, cfg.DB, catalog, store.Options{SessionIdle: cfg.SessionIdle, SessionMax: cfg.SessionMax})
	if err != nil {
		return nil, err
	}
	if cfg.QuickCheck {
		if err := s.QuickCheck(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	st, err := s.MigrationStatus(ctx)
	if err != nil {
		s.Close()
		return nil, err
	}
	switch {
	case st.Newer():
		s.Close()
		return nil, fmt.Errorf("the database is at schema version %d, newer than this binary's %d: run a newer mspeval", st.Current, st.Latest)
	case st.Pending() && !migrate:
		s.Close()
		return nil, fmt.Errorf("the database is at schema version %d and %d is needed: run \"mspeval migrate\" first, or start with --migrate=true", st.Current, st.Latest)
	case st.Pending():
		if _, err := s.Migrate(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	if err := s.SyncQuestionnaires(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// NewApp opens the store and builds the HTTP server, listening on cfg.Addr.
func NewApp(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	s, err := openStore(ctx, cfg, cfg.Migrate)
	if err != nil {
		return nil, err
	}
	var mailer mail.Sender
	if cfg.SMTPURL != "" {
		mc, err := mail.ParseConfig(cfg.SMTPURL, cfg.MailFrom)
		if err != nil {
			s.Close()
			return nil, err
		}
		if mailer, err = mail.NewSender(mc); err != nil {
			s.Close()
			return nil, err
		}
	}
	hooks, err := newPoster(cfg)
	if err != nil {
		s.Close()
		return nil, err
	}
	allow, _ := allowList(cfg.WebhookAllow) // checked by newPoster
	worker := outreach.New(s, mailer, hooks, outreach.Config{BaseURL: cfg.BaseURL}, log)
	h, err := server.New(app.New(s, app.Options{MailEnabled: mailer != nil, WebhookAllow: allow, UploadSlots: cfg.UploadSlots}), server.Config{BaseURL: cfg.BaseURL, TrustedProxies: cfg.TrustedProxies,
		SecureCookies: cfg.SecureCookies, MetricsToken: cfg.MetricsToken}, log)
	if err != nil {
		s.Close()
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		s.Close()
		return nil, err
	}
	return &App{
		Config: cfg, Store: s, Log: log, listener: ln, worker: worker,
		server: &http.Server{
			Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
			WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second,
		},
	}, nil
}

// Addr is the address the app listens on (useful with ":0").
func (a *App) Addr() string { return a.listener.Addr().String() }

// Run serves until ctx ends, then shuts down gracefully.
func (a *App) Run(ctx context.Context) error {
	// Start-up (migrations, the quick check, the catalogue) leaves garbage
	// the size of the largest it read; give it back to the system before
	// serving, so that the resident memory is the service's own.
	debug.FreeOSMemory()
	errc := make(chan error, 1)
	go func() { errc <- a.server.Serve(a.listener) }()
	// The worker stops with the server: what it holds is finished or given
	// back before Run returns.
	work, stopWork := context.WithCancel(context.Background())
	var done sync.WaitGroup
	done.Add(2)
	go func() { defer done.Done(); a.worker.Run(work) }()
	go func() { defer done.Done(); a.worker.Schedule(work) }()
	defer done.Wait()
	defer stopWork()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), a.Config.ShutdownGrace)
	defer cancel()
	err := a.server.Shutdown(shutdown)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// Close releases the database.
func (a *App) Close() error { return a.Store.Close() }

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	// JSON lines, each with the request's id when logged in a request.
	return slog.New(server.LogHandler(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})))
}

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	withDemo := fs.Bool("demo", false, "load the demo workspace (fictional MSPs) before serving")
	cfg, err := loadConfig(fs, args, getenv)
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.LogLevel)
	app, err := NewApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer app.Close()
	if *withDemo {
		res, err := demo.Load(ctx, app.Store, time.Now())
		if err != nil {
			return err
		}
		printDemo(stdout, cfg, res)
	}
	log.Info("mspeval is serving", "addr", app.Addr(), "base_url", cfg.BaseURL, "db", maskDSN(cfg.DB), "dialect", app.Store.Dialect())
	return app.Run(ctx)
}

func cmdDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg, err := loadConfig(fs, args, getenv)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, cfg, cfg.Migrate)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := demo.Load(ctx, s, time.Now())
	if err != nil {
		return err
	}
	printDemo(stdout, cfg, res)
	return nil
}

func printDemo(w io.Writer, cfg Config, res demo.Result) {
	if res.Created {
		fmt.Fprintln(w, "Demo workspace loaded: one evaluation, three fictional MSPs.")
	} else {
		fmt.Fprintln(w, "Demo workspace already present; only its respondent link is new.")
	}
	fmt.Fprintf(w, "Sign in at %s with email %s and password %s\n", cfg.BaseURL, demo.Email, demo.Password)
	fmt.Fprintf(w, "  curl -c cookies.txt -H 'Content-Type: application/json' -d '{\"email\":\"%s\",\"password\":\"%s\"}' %s/api/v1/session\n",
		demo.Email, demo.Password, cfg.BaseURL)
	if res.DraftLink != "" {
		fmt.Fprintf(w, "Answer as %s (a draft still open) at:\n  %s/r/%s\n", res.DraftCandidate, cfg.BaseURL, res.DraftLink)
		if res.Replaced > 0 {
			fmt.Fprintln(w, "  (a new link: the one printed at the last start was withdrawn, as links are kept only as hashes)")
		}
		fmt.Fprintf(w, "  (the same token on the API: curl %s/api/v1/respond/%s)\n", cfg.BaseURL, res.DraftLink)
	}
}

func cmdConfig(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("config", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg, err := loadConfig(fs, args, getenv)
	if err != nil {
		return err
	}
	cfg.print(stdout)
	return nil
}

func cmdMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	status := fs.Bool("status", false, "only show the database's schema version")
	cfg, err := loadConfig(fs, args, getenv)
	if err != nil {
		return err
	}
	s, err := openPlain(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	if !*status {
		before := st.Current
		if st, err = s.Migrate(ctx); err != nil {
			return err
		}
		if err := s.SyncQuestionnaires(ctx); err != nil {
			return err
		}
		if st.Current == before {
			fmt.Fprintf(stdout, "schema already at version %d; nothing to do\n", st.Current)
		} else {
			fmt.Fprintf(stdout, "schema migrated from version %d to %d\n", before, st.Current)
		}
		return nil
	}
	fmt.Fprintf(stdout, "schema version %d; this binary knows %d", st.Current, st.Latest)
	switch {
	case st.Newer():
		fmt.Fprint(stdout, " (the database is newer: run a newer mspeval)")
	case st.Pending():
		fmt.Fprint(stdout, " (run \"mspeval migrate\" to apply the rest)")
	}
	fmt.Fprintln(stdout)
	return nil
}

// openPlain opens the database with the built-in questionnaires, as it is:
// no migration, no check.
func openPlain(ctx context.Context, cfg Config) (*store.Store, error) {
	catalog, err := questions.Builtin()
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, cfg.DB, catalog, store.Options{})
}

// cmdBackup copies a SQLite database, consistently, while the service runs.
func cmdBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: mspeval backup [--db FILE] NEW-FILE")
		fs.PrintDefaults()
	}
	cfg, err := loadConfig(fs, args, getenv)
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("name the file to write the copy to")
	}
	s, err := openPlain(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "copied the database to %s\n", fs.Arg(0))
	return nil
}

func cmdHealthcheck(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg, err := loadConfig(fs, args, getenv)
	if err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return err
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthz answered %d", resp.StatusCode)
	}
	return nil
}
