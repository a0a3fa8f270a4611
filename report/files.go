package report

import (
	"fmt"

	"mspeval/questions"
)

// Evidence files in the reports: the files themselves stay in the service
// (evaluators download them from the review page); a report names each one,
// its kind and its size, beside the question that asked for it.

// attachedFile returns the file a candidate attached to a question, nil for
// none (or a question the candidate was not asked).
func (d *Data) attachedFile(candidateID string, qq *questions.Question) *questions.FileRef {
	if qq.Type != questions.TypeFile || !d.asked(candidateID, qq.Key) {
		return nil
	}
	return d.Candidates[candidateID].Answers[qq.Key].File
}

// fileQuestions are the questionnaire's file questions, in order.
func fileQuestions(d *Data) []*questions.Question {
	var out []*questions.Question
	for _, qq := range d.Questionnaire.Questions() {
		if qq.Type == questions.TypeFile {
			out = append(out, qq)
		}
	}
	return out
}

// evidenceFiles lists, for a questionnaire with file questions, what each
// candidate attached to each, in rank order; nothing for one without.
func evidenceFiles(dc *doc, d *Data) {
	qs := fileQuestions(d)
	if len(qs) == 0 {
		return
	}
	number := questionNumbers(d)
	cols := []column{{"Candidate", 0.25, "L"}, {"File", 0.45, "L"}, {"Kind", 0.18, "L"}, {"Size", 0.12, "R"}}
	for i, qq := range qs {
		var rows [][]cell
		for _, c := range d.Result.Candidates {
			f := d.attachedFile(c.ID, qq)
			if f == nil {
				rows = append(rows, []cell{{text: oneLine(c.Name), style: "B"}, {text: "no file", style: "I", ink: &muted}, {text: "–"}, {text: "–"}})
				continue
			}
			kind := f.Type
			if k, ok := questions.KindOf(f.Type); ok {
				kind = k.Label()
			}
			rows = append(rows, []cell{{text: oneLine(c.Name), style: "B"}, {text: oneLine(f.Name)}, {text: kind},
				{text: questions.FormatBytes(f.Size)}})
		}
		title := fmt.Sprintf("%d. %s", number[qq.Key], oneLine(qq.Prompt))
		if i == 0 {
			dc.heading("Evidence files", 30+dc.tableStart(cols, rows, 9))
			dc.font("", 9.5, ink)
			dc.paragraph("The files the candidates attached, by question. They are kept in the service, where evaluators "+
				"open them from each candidate's review page. A file is scored only by the evaluators' ratings against "+
				"the question's anchors: until someone rates it, it is unscored and counts as missing in the coverage.", margin, dc.width())
			dc.pdf.Ln(2)
		}
		dc.subheading(title, dc.tableStart(cols, rows, 9))
		dc.table(cols, rows, 9)
		dc.pdf.Ln(2)
	}
}
