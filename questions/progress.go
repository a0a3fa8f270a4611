package questions

// Progress counts the required questions and how many of them the answers
// complete (see Question.Complete). The respondent's form shows it, whether it
// is rendered by the server or updated after an autosave. A question the
// answers hide (Visibility) is not counted.
func (q *Questionnaire) Progress(answers map[string]Answer) (done, total int) {
	shown := q.Visibility(answers)
	for _, qq := range q.Questions() {
		if !qq.Required || !shown.Shows(qq.Key) {
			continue
		}
		total++
		if qq.Complete(answers[qq.Key]) {
			done++
		}
	}
	return done, total
}
