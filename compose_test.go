package mspeval_test

import (
	"context"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
)

// There is no Docker engine on the build machines, so the compose file is
// proved valid by loading it with the reference loader.
func TestComposeFileIsValid(t *testing.T) {
	opts, err := cli.NewProjectOptions([]string{"docker-compose.yml"}, cli.WithName("mspeval"), cli.WithConsistency(true))
	if err != nil {
		t.Fatal(err)
	}
	p, err := cli.ProjectFromOptions(context.Background(), opts)
	if err != nil {
		t.Fatalf("docker-compose.yml does not load: %v", err)
	}
	app, err := p.GetService("app")
	if err != nil {
		t.Fatal(err)
	}
	db, err := p.GetService("db")
	if err != nil {
		t.Fatal(err)
	}
	if app.Build == nil || app.Build.Context == "" {
		t.Error("app is not built from the repository")
	}
	if app.HealthCheck == nil || db.HealthCheck == nil {
		t.Error("both services need a health check")
	}
	if dep, ok := app.DependsOn["db"]; !ok || dep.Condition != "service_healthy" {
		t.Errorf("app must wait for a healthy db: got %+v", app.DependsOn)
	}
	if _, ok := p.Volumes["pgdata"]; !ok || len(db.Volumes) == 0 {
		t.Error("the database needs its volume")
	}
	if dsn := app.Environment["MSPEVAL_DB"]; dsn == nil || (*dsn)[:11] != "postgres://" {
		t.Errorf("app must use PostgreSQL: MSPEVAL_DB = %v", dsn)
	}
}
