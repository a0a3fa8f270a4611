package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
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
	// encoding/json would quietly turn bad bytes into U+FFFD; refuse them instead.
	if !utf8.Valid(body) {
		return mspeval.Errorf(mspeval.EMALFORMED, "the request body is not valid UTF-8")
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return mspeval.Errorf(mspeval.EMALFORMED, "send the body as application/json, not %s", ct)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return mspeval.Errorf(mspeval.EMALFORMED, "the request body has data after the JSON object")
	}
	return nil
}

var errEmptyBody = mspeval.Errorf(mspeval.EMALFORMED, "the request body is empty; send a JSON object")

func tooLarge() error {
	return mspeval.Errorf(mspeval.ETOOLARGE, "the request body is larger than %d bytes", MaxBodyBytes)
}

// jsonError turns a decoding error into a field error where it names a field.
func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return mspeval.Errorf(mspeval.EMALFORMED, "the body is not valid JSON (at byte %d): %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return mspeval.Errorf(mspeval.EMALFORMED, "the body must be a JSON object")
		}
		return &mspeval.Error{Code: mspeval.EMALFORMED, Message: "a field has the wrong type",
			Fields: []mspeval.FieldError{{Field: field, Message: "must be " + jsonKind(typ.Type) + ", not " + typ.Value}}}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return mspeval.Errorf(mspeval.EMALFORMED, "the body is not valid JSON: it ends too early")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return &mspeval.Error{Code: mspeval.EMALFORMED, Message: "the body has a field this endpoint does not take",
			Fields: []mspeval.FieldError{{Field: name, Message: "is not a known field"}}}
	}
	return &mspeval.Error{Code: mspeval.EMALFORMED, Message: "the body is not valid JSON", Err: err}
}

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
		// encoding/json adds the field's name to an UnmarshalTypeError.
		return &json.UnmarshalTypeError{Value: jsonValueKind(b), Type: reflect.TypeOf("")}
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
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	return enc.Encode(v)
}

func jsonValueKind(b []byte) string {
	switch b[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case 't', 'f':
		return "true or false"
	}
	return "a number"
}

// timestamp is a time.Time whose parse errors name their field.
type timestamp struct{ time.Time }

func (t *timestamp) UnmarshalJSON(b []byte) error {
	if err := t.Time.UnmarshalJSON(b); err != nil {
		return &json.UnmarshalTypeError{Value: "not an RFC 3339 date-time (2027-01-31T17:00:00Z)", Type: reflect.TypeOf(time.Time{})}
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

// answerMap decodes answers one by one, so that an error names the question:
// "answers.exit_handover.scale" rather than "answers.scale".
type answerMap map[string]*questions.Answer

func (m *answerMap) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(answerMap, len(raw))
	for key, v := range raw {
		if string(v) == "null" {
			out[key] = nil
			continue
		}
		var a questions.Answer
		dec := json.NewDecoder(bytes.NewReader(v))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&a); err != nil {
			var typ *json.UnmarshalTypeError
			if errors.As(err, &typ) {
				typ.Field = key + "." + typ.Field
				if typ.Field == key+"." {
					typ.Field = key
				}
				return typ
			}
			if strings.HasPrefix(err.Error(), "json: unknown field ") {
				name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
				return &json.UnmarshalTypeError{Value: "a field answers do not have", Field: key + "." + name, Type: reflect.TypeOf(a)}
			}
			return err
		}
		out[key] = &a
	}
	*m = out
	return nil
}
