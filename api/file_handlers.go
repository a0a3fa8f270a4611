package api

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
	"mspeval/questions"
)

// Evidence files travel as the raw body (the file's name in ?name=) or as
// multipart/form-data with the file in a part named "file". A body is read
// only for a question that takes a file, and only up to the question's limit:
// a declared length over it is refused before anything is read, and an
// undeclared one stops at the limit. Nothing is stored unless the whole file
// passes (app.CheckFile).

// rawBodyKey holds the request body without MaxBodyBytes (limitBody).
const rawBodyKey = "mspeval.rawBody"

// multipartSlack is room for a multipart body's boundaries and part headers.
const multipartSlack = 64 << 10

// uploadTime is how long a file upload's body may take to arrive: the
// server's read timeout is set for JSON bodies, and a 25 MB file over a slow
// phone connection takes minutes. It is granted once the link (or the
// caller) and the question are known to take a file.
const uploadTime = 10 * time.Minute

func (s *Server) putRespondentFile(c *gin.Context) {
	ctx, token, key := c.Request.Context(), c.Param("token"), c.Param("question")
	s.putFile(c, func() (*questions.Question, error) { return s.app.RespondentFileQuestion(ctx, token, key) },
		func(name string, data []byte) (mspeval.FileChange, error) {
			return s.app.AttachRespondentFile(ctx, token, key, name, data)
		})
}

// putFile answers an upload: question finds the file question (checking the
// link or the caller) before anything is read, the body is read while one of
// the process's upload slots is held (app.Service.HoldUpload: 503 with
// Retry-After when they are all taken, the body unread), and attach checks
// and stores the file.
func (s *Server) putFile(c *gin.Context, question func() (*questions.Question, error),
	attach func(name string, data []byte) (mspeval.FileChange, error)) {
	qq, err := question()
	if err != nil {
		s.fail(c, err)
		return
	}
	release, err := s.app.HoldUpload()
	if err != nil {
		// The body stays unread: closing the connection after the answer
		// lets the refusal go out at once, where keeping it open would
		// first read up to 256 KB of the file the server is refusing.
		c.Header("Connection", "close")
		s.fail(c, err)
		return
	}
	defer release()
	name, data, err := readUpload(c, qq)
	if err != nil {
		s.fail(c, err)
		return
	}
	ch, err := attach(name, data)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ch)
}

func (s *Server) deleteRespondentFile(c *gin.Context) {
	ch, err := s.app.RemoveRespondentFile(c.Request.Context(), c.Param("token"), c.Param("question"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ch)
}

func (s *Server) getRespondentFile(c *gin.Context) {
	f, err := s.app.RespondentFile(c.Request.Context(), c.Param("token"), c.Param("question"))
	if err != nil {
		s.fail(c, err)
		return
	}
	sendFile(c, f)
}

func (s *Server) listCandidateFiles(c *gin.Context) {
	files, err := s.app.CandidateFiles(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	writeList(c, files, "")
}

func (s *Server) getCandidateFile(c *gin.Context) {
	f, err := s.app.CandidateFile(c.Request.Context(), callerOf(c), c.Param("id"), c.Param("question"))
	if err != nil {
		s.fail(c, err)
		return
	}
	sendFile(c, f)
}

func (s *Server) putCandidateFile(c *gin.Context) {
	ctx, caller, id, key := c.Request.Context(), callerOf(c), c.Param("id"), c.Param("question")
	s.putFile(c, func() (*questions.Question, error) { return s.app.CandidateFileQuestion(ctx, caller, id, key) },
		func(name string, data []byte) (mspeval.FileChange, error) {
			return s.app.AttachFile(ctx, caller, id, key, name, data)
		})
}

func (s *Server) deleteCandidateFile(c *gin.Context) {
	ch, err := s.app.RemoveFile(c.Request.Context(), callerOf(c), c.Param("id"), c.Param("question"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ch)
}

// sendFile sends a stored file as a download that no browser renders in
// place: an attachment with a safe name (RFC 6266), the type found from the
// content with sniffing off, a sandbox that runs nothing should it be opened
// anyway, and no reading by other sites.
func sendFile(c *gin.Context, f mspeval.FileContent) {
	h := c.Writer.Header()
	h.Set("Content-Disposition", contentDisposition(f.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", fileSandbox)
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, fileContentType(f.Type), f.Data)
}

// fileSandbox is the Content-Security-Policy of a downloaded file: should a
// browser show it, nothing in it runs, loads or reaches this site.
const fileSandbox = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"

// fileContentType is the Content-Type a file is sent with: its media type,
// with the charset said for CSV text (checked as UTF-8).
func fileContentType(mediaType string) string {
	if mediaType == questions.FileCSV.MediaType() {
		return mediaType + "; charset=utf-8"
	}
	return mediaType
}

// readUpload reads an upload for a question: its name and its bytes.
func readUpload(c *gin.Context, qq *questions.Question) (string, []byte, error) {
	limit := qq.MaxFileBytes()
	// Not every connection can move its deadline (a test's recorder cannot);
	// the server's own timeout then stands.
	_ = http.NewResponseController(c.Writer).SetReadDeadline(time.Now().Add(uploadTime))
	body, ok := c.Get(rawBodyKey)
	if !ok {
		return "", nil, mspeval.Invalid("no file was sent", missingFile(qq))
	}
	raw := body.(io.ReadCloser)
	mt, params, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if mt != "multipart/form-data" {
		if c.Request.ContentLength > limit {
			return "", nil, app.FileTooLarge(qq)
		}
		data, err := io.ReadAll(http.MaxBytesReader(c.Writer, raw, limit))
		if err != nil {
			return "", nil, uploadError(qq, err)
		}
		return c.Query("name"), data, nil
	}
	if c.Request.ContentLength > limit+multipartSlack {
		return "", nil, app.FileTooLarge(qq)
	}
	mr := multipart.NewReader(http.MaxBytesReader(c.Writer, raw, limit+multipartSlack), params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", nil, mspeval.Invalid("no file was sent", missingFile(qq))
		}
		if err != nil {
			return "", nil, uploadError(qq, err)
		}
		if part.FormName() != "file" {
			continue // the reader skips what is left of a part it is not asked to read
		}
		data, err := io.ReadAll(io.LimitReader(part, limit+1))
		if err != nil {
			return "", nil, uploadError(qq, err)
		}
		if int64(len(data)) > limit {
			return "", nil, app.FileTooLarge(qq)
		}
		return part.FileName(), data, nil
	}
}

func missingFile(qq *questions.Question) mspeval.FieldError {
	return mspeval.FieldError{Field: "answers." + qq.Key + ".file",
		Message: "is missing: send the file as the body, or as the part named file of a multipart/form-data body"}
}

func uploadError(qq *questions.Question, err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return app.FileTooLarge(qq)
	}
	return &mspeval.Error{Code: mspeval.EMALFORMED, Message: "the upload could not be read; send it again", Err: err}
}
