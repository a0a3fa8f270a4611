package report

import (
	"fmt"

	"mspeval/scoring"
)

// matrix is the question-by-question table: questions as rows, candidates as
// columns in groups that fit a landscape page, each score shaded.
func matrix(dc *doc, d *Data) {
	qs := d.Questionnaire.Questions()
	cands := d.Result.Candidates
	perPage := 8
	for start := 0; start < len(cands); start += perPage {
		group := cands[start:min(start+perPage, len(cands))]
		dc.page("L")
		title := "Question by question"
		if len(cands) > perPage {
			title += fmt.Sprintf(" (candidates %d–%d of %d)", start+1, start+len(group), len(cands))
		}
		cols := []column{{"Question", 0.38, "L"}}
		share := 0.62 / float64(max(len(group), 5))
		for _, c := range group {
			cols = append(cols, column{fmt.Sprintf("%d. %s", c.Rank, oneLine(c.Name)), share, "C"})
		}
		var rows [][]cell
		legend := matrixLegend
		for qi, qq := range qs {
			row := []cell{{text: fmt.Sprintf("%d. %s", qi+1, oneLine(qq.Prompt))}}
			for _, c := range group {
				row = append(row, scoreCell(c.Answers[qi]))
				if c.Answers[qi].Source == scoring.SourceNotAsked {
					legend = matrixLegend + " " + notAskedLegend
				}
			}
			rows = append(rows, row)
		}
		dc.heading(title, dc.tableStart(cols, rows, 8))
		dc.tableNoted(cols, rows, 8, legend)
	}
}

// matrixLegend explains the matrix's cells under the table on every page.
const matrixLegend = "Legend: each cell is the answer's score from 0 (worst) to 4 (best), darker for higher. " +
	"r: the evaluators' consensus. p: provisional, from the answer's text, not yet rated by an evaluator. " +
	"– (a dash): not scored, because the answer is a text that no evaluator has rated yet, or there is no answer."

// notAskedLegend explains the cells of questions a candidate was not shown;
// the legend carries it on the pages that have one.
const notAskedLegend = "not asked: the question was not shown to this candidate, because it applies only to other " +
	"answers to an earlier question; it is neither scored nor counted in coverage."

func scoreCell(a scoring.AnswerScore) cell {
	if a.Source == scoring.SourceNotAsked {
		return cell{text: "not asked", ink: &muted}
	}
	if a.Score == nil {
		return cell{text: "–", ink: &muted}
	}
	v := *a.Score
	text := fmt.Sprintf("%.1f", v)
	switch {
	case a.Source == scoring.SourceConsensus:
		text += " r"
	case a.Provisional:
		text += " p"
	}
	// From a pale to a deep blue; white text on the darker half.
	t := v / 4
	bg := rgb{int(235 - t*(235-30)), int(242 - t*(242-90)), int(250 - t*(250-170))}
	c := cell{text: text, fill: &bg}
	if t > 0.55 {
		white := rgb{255, 255, 255}
		c.ink = &white
	}
	return c
}
