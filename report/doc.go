// Package report renders an evaluation's comparison for the decision file: a PDF
// (the comparison, or one candidate in depth), CSV and XLSX. It is plain Go over
// the scoring result: no HTTP, no database, no clock of its own (the time printed
// is passed in), so the same data and time give the same bytes.
package report
