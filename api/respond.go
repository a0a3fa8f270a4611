package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"mspeval"
)

// listResponse is every list's shape; NextCursor is empty on the last page.
type listResponse[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func (s *Server) page(c *gin.Context) (mspeval.Page, bool) {
	p := mspeval.Page{Cursor: c.Query("cursor")}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > mspeval.MaxPageLimit {
			s.fail(c, mspeval.Invalid("the limit is out of range",
				mspeval.FieldError{Field: "limit", Message: "must be a whole number from 1 to " + strconv.Itoa(mspeval.MaxPageLimit)}))
			return p, false
		}
		p.Limit = n
	}
	return p, true
}

func writeList[T any](c *gin.Context, items []T, next string) {
	if items == nil {
		items = []T{}
	}
	c.JSON(http.StatusOK, listResponse[T]{Items: items, NextCursor: next})
}

// answersRequest is the body of both answer-saving routes. A null answer clears
// that question; questions not named keep their answers.
type answersRequest struct {
	Answers answerMap `json:"answers" validate:"required"`
}
