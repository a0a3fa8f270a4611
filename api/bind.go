package api

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/go-playground/validator/v10"

	"mspeval"
	"mspeval/questions"
)

// MaxBodyBytes is the largest request body the API reads.
const MaxBodyBytes = 1 << 20

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	// Field errors name fields as the client wrote them, by their JSON names.
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	return v
}

// bind decodes a JSON body into dst strictly (unknown fields are refused, so a
// misspelt field is an error rather than silently ignored) and validates it.
func (s *Server) bind(c *gin.Context, dst any) bool {
	return s.bindBody(c, dst, false)
}

// bindOptional is bind for routes whose body may be left out.
func (s *Server) bindOptional(c *gin.Context, dst any) bool {
	return s.bindBody(c, dst, true)
}

func (s *Server) bindBody(c *gin.Context, dst any, optional bool) bool {
	if err := decodeJSON(c.Request, dst); err != nil {
		if optional && errors.Is(err, errEmptyBody) {
			return true
		}
		s.fail(c, err)
		return false
	}
	if err := s.validate.Struct(dst); err != nil {
		s.fail(c, validationError(err))
		return false
	}
	return true
}

func decodeJSON(r *http.Request, dst any) error {
	if r.ContentLength > MaxBodyBytes {
		return tooLarge()
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooLarge()
		}
		return &mspeval.Error{Code: mspeval.EMALFORMED, Message: "the request body could not be read", Err: err}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return errEmptyBody
	}
	if err := checkMediaType(r.Header.Get("Content-Type")); err != nil {
		return err
	}
	// Say so rather than let a decoder turn bad bytes into U+FFFD.
	if !utf8.Valid(body) {
		return mspeval.Errorf(mspeval.EMALFORMED, "the request body is not valid UTF-8")
	}
	return unmarshalStrict(body, dst)
}

// checkMediaType accepts application/json as RFC 9110 writes media types: the
// type without regard to case, with parameters (charset=utf-8). A prefix test
// would let application/jsonx through; a missing type is refused too, as a body
// must say what it is.
func checkMediaType(ct string) error {
	if ct == "" {
		return mspeval.Errorf(mspeval.EUNSUPPORTED, "send the body with Content-Type: application/json")
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return mspeval.Errorf(mspeval.EUNSUPPORTED, "send the body as application/json, not %s", strconv.QuoteToASCII(ct))
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return mspeval.Errorf(mspeval.EUNSUPPORTED, "send the body as UTF-8, not %s", strconv.QuoteToASCII(cs))
	}
	return nil
}

// unmarshalStrict decodes one JSON value into dst as it is written: object keys
// match field names case-sensitively, a key given twice is refused rather than
// the last one winning, unknown fields are refused, and nothing may follow the
// value. json/v2 does the first two by default and Unmarshal the last.
func unmarshalStrict(body []byte, dst any) error {
	if err := json.Unmarshal(body, dst, json.RejectUnknownMembers(true)); err != nil {
		return jsonError(err)
	}
	return nil
}

var errEmptyBody = mspeval.Errorf(mspeval.EMALFORMED, "the request body is empty; send a JSON object")

func tooLarge() error {
	return mspeval.Errorf(mspeval.ETOOLARGE, "the request body is larger than %d bytes", MaxBodyBytes)
}

// jsonError turns a decoding error into a field error where it names a field.
func jsonError(err error) error {
	var syn *jsontext.SyntacticError
	var sem *json.SemanticError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return mspeval.Errorf(mspeval.EMALFORMED, "the body is not valid JSON: it ends too early")
	case errors.As(err, &syn) && errors.Is(syn.Err, jsontext.ErrDuplicateName):
		return &mspeval.Error{Code: mspeval.EMALFORMED, Message: "the body gives a field more than once",
			Fields: []mspeval.FieldError{{Field: fieldName(syn.JSONPointer), Message: "is given more than once"}}}
	case errors.As(err, &syn):
		return mspeval.Errorf(mspeval.EMALFORMED, "the body is not valid JSON (at byte %d): %v", syn.ByteOffset, syn.Err)
	case errors.As(err, &sem) && errors.Is(sem.Err, json.ErrUnknownName):
		return &mspeval.Error{Code: mspeval.EMALFORMED, Message: "the body has a field this endpoint does not take",
			Fields: []mspeval.FieldError{{Field: fieldName(sem.JSONPointer), Message: "is not a known field"}}}
	case errors.As(err, &sem):
		field := fieldName(sem.JSONPointer)
		if field == "" {
			return mspeval.Errorf(mspeval.EMALFORMED, "the body must be a JSON object")
		}
		want := ""
		var we wantError
		if errors.As(sem.Err, &we) {
			want = string(we)
		} else if sem.GoType != nil {
			want = jsonKind(sem.GoType)
		}
		msg := "must be " + want
		if got := kindName(sem.JSONKind); got != "" {
			msg += ", not " + got
		}
		return &mspeval.Error{Code: mspeval.EMALFORMED, Message: "a field has the wrong type",
			Fields: []mspeval.FieldError{{Field: field, Message: msg}}}
	}
	return &mspeval.Error{Code: mspeval.EMALFORMED, Message: "the body is not valid JSON", Err: err}
}

// fieldName writes a JSON pointer (/answers/exit_plan/choice) the way field
// errors name fields (answers.exit_plan.choice).
func fieldName(p jsontext.Pointer) string {
	var parts []string
	for tok := range p.Tokens() {
		parts = append(parts, tok)
	}
	return strings.Join(parts, ".")
}

// kindName names a JSON kind as encoding/json's errors did, which clients of
// the field errors have seen so far.
func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 't', 'f':
		return "bool"
	case '"':
		return "string"
	case '0':
		return "number"
	case '{':
		return "object"
	case '[':
		return "array"
	}
	return ""
}

// wantError is what a field's own UnmarshalJSON says it must be ("a string").
type wantError string

func (e wantError) Error() string { return "must be " + string(e) }

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Float64, reflect.Float32:
		return "a number"
	case reflect.Slice:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "a " + t.String()
}

func validationError(err error) error {
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return mspeval.Internal(err)
	}
	fields := make([]mspeval.FieldError, 0, len(ves))
	for _, fe := range ves {
		ns := fe.Namespace()
		if i := strings.IndexByte(ns, '.'); i >= 0 {
			ns = ns[i+1:]
		}
		fields = append(fields, mspeval.FieldError{Field: ns, Message: describe(fe)})
	}
	return mspeval.Invalid("the request is not valid", fields...)
}

func describe(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "max":
		if fe.Kind() == reflect.String {
			return "must be at most " + fe.Param() + " characters long"
		}
		return "must be at most " + fe.Param()
	case "min":
		if fe.Kind() == reflect.String {
			return "must be at least " + fe.Param() + " characters long"
		}
		return "must be at least " + fe.Param()
	case "oneof":
		return "must be one of: " + strings.ReplaceAll(fe.Param(), " ", ", ")
	case "email":
		return "is not an email address"
	}
	return fmt.Sprintf("fails the %q rule", fe.Tag())
}

// optionalString tells a field left out (unchanged) from one sent as null or ""
// (cleared) in a PATCH body.
type optionalString struct {
	set   bool
	value string
}

func (o *optionalString) UnmarshalJSON(b []byte) error {
	o.set = true
	if string(b) == "null" {
		o.value = ""
		return nil
	}
	if err := json.Unmarshal(b, &o.value); err != nil {
		// The decoder adds the field's name and the kind sent.
		return wantError("a string")
	}
	return nil
}

func (o optionalString) ptr() *string {
	if !o.set {
		return nil
	}
	return &o.value
}

func jsonEncode(w io.Writer, v any) error {
	enc := stdjson.NewEncoder(w)
	enc.SetEscapeHTML(true)
	return enc.Encode(v)
}

// timestamp is a time.Time whose parse errors name their field.
type timestamp struct{ time.Time }

func (t *timestamp) UnmarshalJSON(b []byte) error {
	if err := t.Time.UnmarshalJSON(b); err != nil {
		return wantError("an RFC 3339 date-time (2027-01-31T17:00:00Z)")
	}
	return nil
}

// ptr returns the time or nil.
func (t *timestamp) ptr() *time.Time {
	if t == nil {
		return nil
	}
	return &t.Time
}

// answerMap is a response's answers by question key. The decoder's JSON
// pointer names the question in an error: "answers.exit_handover.scale".
type answerMap map[string]*questions.Answer
