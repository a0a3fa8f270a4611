package mspeval

import (
	"strings"
	"time"
	// The zone database goes into the binary, so a zone a workspace chose
	// reads the same on a machine or image without one.
	_ "time/tzdata"
)

// DateStyle is how a workspace's documents (PDF, CSV, XLSX and emails) write
// dates. Pages follow the reader's browser language instead; documents travel
// to people whose browser nobody knows, so the workspace chooses once.
type DateStyle string

// The date styles a workspace can choose. Each names its month or orders its
// parts so that 3 December is never read as 12 March.
const (
	// DateStyleDayMonth writes "1 December 2026, 18:20 CET".
	DateStyleDayMonth DateStyle = "day-month"
	// DateStyleMonthDay writes "December 1, 2026, 6:20 PM EST".
	DateStyleMonthDay DateStyle = "month-day"
	// DateStyleISO writes "2026-12-01 18:20 CET".
	DateStyleISO DateStyle = "iso"
)

// DateStyles lists the styles in the order a settings form offers them.
var DateStyles = []DateStyle{DateStyleDayMonth, DateStyleMonthDay, DateStyleISO}

// Valid reports whether s is one of DateStyles.
func (s DateStyle) Valid() bool {
	for _, v := range DateStyles {
		if s == v {
			return true
		}
	}
	return false
}

// Example writes a fixed moment in this style, for a settings form.
func (s DateStyle) Example() string {
	return Dates{Style: s, Zone: time.UTC}.Time(time.Date(2027, 3, 15, 14, 30, 0, 0, time.UTC))
}

func (s DateStyle) layouts() (day, clock string) {
	switch s {
	case DateStyleMonthDay:
		return "January 2, 2006", "January 2, 2006, 3:04 PM"
	case DateStyleISO:
		return "2006-01-02", "2006-01-02 15:04"
	default:
		return "2 January 2006", "2 January 2006, 15:04"
	}
}

// Dates writes the dates and times of one workspace's documents: in its
// style and its time zone, with the zone named after every time.
type Dates struct {
	Style DateStyle
	Zone  *time.Location
}

// DefaultDates is the style of a workspace that has not chosen: day before
// month, in UTC.
func DefaultDates() Dates { return Dates{Style: DateStyleDayMonth, Zone: time.UTC} }

// NewDates checks a workspace's stored choice. An empty style or zone means
// the default; anything else that is not known is an invalid error naming the
// field.
func NewDates(style, zone string) (Dates, error) {
	d := DefaultDates()
	if style != "" {
		if !DateStyle(style).Valid() {
			return d, Invalid("unknown date style", FieldError{Field: "date_style",
				Message: "must be one of day-month, month-day or iso"})
		}
		d.Style = DateStyle(style)
	}
	if zone != "" {
		loc, err := LoadZone(zone)
		if err != nil {
			return d, err
		}
		d.Zone = loc
	}
	return d, nil
}

// LoadZone reads an IANA time zone name such as "Europe/Berlin". Names that
// the system does not know, and names that reach outside the zone database,
// are invalid errors on the field time_zone.
func LoadZone(name string) (*time.Location, error) {
	bad := func(msg string) error {
		return Invalid("unknown time zone", FieldError{Field: "time_zone", Message: msg})
	}
	if len(name) > 64 || strings.Contains(name, "..") || strings.HasPrefix(name, "/") || strings.ContainsAny(name, "\\\x00") {
		return nil, bad("must be a time zone name such as Europe/Berlin or UTC")
	}
	if name == "Local" {
		return nil, bad("must name a zone; Local depends on the server")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, bad("is not a time zone this server knows; use a name such as Europe/Berlin or UTC")
	}
	return loc, nil
}

func (d Dates) zone() *time.Location {
	if d.Zone == nil {
		return time.UTC
	}
	return d.Zone
}

// Day writes the calendar day of t in the workspace's zone.
func (d Dates) Day(t time.Time) string {
	day, _ := d.Style.layouts()
	return t.In(d.zone()).Format(day)
}

// Time writes t to the minute in the workspace's zone, followed by the zone's
// name: "1 December 2026, 18:20 CET".
func (d Dates) Time(t time.Time) string {
	_, clock := d.Style.layouts()
	t = t.In(d.zone())
	return t.Format(clock) + " " + ZoneName(t)
}

// DayOf writes a calendar day kept as YYYY-MM-DD (a due date): it has no time
// and no zone. A value that is not such a day is returned as it is, so that a
// mistake stays visible.
func (d Dates) DayOf(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	day, _ := d.Style.layouts()
	return t.Format(day)
}

// ZoneName names t's zone the way people read it: "CET", "UTC", or, where the
// zone database has no letters for it, "UTC+04" or "UTC-03:30".
func ZoneName(t time.Time) string {
	abbr := t.Format("MST")
	if abbr == "" || abbr[0] == '+' || abbr[0] == '-' {
		_, offset := t.Zone()
		if offset == 0 {
			return "UTC"
		}
		off := t.Format("-07:00")
		off = strings.TrimSuffix(off, ":00")
		return "UTC" + off
	}
	return abbr
}
