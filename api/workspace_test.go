package api_test

import (
	"testing"

	"mspeval"
	"mspeval/store/storetest"
)

func TestWorkspaceDateSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		var ws mspeval.Workspace
		e.must(200, request{Method: "GET", Path: "/api/v1/workspace", As: "viewerA"}).decode(t, &ws)
		if ws.Name != "Workspace A" || ws.DateStyle != "" || ws.TimeZone != "" {
			t.Errorf("a new workspace: got %+v, want the default date style and zone", ws)
		}
		change := map[string]any{"date_style": "month-day", "time_zone": "America/New_York"}
		e.must(403, request{Method: "PATCH", Path: "/api/v1/workspace", As: "editorA", Body: change})
		e.must(200, request{Method: "PATCH", Path: "/api/v1/workspace", As: "ownerA", Body: change}).decode(t, &ws)
		if ws.DateStyle != mspeval.DateStyleMonthDay || ws.TimeZone != "America/New_York" {
			t.Errorf("after the change: got %+v", ws)
		}

		// Every problem is named on its field, and nothing changes.
		p := e.must(422, request{Method: "PATCH", Path: "/api/v1/workspace", As: "ownerA", Malformed: true,
			Raw: `{"date_style": "dd/mm/yy", "time_zone": "Mars/Olympus"}`}).problem(t)
		for _, field := range []string{"date_style", "time_zone"} {
			if !hasField(p.Errors, field) {
				t.Errorf("got %+v, want a field error naming %s", p.Errors, field)
			}
		}
		e.must(200, request{Method: "GET", Path: "/api/v1/workspace", As: "viewerA"}).decode(t, &ws)
		if ws.DateStyle != mspeval.DateStyleMonthDay || ws.TimeZone != "America/New_York" {
			t.Errorf("a refused change changed the workspace: got %+v", ws)
		}

		// Only the time zone changes; an empty style goes back to the default.
		e.must(200, request{Method: "PATCH", Path: "/api/v1/workspace", As: "ownerA", Body: map[string]any{"date_style": ""}}).decode(t, &ws)
		if ws.DateStyle != "" || ws.TimeZone != "America/New_York" {
			t.Errorf("after clearing the style: got %+v", ws)
		}

		var other mspeval.Workspace
		e.must(200, request{Method: "GET", Path: "/api/v1/workspace", As: "ownerB"}).decode(t, &other)
		if other.Name != "Workspace B" || other.TimeZone != "" {
			t.Errorf("workspace B: got %+v, want it untouched", other)
		}
	})
}
