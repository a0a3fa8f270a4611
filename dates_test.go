package mspeval

import (
	"errors"
	"testing"
	"time"
)

func TestDatesWriteEveryStyleInTheWorkspaceZone(t *testing.T) {
	at := time.Date(2026, 12, 1, 18, 20, 0, 0, time.UTC)
	cases := []struct {
		style, zone    string
		wantDay, wantT string
	}{
		{"", "", "1 December 2026", "1 December 2026, 18:20 UTC"},
		{"day-month", "Europe/Berlin", "1 December 2026", "1 December 2026, 19:20 CET"},
		{"month-day", "America/New_York", "December 1, 2026", "December 1, 2026, 1:20 PM EST"},
		{"iso", "Asia/Kolkata", "2026-12-01", "2026-12-01 23:50 IST"},
		// A zone without letters in the database is named by its offset.
		{"iso", "Asia/Dubai", "2026-12-01", "2026-12-01 22:20 UTC+04"},
		{"iso", "Australia/Adelaide", "2026-12-02", "2026-12-02 04:50 ACDT"},
		{"iso", "Pacific/Chatham", "2026-12-02", "2026-12-02 08:05 UTC+13:45"},
	}
	for _, c := range cases {
		d, err := NewDates(c.style, c.zone)
		if err != nil {
			t.Fatalf("NewDates(%q, %q): %v", c.style, c.zone, err)
		}
		if got := d.Day(at); got != c.wantDay {
			t.Errorf("%s in %s: Day = %q, want %q", c.style, c.zone, got, c.wantDay)
		}
		if got := d.Time(at); got != c.wantT {
			t.Errorf("%s in %s: Time = %q, want %q", c.style, c.zone, got, c.wantT)
		}
	}
}

func TestDueDatesKeepTheirDayInEveryZone(t *testing.T) {
	d, _ := NewDates("month-day", "Pacific/Kiritimati")
	if got, want := d.DayOf("2027-03-15"), "March 15, 2027"; got != want {
		t.Errorf("DayOf = %q, want %q", got, want)
	}
	if got := d.DayOf("soon"); got != "soon" {
		t.Errorf("DayOf of a non-date = %q, want it unchanged", got)
	}
}

func TestUnknownStylesAndZonesNameTheirField(t *testing.T) {
	for _, c := range []struct{ style, zone, field string }{
		{"dd/mm/yyyy", "", "date_style"},
		{"", "Mars/Olympus", "time_zone"},
		{"", "../../etc/passwd", "time_zone"},
		{"", "Local", "time_zone"},
	} {
		_, err := NewDates(c.style, c.zone)
		var e *Error
		if !errors.As(err, &e) || e.Code != EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != c.field {
			t.Errorf("NewDates(%q, %q) = %v, want an invalid error on %s", c.style, c.zone, err, c.field)
		}
	}
}
