package frontend

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/app"
	"mspeval/questions"
	"mspeval/store"
)

// registerQuestionnaires adds the questionnaire pages: the list, a published
// version, its export and the comparison of two versions, and the workspace's
// drafts (drafts.go).
func (ui *UI) registerQuestionnaires(in *gin.RouterGroup) {
	in.GET("/questionnaires", ui.questionnairesPage)
	in.GET("/questionnaires/:key", ui.questionnairePage)
	in.GET("/questionnaires/:key/export", ui.questionnaireExport)
	in.GET("/questionnaire-comparison", ui.questionnaireComparison)
	in.POST("/questionnaire-drafts", ui.draftClone)
	in.POST("/questionnaire-drafts/import", ui.draftImport)
	in.GET("/questionnaire-drafts/:id", ui.draftPage)
	in.POST("/questionnaire-drafts/:id", ui.draftSave)
	in.GET("/questionnaire-drafts/:id/yaml", ui.draftYAMLPage)
	in.POST("/questionnaire-drafts/:id/yaml", ui.draftYAMLSave)
	in.GET("/questionnaire-drafts/:id/export", ui.draftExport)
	in.POST("/questionnaire-drafts/:id/delete", ui.draftDelete)
	in.GET("/questionnaire-drafts/:id/publish", ui.draftPublishPage)
	in.POST("/questionnaire-drafts/:id/publish", ui.draftPublish)
}

// questionnaireFlashes are this part's confirmations, picked by key like the
// layout's.
var questionnaireFlashes = map[string]string{
	"cloned":    "The draft is ready to edit. Nothing changes for anyone until you publish it.",
	"imported":  "The file was imported as a draft. Nothing changes for anyone until you publish it.",
	"saved":     "Saved. The draft passes every check; publish it when it is ready.",
	"published": "Published. This version never changes; new evaluations can use it now.",
	"deleted":   "The draft was deleted.",
}

func (ui *UI) questionnaireBase(c *gin.Context, title string) page {
	p := ui.base(c, title, "questionnaires")
	if f, ok := questionnaireFlashes[c.Query("done")]; ok {
		p.Flash = f
	}
	return p
}

// maxImportBytes bounds an uploaded questionnaire file, as the API bounds a
// request body.
const maxImportBytes = 1 << 20

type questionnairesData struct {
	CanEdit  bool
	Builtins []questionnaireRow
	Own      []questionnaireRow
	Drafts   []draftRow
	// Sources are the versions a draft may start from, the latest first.
	Sources []choice
	// Clone and CloneKey are the new-draft form as typed; Fields its problems.
	Clone, CloneKey string
	// CompareFrom and CompareTo are the comparison form's first choices.
	CompareFrom, CompareTo string
	Fields                 map[string]string
	// ImportProblems name every problem of a refused file.
	ImportProblems []string
}

type questionnaireRow struct {
	Key, LocalKey, Title, Description string
	Builtin                           bool
	Versions                          []versionRow
}

type versionRow struct {
	Key         string
	Version     int
	Latest      bool
	PublishedAt *time.Time
	// BasedOn names what the version was cloned from; CompareHref compares it
	// with its previous version, or with what it was cloned from.
	BasedOn, BasedOnHref, CompareHref, CompareLabel string
}

type draftRow struct {
	ID, Title, LocalKey string
	Version             int
	BasedOn             string
	BasedOnHref         string
	UpdatedAt           time.Time
}

func (ui *UI) questionnairesPage(c *gin.Context) {
	ui.showQuestionnaires(c, http.StatusOK, func(*questionnairesData) {})
}

// showQuestionnaires renders the list; adjust fills in what a refused form
// needs (what was typed, the problems).
func (ui *UI) showQuestionnaires(c *gin.Context, status int, adjust func(*questionnairesData)) {
	ctx, caller := c.Request.Context(), callerOf(c)
	list, err := ui.app.ListQuestionnaires(ctx, caller)
	if err != nil {
		ui.fail(c, err)
		return
	}
	own, err := ui.app.QuestionnaireVersions(ctx, caller)
	if err != nil {
		ui.fail(c, err)
		return
	}
	drafts, err := ui.app.ListDrafts(ctx, caller)
	if err != nil {
		ui.fail(c, err)
		return
	}
	info := map[string]store.VersionInfo{}
	for _, v := range own {
		info[versionValue(v.Key, v.Version)] = v
	}
	d := questionnairesData{CanEdit: caller.Can(app.EditQuestionnaires), Fields: map[string]string{}, Sources: versionChoices(list)}
	for _, s := range list {
		row := questionnaireRow{Key: s.Key, LocalKey: s.LocalKey, Title: s.Title, Description: s.Description, Builtin: s.Origin == app.OriginBuiltin}
		for _, v := range versionRows(s) {
			if vi, ok := info[versionValue(s.Key, v.Version)]; ok {
				at := vi.PublishedAt
				v.PublishedAt = &at
				if vi.BasedOn != nil {
					v.BasedOn, v.BasedOnHref = versionName(vi.BasedOn.Key, vi.BasedOn.Version), versionHref(vi.BasedOn.Key, vi.BasedOn.Version)
					// The first version compares with what it was cloned from.
					if v.CompareHref == "" {
						v.CompareHref = compareHref(vi.BasedOn.Key, vi.BasedOn.Version, s.Key, v.Version)
						v.CompareLabel = "Compare with " + v.BasedOn
					}
				}
			}
			row.Versions = append(row.Versions, v)
		}
		if s.Key == defaultQuestionnaire {
			// The forms start from the questionnaire most people begin with.
			d.Clone, d.CompareTo, d.CompareFrom = versionValue(s.Key, s.Latest), versionValue(s.Key, s.Latest), versionValue(s.Key, s.Versions[0])
			if n := len(s.Versions); n > 1 {
				d.CompareFrom = versionValue(s.Key, s.Versions[n-2])
			}
		}
		if row.Builtin {
			d.Builtins = append(d.Builtins, row)
		} else {
			d.Own = append(d.Own, row)
		}
	}
	for _, dr := range drafts {
		r := draftRow{ID: dr.ID, Title: dr.Title, LocalKey: questions.LocalKey(dr.Key), Version: dr.Version, UpdatedAt: dr.UpdatedAt}
		if dr.BasedOn != nil {
			r.BasedOn, r.BasedOnHref = versionName(dr.BasedOn.Key, dr.BasedOn.Version), versionHref(dr.BasedOn.Key, dr.BasedOn.Version)
		}
		d.Drafts = append(d.Drafts, r)
	}
	adjust(&d)
	p := ui.questionnaireBase(c, "Questionnaires")
	p.Data = d
	ui.render(c, status, "questionnaires", p)
}

// versionRows are a questionnaire's versions, the latest first, each but the
// first to be compared with the one before it.
func versionRows(s app.QuestionnaireSummary) []versionRow {
	rows := make([]versionRow, 0, len(s.Versions))
	for i := len(s.Versions) - 1; i >= 0; i-- {
		v := versionRow{Key: s.Key, Version: s.Versions[i], Latest: i == len(s.Versions)-1}
		if i > 0 {
			v.CompareHref = compareHref(s.Key, s.Versions[i-1], s.Key, v.Version)
			v.CompareLabel = fmt.Sprintf("Compare with version %d", s.Versions[i-1])
		}
		rows = append(rows, v)
	}
	return rows
}

// versionChoices are the versions of the questionnaires listed, each
// questionnaire's latest first, as the choices of a form.
func versionChoices(list []app.QuestionnaireSummary) []choice {
	var out []choice
	for _, s := range list {
		for i := len(s.Versions) - 1; i >= 0; i-- {
			out = append(out, choice{versionValue(s.Key, s.Versions[i]), sourceLabel(s, s.Versions[i])})
		}
	}
	return out
}

// sourceLabel names a version in a list of them; a clone keeps its source's
// title, so whose it is tells the two apart.
func sourceLabel(s app.QuestionnaireSummary, version int) string {
	whose := "yours"
	if s.Origin == app.OriginBuiltin {
		whose = "built in"
	}
	return fmt.Sprintf("%s — version %d (%s)", s.Title, version, whose)
}

// versionValue is a version as one form value: "partner-selection@2". Keys
// never hold an "@".
func versionValue(key string, version int) string { return key + "@" + strconv.Itoa(version) }

// parseVersion reads versionValue back; version 0 is the latest.
func parseVersion(s string) (string, int, bool) {
	i := strings.LastIndexByte(s, '@')
	if i < 0 {
		return s, 0, s != ""
	}
	v, err := strconv.Atoi(s[i+1:])
	if err != nil || v < 1 {
		return "", 0, false
	}
	return s[:i], v, i > 0
}

// versionName names a version in a sentence. A clone keeps its source's key,
// so whose it is says which of the two is meant.
func versionName(key string, version int) string {
	if _, ok := questions.KeyWorkspace(key); ok {
		return fmt.Sprintf("your %s version %d", questions.LocalKey(key), version)
	}
	return fmt.Sprintf("built-in %s version %d", key, version)
}

func versionHref(key string, version int) string {
	return "/questionnaires/" + url.PathEscape(key) + "?version=" + strconv.Itoa(version)
}

func compareHref(fromKey string, fromVersion int, toKey string, toVersion int) string {
	return "/questionnaire-comparison?" + url.Values{"from": {versionValue(fromKey, fromVersion)},
		"to": {versionValue(toKey, toVersion)}}.Encode()
}

type questionnaireData struct {
	Q        *questions.Questionnaire
	LocalKey string
	Builtin  bool
	CanEdit  bool
	Versions []versionRow
	// This is the version shown, with what it was cloned from.
	This versionRow
}

// questionnairePage shows one published version (?version=N; the latest
// without it): a built-in, or one of the workspace's own.
func (ui *UI) questionnairePage(c *gin.Context) {
	ctx, caller := c.Request.Context(), callerOf(c)
	version, ok := queryVersion(c)
	if !ok {
		ui.fail(c, mspeval.NotFound("questionnaire version"))
		return
	}
	q, err := ui.app.Questionnaire(ctx, caller, c.Param("key"), version)
	if err != nil {
		ui.fail(c, err)
		return
	}
	list, err := ui.app.ListQuestionnaires(ctx, caller)
	if err != nil {
		ui.fail(c, err)
		return
	}
	d := questionnaireData{Q: q, LocalKey: questions.LocalKey(q.Key), CanEdit: caller.Can(app.EditQuestionnaires)}
	for _, s := range list {
		if s.Key != q.Key {
			continue
		}
		d.Builtin = s.Origin == app.OriginBuiltin
		d.Versions = versionRows(s)
	}
	if !d.Builtin {
		own, err := ui.app.QuestionnaireVersions(ctx, caller)
		if err != nil {
			ui.fail(c, err)
			return
		}
		for _, v := range own {
			if v.Key == q.Key && v.Version == q.Version && v.BasedOn != nil {
				d.This.BasedOn, d.This.BasedOnHref = versionName(v.BasedOn.Key, v.BasedOn.Version), versionHref(v.BasedOn.Key, v.BasedOn.Version)
				d.This.CompareHref = compareHref(v.BasedOn.Key, v.BasedOn.Version, q.Key, q.Version)
			}
		}
	}
	p := ui.questionnaireBase(c, fmt.Sprintf("%s, version %d", q.Title, q.Version))
	p.Data = d
	ui.render(c, http.StatusOK, "questionnaire", p)
}

// queryVersion reads ?version=N; 0 (the latest) when it is not given.
func queryVersion(c *gin.Context) (int, bool) {
	s := c.Query("version")
	if s == "" {
		return 0, true
	}
	v, err := strconv.Atoi(s)
	return v, err == nil && v >= 1
}

// questionnaireExport downloads a published version as a YAML file.
func (ui *UI) questionnaireExport(c *gin.Context) {
	version, ok := queryVersion(c)
	if !ok {
		ui.fail(c, mspeval.NotFound("questionnaire version"))
		return
	}
	data, name, err := ui.app.ExportQuestionnaire(c.Request.Context(), callerOf(c), c.Param("key"), version)
	if err != nil {
		ui.fail(c, err)
		return
	}
	sendYAML(c, data, name)
}

// sendYAML sends a questionnaire file as a download. The name comes from a
// checked key and a number, but it is quoted and stripped all the same: a
// header is no place to trust a name.
func sendYAML(c *gin.Context, data []byte, name string) {
	name = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, name)
	disp := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if disp == "" {
		disp = `attachment; filename="questionnaire.yaml"`
	}
	c.Header("Content-Disposition", disp)
	c.Data(http.StatusOK, "application/yaml; charset=utf-8", data)
}
