package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"mspeval"
	"mspeval/app"
	"mspeval/store"
)

func cmdUser(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New(`usage: mspeval user create --email E --workspace W --role owner|editor|viewer [--name N]`)
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("email", "", "the account's email address (required)")
	name := fs.String("name", "", "the person's name")
	workspace := fs.String("workspace", "", "the workspace's name; created when none has it (required)")
	role := fs.String("role", "owner", "owner, editor or viewer")
	cfg, err := loadConfig(fs, args[1:], getenv)
	if err != nil {
		return err
	}
	password, err := readPassword(stdin, stderr)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, cfg, cfg.Migrate)
	if err != nil {
		return err
	}
	defer s.Close()
	user, ws, err := app.New(s, app.Options{}).CreateAccount(ctx, store.NewAccount{
		Email: *email, Name: *name, Password: password, Workspace: *workspace, Role: mspeval.Role(*role),
	})
	if err != nil {
		var e *mspeval.Error
		if errors.As(err, &e) && len(e.Fields) > 0 {
			var parts []string
			for _, f := range e.Fields {
				parts = append(parts, "--"+f.Field+" "+f.Message)
			}
			return fmt.Errorf("%s: %s", e.Message, strings.Join(parts, "; "))
		}
		return err
	}
	fmt.Fprintf(stdout, "created %s (%s) as %s of workspace %q\n", user.Email, user.ID, *role, ws.Name)
	return nil
}

// readPassword asks on a terminal (twice, without echo) or reads one line from a
// pipe, so scripts can do: echo "$PW" | mspeval user create ...
func readPassword(stdin io.Reader, prompt io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(prompt, "Password: ")
		p1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", err
		}
		fmt.Fprint(prompt, "Again: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", err
		}
		if string(p1) != string(p2) {
			return "", errors.New("the passwords differ")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input")
	}
	return line, nil
}
