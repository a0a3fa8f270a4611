package report

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// Page compression. gofpdf compresses each page's content with a zlib writer
// of its own, and a writer allocates over a megabyte before it compresses
// anything: a comparison of 200 candidates (some 300 pages) spent most of its
// memory and a quarter of its time there. So the reports' documents are
// written uncompressed and compressPages compresses their page contents
// afterwards with one writer. It produces the very bytes gofpdf would have
// produced with compression on (same zlib level, same object layout), which a
// test pins; a document it does not recognise is written as it is, valid but
// larger.

// compressPages writes raw, an uncompressed document as gofpdf writes it, to
// w with its page contents compressed.
func compressPages(w io.Writer, raw []byte) error {
	plan, ok := planCompression(raw)
	if !ok {
		_, err := w.Write(raw)
		return err
	}
	out := &countingWriter{w: bufio.NewWriterSize(w, 64<<10)}
	out.Write(raw[:plan.objects[0].start])
	offsets := make([]int, len(plan.objects)+1)
	var zbuf bytes.Buffer
	zw, err := zlib.NewWriterLevel(&zbuf, zlib.BestSpeed)
	if err != nil {
		return err
	}
	for _, o := range plan.objects {
		offsets[o.number] = out.n
		if o.content == nil {
			out.Write(raw[o.start:o.end])
			continue
		}
		zbuf.Reset()
		zw.Reset(&zbuf)
		if _, err := zw.Write(o.content); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		fmt.Fprintf(out, "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", o.number, zbuf.Len())
		out.Write(zbuf.Bytes())
		out.Write([]byte("\nendstream\nendobj\n"))
	}
	xref := out.n
	fmt.Fprintf(out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for _, off := range offsets[1:] {
		fmt.Fprintf(out, "%010d 00000 n \n", off)
	}
	out.Write(plan.trailer)
	fmt.Fprintf(out, "startxref\n%d\n", xref)
	out.Write(plan.tail)
	if out.err != nil {
		return out.err
	}
	return out.w.Flush()
}

// pdfObject is one object of a document: raw[start:end]. content is the
// uncompressed stream of a page's content object, nil for other objects.
type pdfObject struct {
	number     int
	start, end int
	content    []byte
}

type compressionPlan struct {
	objects []pdfObject // in the order of the file
	// trailer runs from "trailer" to just before "startxref"; tail is what
	// follows the cross-reference offset.
	trailer, tail []byte
}

// planCompression finds the objects of raw through its cross-reference
// table, and the page contents among them through the pages' /Contents.
func planCompression(raw []byte) (compressionPlan, bool) {
	var plan compressionPlan
	sx := bytes.LastIndex(raw, []byte("\nstartxref\n"))
	if sx < 0 {
		return plan, false
	}
	numEnd := bytes.IndexByte(raw[sx+11:], '\n')
	if numEnd < 0 {
		return plan, false
	}
	xref, err := strconv.Atoi(string(raw[sx+11 : sx+11+numEnd]))
	if err != nil || xref <= 0 || xref >= sx {
		return plan, false
	}
	plan.tail = raw[sx+11+numEnd+1:]
	table := raw[xref : sx+1]
	var count int
	if _, err := fmt.Sscanf(string(table[:min(len(table), 32)]), "xref\n0 %d\n", &count); err != nil || count < 2 {
		return plan, false
	}
	head := fmt.Sprintf("xref\n0 %d\n0000000000 65535 f \n", count)
	entries := len(head) + 20*(count-1)
	if !bytes.HasPrefix(table, []byte(head)) || len(table) < entries || !bytes.HasPrefix(table[entries:], []byte("trailer\n")) {
		return plan, false
	}
	plan.trailer = table[entries:]
	for i := 1; i < count; i++ {
		e := table[len(head)+20*(i-1) : len(head)+20*i]
		if !bytes.HasSuffix(e, []byte(" 00000 n \n")) {
			return plan, false
		}
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || off <= 0 || off >= xref {
			return plan, false
		}
		plan.objects = append(plan.objects, pdfObject{number: i, start: off})
	}
	slices.SortFunc(plan.objects, func(a, b pdfObject) int { return a.start - b.start })
	contents := map[int]bool{}
	for i := range plan.objects {
		o := &plan.objects[i]
		o.end = xref
		if i+1 < len(plan.objects) {
			o.end = plan.objects[i+1].start
		}
		body, ok := bytes.CutPrefix(raw[o.start:o.end], []byte(strconv.Itoa(o.number)+" 0 obj\n"))
		if !ok || o.start == o.end {
			return plan, false
		}
		if page, ok := bytes.CutPrefix(body, []byte("<</Type /Page\n")); ok {
			n, ok := contentsOf(page)
			if !ok {
				return plan, false
			}
			contents[n] = true
		}
	}
	for i := range plan.objects {
		o := &plan.objects[i]
		if !contents[o.number] {
			continue
		}
		delete(contents, o.number)
		var ok bool
		if o.content, ok = streamOf(raw[o.start:o.end], o.number); !ok {
			return plan, false
		}
	}
	return plan, len(contents) == 0
}

// contentsOf reads the object number of a page's "/Contents n 0 R".
func contentsOf(page []byte) (int, bool) {
	_, rest, ok := bytes.Cut(page, []byte("\n/Contents "))
	if !ok {
		return 0, false
	}
	num, _, ok := bytes.Cut(rest, []byte(" 0 R>>\n"))
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(string(num))
	return n, err == nil
}

// streamOf returns the data of an uncompressed stream object exactly as
// gofpdf writes one: "n 0 obj\n<</Length l>>\nstream\n", l bytes,
// "\nendstream\nendobj\n".
func streamOf(obj []byte, number int) ([]byte, bool) {
	head := strconv.Itoa(number) + " 0 obj\n<</Length "
	if !bytes.HasPrefix(obj, []byte(head)) {
		return nil, false
	}
	rest := obj[len(head):]
	num, rest, ok := bytes.Cut(rest, []byte(">>\nstream\n"))
	if !ok {
		return nil, false
	}
	length, err := strconv.Atoi(string(num))
	if err != nil || length < 0 || len(rest) != length+len("\nendstream\nendobj\n") ||
		!bytes.Equal(rest[length:], []byte("\nendstream\nendobj\n")) {
		return nil, false
	}
	return rest[:length], true
}

// countingWriter counts what it writes and keeps the first error.
type countingWriter struct {
	w   *bufio.Writer
	n   int
	err error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += n
	c.err = err
	return n, err
}
