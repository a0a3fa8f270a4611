package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"mspeval"
)

// Problem is an RFC 9457 problem details body, with field errors for validation.
type Problem struct {
	Type   string               `json:"type"`
	Title  string               `json:"title"`
	Status int                  `json:"status"`
	Detail string               `json:"detail,omitempty"`
	Code   string               `json:"code"`
	Errors []mspeval.FieldError `json:"errors,omitempty"`
}

// problemFor builds the body for an error, with the status mspeval.Status gives
// it. Unexpected errors are logged here, and only here; their detail never
// reaches the caller.
func problemFor(ctx context.Context, log *slog.Logger, method, route string, err error) Problem {
	status := mspeval.Status(err)
	code := mspeval.ErrorCode(err)
	if status == http.StatusInternalServerError {
		code = mspeval.EINTERNAL
	}
	p := Problem{
		Type:   "urn:mspeval:problem:" + code,
		Title:  http.StatusText(status),
		Status: status,
		Code:   code,
		Detail: mspeval.ErrorMessage(err),
	}
	var e *mspeval.Error
	if errors.As(err, &e) {
		p.Errors = e.Fields
	}
	if mspeval.Unexpected(err) {
		// The route pattern, never the path: a respondent's path holds its secret.
		log.ErrorContext(ctx, "request failed", "method", method, "route", route, "err", err)
	}
	return p
}

// fail writes err as problem+json and stops the handler chain.
func (s *Server) fail(c *gin.Context, err error) {
	p := problemFor(c.Request.Context(), s.log, c.Request.Method, c.FullPath(), err)
	var e *mspeval.Error
	if errors.As(err, &e) && e.RetryAfter > 0 {
		c.Header("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	if p.Status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="mspeval"`)
	}
	writeProblem(c.Writer, p)
	c.Abort()
}

// WriteError writes err as problem+json, logging it when it is unexpected,
// for the few routes outside the API's router (package server's /readyz
// and /metrics).
func WriteError(ctx context.Context, log *slog.Logger, w http.ResponseWriter, route string, err error) {
	writeProblem(w, problemFor(ctx, log, http.MethodGet, route, err))
}

func writeProblem(w http.ResponseWriter, p Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_ = jsonEncode(w, p)
}
