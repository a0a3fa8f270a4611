package api

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
	"mspeval/scoring"
)

// Testing the rules of a draft or a published version: what the phrase rules
// make of one answer text, and how they fare on a labelled corpus. Both only
// read, so any member may run them.

type ruleTestRequest struct {
	QuestionKey string `json:"question_key"`
	Text        string `json:"text"`
}

type ruleTestResponse struct {
	Questionnaire versionRef `json:"questionnaire"`
	// DraftID is set when the rules tested are a draft's.
	DraftID  string `json:"draft_id,omitempty"`
	Question struct {
		Key    string `json:"key"`
		Prompt string `json:"prompt"`
	} `json:"question"`
	Text          string                   `json:"text"`
	Words         int                      `json:"words"`
	RulesApplying int                      `json:"rules_applying"`
	Fired         []firedRule              `json:"fired"`
	Matches       []ruleMatch              `json:"matches"`
	Specifics     []scoring.EvidencePhrase `json:"specifics"`
	Vague         []scoring.EvidencePhrase `json:"vague"`
	Suggested     *suggestedRating         `json:"suggested"`
}

// firedRule is a rule the text counts as, with the words that make it fire.
type firedRule struct {
	Rule      string       `json:"rule"`
	Label     string       `json:"label"`
	Kind      string       `json:"kind"`
	Dimension string       `json:"dimension"`
	Matches   []firedMatch `json:"matches"`
}

type firedMatch struct {
	Matched string `json:"matched"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	// NegationOf names the rule whose negated match counts as this one.
	NegationOf string `json:"negation_of,omitempty"`
}

// ruleMatch is one match of a rule in the text, negated or not.
type ruleMatch struct {
	Rule      string              `json:"rule"`
	Label     string              `json:"label"`
	Kind      string              `json:"kind"`
	Dimension string              `json:"dimension"`
	Matched   string              `json:"matched"`
	Start     int                 `json:"start"`
	End       int                 `json:"end"`
	Negation  *negation           `json:"negation"`
	Parts     []scoring.MatchPart `json:"parts"`
}

type negation struct {
	Cue      string `json:"cue"`
	CueStart int    `json:"cue_start"`
	CueEnd   int    `json:"cue_end"`
	// CountsAs is the rule a negated match counts as; nil: it counts for nothing.
	CountsAs *string `json:"counts_as"`
}

type suggestedRating struct {
	Rating             float64  `json:"rating"`
	Formula            string   `json:"formula"`
	Reasons            []string `json:"reasons"`
	SpecificCategories int      `json:"specific_categories"`
	GreenRules         int      `json:"green_rules"`
	RedRules           int      `json:"red_rules"`
	VaguePhrases       int      `json:"vague_phrases"`
	Short              bool     `json:"short"`
}

func toRuleTestResponse(t app.RuleTest, draftID string) ruleTestResponse {
	ev := t.Evidence
	out := ruleTestResponse{Questionnaire: versionRef{Key: t.Questionnaire.Key, Version: t.Questionnaire.Version},
		DraftID: draftID, Text: t.Text, Words: ev.Words, RulesApplying: len(t.Applying),
		Fired: []firedRule{}, Matches: make([]ruleMatch, 0, len(ev.Signals)), Specifics: ev.Specifics, Vague: ev.Vague}
	out.Question.Key, out.Question.Prompt = t.Question.Key, t.Question.Prompt
	// Counted is in text order: a rule's first match places it in the list.
	at := map[string]int{}
	for _, m := range ev.Counted {
		i, ok := at[m.Rule]
		if !ok {
			i = len(out.Fired)
			at[m.Rule] = i
			out.Fired = append(out.Fired, firedRule{Rule: m.Rule, Label: m.Label, Kind: m.Kind, Dimension: m.Dimension})
		}
		out.Fired[i].Matches = append(out.Fired[i].Matches, firedMatch{Matched: m.Matched, Start: m.Start, End: m.End, NegationOf: m.NegationOf})
	}
	for _, s := range ev.Signals {
		m := ruleMatch{Rule: s.Rule, Label: s.Label, Kind: s.Kind, Dimension: s.Dimension, Matched: s.Matched,
			Start: s.Start, End: s.End, Parts: s.Parts}
		if m.Parts == nil {
			m.Parts = []scoring.MatchPart{}
		}
		if s.Negated != "" {
			m.Negation = &negation{Cue: s.Negated, CueStart: s.CueStart, CueEnd: s.CueEnd}
			if s.CountsAs != "" {
				m.Negation.CountsAs = &s.CountsAs
			}
		}
		out.Matches = append(out.Matches, m)
	}
	if ev.Suggested != nil {
		out.Suggested = &suggestedRating{Rating: *ev.Suggested, Formula: ev.Formula, Reasons: ev.Reasons,
			SpecificCategories: ev.SpecificCategories, GreenRules: ev.GreenRules, RedRules: ev.RedRules,
			VaguePhrases: ev.VaguePhrases, Short: ev.Short}
	}
	return out
}

func (s *Server) draftRuleTest(c *gin.Context) {
	var req ruleTestRequest
	if !s.bind(c, &req) {
		return
	}
	t, err := s.app.TestDraftRules(c.Request.Context(), callerOf(c), c.Param("id"), app.RuleTestInput{QuestionKey: req.QuestionKey, Text: req.Text})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toRuleTestResponse(t, c.Param("id")))
}

func (s *Server) versionRuleTest(c *gin.Context) {
	v, ok := s.versionParam(c)
	if !ok {
		return
	}
	var req ruleTestRequest
	if !s.bind(c, &req) {
		return
	}
	t, err := s.app.TestRules(c.Request.Context(), callerOf(c), c.Param("key"), v, app.RuleTestInput{QuestionKey: req.QuestionKey, Text: req.Text})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toRuleTestResponse(t, ""))
}

type corpusCheckResponse struct {
	Texts        int             `json:"texts"`
	ByLabel      map[string]int  `json:"by_label"`
	Passes       bool            `json:"passes"`
	Verdicts     []corpusVerdict `json:"verdicts"`
	Rules        []corpusRule    `json:"rules"`
	Misses       []corpusLine    `json:"misses"`
	WrongNegated []corpusLine    `json:"wrong_negated"`
	FalseFirings []corpusLine    `json:"false_firings"`
}

type corpusVerdict struct {
	Measure    string  `json:"measure"`
	Value      float64 `json:"value"`
	Threshold  float64 `json:"threshold"`
	Comparison string  `json:"comparison"`
	Passes     bool    `json:"passes"`
	Count      int     `json:"count"`
	Of         int     `json:"of"`
	Sentence   string  `json:"sentence"`
}

// corpusRule is a rule's row of the confusion table; a ratio with nothing to
// count is null.
type corpusRule struct {
	Rule      string   `json:"rule"`
	Kind      string   `json:"kind"`
	Texts     int      `json:"texts"`
	Caught    int      `json:"caught"`
	Recall    *float64 `json:"recall"`
	Negated   int      `json:"negated"`
	Held      int      `json:"held"`
	Firings   int      `json:"firings"`
	Right     int      `json:"right"`
	Precision *float64 `json:"precision"`
}

type corpusLine struct {
	Line     int      `json:"line"`
	Question string   `json:"question"`
	Label    string   `json:"label"`
	Rule     string   `json:"rule"`
	Text     string   `json:"text"`
	Fired    []string `json:"fired"`
	Note     string   `json:"note,omitempty"`
}

func toCorpusCheckResponse(cc app.CorpusCheck) corpusCheckResponse {
	r := cc.Report
	out := corpusCheckResponse{Texts: r.Texts, ByLabel: r.ByLabel, Passes: cc.Passes,
		Verdicts: make([]corpusVerdict, len(cc.Verdicts)), Rules: make([]corpusRule, len(r.Rules)),
		Misses: corpusLines(r.Misses), WrongNegated: corpusLines(r.WrongNegated), FalseFirings: corpusLines(r.FalseFirings)}
	for i, v := range cc.Verdicts {
		cmp := "at_least"
		if v.AtMost {
			cmp = "at_most"
		}
		out.Verdicts[i] = corpusVerdict{Measure: v.Measure, Value: v.Value, Threshold: v.Threshold, Comparison: cmp,
			Passes: v.Passes, Count: v.Count, Of: v.Of, Sentence: v.Sentence}
	}
	for i, row := range r.Rules {
		out.Rules[i] = corpusRule{Rule: row.Rule, Kind: row.Kind, Texts: row.Texts, Caught: row.Recalled,
			Recall: share(row.Recalled, row.Texts), Negated: row.Negated, Held: row.NegatedHeld,
			Firings: row.Firings, Right: row.Right, Precision: share(row.Right, row.Firings)}
	}
	return out
}

func share(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	v := float64(n) / float64(of)
	return &v
}

func corpusLines(ls []scoring.CorpusLine) []corpusLine {
	out := make([]corpusLine, len(ls))
	for i, l := range ls {
		out[i] = corpusLine{Line: l.Line, Question: l.Question, Label: l.Label, Rule: l.Rule, Text: l.Text, Fired: l.Fired, Note: l.Note}
		if out[i].Fired == nil {
			out[i].Fired = []string{}
		}
	}
	return out
}

func (s *Server) draftCorpusCheck(c *gin.Context) {
	corpus, err := readCorpus(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	cc, err := s.app.CheckDraftCorpus(c.Request.Context(), callerOf(c), c.Param("id"), bytes.NewReader(corpus))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toCorpusCheckResponse(cc))
}

// tsvType is how a labelled corpus is sent, whole, as the request body.
const tsvType = "text/tab-separated-values"

// readCorpus reads a labelled corpus: the body itself as
// text/tab-separated-values, or the part named "file" of a multipart form (a
// browser's file upload). Either way it must be UTF-8 within the body limit.
func readCorpus(c *gin.Context) ([]byte, error) {
	r := c.Request
	if r.ContentLength > MaxBodyBytes {
		return nil, tooLarge()
	}
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	var body []byte
	switch {
	case err == nil && mt == tsvType:
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
			return nil, mspeval.Errorf(mspeval.EUNSUPPORTED, "send the corpus as UTF-8, not %s", strconv.QuoteToASCII(cs))
		}
		body, err = io.ReadAll(r.Body)
	case err == nil && mt == "multipart/form-data":
		body, err = corpusFile(c)
	default:
		return nil, mspeval.Errorf(mspeval.EUNSUPPORTED, "send the corpus as %s or as the file of a multipart/form-data upload, not %s", tsvType, strconv.QuoteToASCII(ct))
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, tooLarge()
	case err != nil:
		var e *mspeval.Error
		if errors.As(err, &e) {
			return nil, e
		}
		return nil, &mspeval.Error{Code: mspeval.EMALFORMED, Message: "the request body could not be read", Err: err}
	case len(bytes.TrimSpace(body)) == 0:
		return nil, mspeval.Invalid("the corpus is empty", mspeval.FieldError{Field: "corpus",
			Message: "is empty: send the header line \"question\\tlabel\\trule\\ttext\" and one labelled text a line"})
	case !utf8.Valid(body):
		return nil, mspeval.Invalid("the corpus is not UTF-8", mspeval.FieldError{Field: "corpus", Message: "is not valid UTF-8; save the file as UTF-8"})
	}
	return body, nil
}

func corpusFile(c *gin.Context) ([]byte, error) {
	fh, err := c.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return nil, mspeval.Invalid("no corpus file was sent", mspeval.FieldError{Field: "file", Message: "is missing: attach the labelled TSV as the form's \"file\""})
	}
	if err != nil {
		return nil, err
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}
