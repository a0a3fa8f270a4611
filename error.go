package mspeval

import (
	"errors"
	"fmt"
	"net/http"
)

// Error codes. Each maps to one HTTP status, in Status and nowhere else.
const (
	EINVALID      = "invalid"                // the input is well formed but breaks a rule
	EMALFORMED    = "malformed"              // the input cannot be read (bad JSON, wrong types)
	ENOTFOUND     = "not_found"              // no such object, or not in the caller's workspace
	ECONFLICT     = "conflict"               // the object's state forbids the change
	EPRECONDITION = "precondition_failed"    // the object changed since the version the change started from
	EUNAUTHORIZED = "unauthorized"           // the caller is not signed in
	EFORBIDDEN    = "forbidden"              // signed in, but the role does not allow it
	EGONE         = "gone"                   // an invitation that expired or was revoked
	ETOOLARGE     = "too_large"              // the request body is over the limit
	EUNSUPPORTED  = "unsupported_media_type" // the body is not in a format the endpoint reads
	ERATELIMITED  = "rate_limited"           // too many attempts; retry later
	EUNAVAILABLE  = "unavailable"            // a dependency (the database) cannot serve now
	EINTERNAL     = "internal"               // anything unexpected; its detail is never shown
)

// FieldError names one field of the input and what is wrong with it. Field uses the
// JSON names a client sends, with dots for nesting ("answers.exit_plan.choice").
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is the one error type the domain returns. Its Message is safe to show to
// the caller; an internal error's cause is kept in Err and only logged.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	// RetryAfter, in seconds, for ERATELIMITED.
	RetryAfter int
	// Reported: the fault was logged where it was found; callers need not
	// log it again.
	Reported bool
	Err      error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error carrying field errors.
func Invalid(message string, fields ...FieldError) *Error {
	return &Error{Code: EINVALID, Message: message, Fields: fields}
}

// NotFound returns the error for an object the caller cannot see. Objects of other
// workspaces answer the same way as objects that do not exist.
func NotFound(what string) *Error {
	return &Error{Code: ENOTFOUND, Message: what + " not found"}
}

// Internal wraps an unexpected error.
func Internal(err error) *Error {
	return &Error{Code: EINTERNAL, Message: "internal error", Err: err}
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the caller-safe message of err.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "internal error"
}

// statusOf is the one place where an error code becomes an HTTP status. The API
// writes it into problem+json and the web UI onto its error page.
var statusOf = map[string]int{
	EINVALID:      http.StatusUnprocessableEntity,
	EMALFORMED:    http.StatusBadRequest,
	ENOTFOUND:     http.StatusNotFound,
	ECONFLICT:     http.StatusConflict,
	EPRECONDITION: http.StatusPreconditionFailed,
	EUNAUTHORIZED: http.StatusUnauthorized,
	EFORBIDDEN:    http.StatusForbidden,
	EGONE:         http.StatusGone,
	ETOOLARGE:     http.StatusRequestEntityTooLarge,
	EUNSUPPORTED:  http.StatusUnsupportedMediaType,
	ERATELIMITED:  http.StatusTooManyRequests,
	EUNAVAILABLE:  http.StatusServiceUnavailable,
	EINTERNAL:     http.StatusInternalServerError,
}

// Status returns the HTTP status for err: the status of its code, 500 for an
// error that is not an *Error or carries an unknown code.
func Status(err error) int {
	if st, ok := statusOf[ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// Unexpected reports whether err is a fault of the service rather than of the
// request: those, and only those, are logged with their cause. An unavailable
// database is reported to the caller as 503 and logged as well, unless the
// error says it was reported already (Error.Reported: a damaged database file
// is logged once, not once per request).
func Unexpected(err error) bool {
	var e *Error
	if errors.As(err, &e) && e.Reported {
		return false
	}
	return err != nil && Status(err) >= 500
}
