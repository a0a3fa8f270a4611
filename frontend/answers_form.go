package frontend

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/questions"
)

// parseAnswers reads the questions a posted form carries (each marks itself
// with a hidden "present" field). A question the form carries but leaves empty
// is cleared; a question it does not carry keeps its answer, so that an old or
// partial form can never wipe a draft.
func parseAnswers(c *gin.Context, q *questions.Questionnaire) (map[string]*questions.Answer, map[string]string) {
	out := map[string]*questions.Answer{}
	errs := map[string]string{}
	for _, qq := range q.Questions() {
		prefix := "a." + qq.Key + "."
		// A file question is answered by its file (files.go), never by fields.
		if c.PostForm(prefix+"present") == "" || qq.Type == questions.TypeFile {
			continue
		}
		a := &questions.Answer{}
		if v := c.PostForm(prefix + "choice"); v != "" {
			a.Choice = &v
		}
		if vs := c.PostFormArray(prefix + "choices"); len(vs) > 0 {
			a.Choices = vs
		}
		if v := c.PostForm(prefix + "scale"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				errs[qq.Key] = "the scale takes a whole number"
				continue
			}
			a.Scale = &n
		}
		if v, ok := c.GetPostForm(prefix + "text"); ok && strings.TrimSpace(v) != "" {
			v = strings.ReplaceAll(v, "\r\n", "\n")
			a.Text = &v
		}
		if a.IsEmpty() {
			out[qq.Key] = nil
			continue
		}
		out[qq.Key] = a
	}
	return out, errs
}

// plain turns parsed answers back into values for re-showing a form.
func plain(in map[string]*questions.Answer) map[string]questions.Answer {
	out := map[string]questions.Answer{}
	for k, a := range in {
		if a != nil {
			out[k] = *a
		}
	}
	return out
}

// questionErrors maps field errors (answers.<key>.<part>) to their question.
func questionErrors(err error) map[string]string {
	out := map[string]string{}
	if e := (*mspeval.Error)(nil); errors.As(err, &e) {
		for _, f := range e.Fields {
			key := strings.TrimPrefix(f.Field, "answers.")
			part := ""
			if i := strings.IndexByte(key, '.'); i >= 0 {
				key, part = key[:i], key[i+1:]
			}
			msg := f.Message
			if part != "" {
				msg = part + ": " + msg
			}
			out[key] = msg
		}
	}
	return out
}
