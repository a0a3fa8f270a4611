package questions

import (
	"bytes"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// Tests on the content of the built-in partner-selection questionnaire and the demo
// data. The loader already checks structure; these check what the guide asks for.

func builtinPartnerSelection(t *testing.T) *Questionnaire {
	t.Helper()
	c, err := Builtin()
	if err != nil {
		t.Fatalf("built-in questionnaires do not load: %v", err)
	}
	q, ok := c.Get("partner-selection", 1)
	if !ok {
		t.Fatal("partner-selection version 1 is not built in")
	}
	return q
}

// builtinSignalHits returns the words of text that a signal rule matches, the way
// the engine matches them: curly apostrophes made straight, case-insensitive, on
// word boundaries.
func builtinSignalHits(q *Questionnaire, rule, text string) []string {
	text = strings.ReplaceAll(text, "\u2019", "'")
	var hits []string
	for _, re := range q.SignalPatterns(rule) {
		if m := builtinBounded(re).FindString(text); m != "" {
			hits = append(hits, m)
		}
	}
	return hits
}

func builtinBounded(re *regexp.Regexp) *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:` + strings.TrimPrefix(re.String(), "(?i)") + `)\b`)
}

var chapter6Prompts = []string{
	"How do you see your role alongside our internal IT team?",
	"What do you expect us to stay responsible for?",
	"How do you avoid stepping on toes?",
	"How flexible are you around our tools and standards?",
	"What happens when we disagree?",
	"How do you make sure we don't become dependent on you?",
	"What does good communication look like in practice?",
	"What does success look like after the first year?",
}

func TestBuiltinChapter6Prompts(t *testing.T) {
	q := builtinPartnerSelection(t)
	byPrompt := map[string]*Question{}
	for _, qq := range q.Questions() {
		byPrompt[qq.Prompt] = qq
	}
	for _, prompt := range chapter6Prompts {
		t.Run(prompt+" is a required single choice with required text", func(t *testing.T) {
			qq, ok := byPrompt[prompt]
			if !ok {
				t.Fatalf("got no question with this prompt word for word, want one")
			}
			if qq.Type != TypeSingleChoice {
				t.Errorf("type: got %q, want %q", qq.Type, TypeSingleChoice)
			}
			if !qq.Required {
				t.Errorf("required: got false, want true")
			}
			if qq.Text == nil || !qq.Text.Required || strings.TrimSpace(qq.Text.Label) == "" {
				t.Errorf("paired text: got %+v, want a labelled, required text part", qq.Text)
			}
			if n := len(qq.Options); n < 4 || n > 5 {
				t.Errorf("options: got %d, want 4 or 5", n)
			}
			lo, hi := 4, 0
			for _, o := range qq.Options {
				lo, hi = min(lo, *o.Score), max(hi, *o.Score)
			}
			if hi != 4 || lo > 1 {
				t.Errorf("option scores: got %d..%d, want the best at 4 and the worst at 0 or 1", lo, hi)
			}
			if qq.Source != "Chapter 6" {
				t.Errorf("source: got %q, want %q", qq.Source, "Chapter 6")
			}
		})
	}
	t.Run("the eight prompts come first, in the guide's order", func(t *testing.T) {
		qs := q.Questions()
		for i, prompt := range chapter6Prompts {
			if i >= len(qs) {
				t.Fatalf("got %d questions, want at least %d", len(qs), len(chapter6Prompts))
			}
			if qs[i].Prompt != prompt {
				t.Errorf("question %d: got %q, want %q", i+1, qs[i].Prompt, prompt)
			}
		}
	})
}

func TestBuiltinOperatingModelQuestions(t *testing.T) {
	q := builtinPartnerSelection(t)
	t.Run("at least twelve questions beyond the eight from chapter 6", func(t *testing.T) {
		if got := len(q.Questions()) - len(chapter6Prompts); got < 12 {
			t.Errorf("got %d further questions, want at least 12", got)
		}
	})
	t.Run("the operating-model topics each have a question", func(t *testing.T) {
		for _, key := range []string{
			"ownership_matrix", "escalation_path", "shared_reporting", "governance_cadence",
			"scope_change_process", "documentation_ownership", "exit_handover", "admin_access",
			"flex_capacity", "security_coverage", "leading_trailing_metrics",
			"completion_quality", "first_90_days",
		} {
			if _, ok := q.Question(key); !ok {
				t.Errorf("question %q: got none, want one", key)
			}
		}
	})
	t.Run("every question has help, a source and red flags", func(t *testing.T) {
		for _, qq := range q.Questions() {
			if strings.TrimSpace(qq.Help) == "" {
				t.Errorf("question %q: got empty help, want some", qq.Key)
			}
			if strings.TrimSpace(qq.Source) == "" {
				t.Errorf("question %q: got empty source, want a chapter or the companion article", qq.Key)
			}
			if len(qq.Guidance.RedFlags) == 0 {
				t.Errorf("question %q: got no red flags, want at least one", qq.Key)
			}
		}
	})
	t.Run("two or three knockouts at most", func(t *testing.T) {
		var keys []string
		for _, qq := range q.Questions() {
			if qq.Knockout != nil {
				keys = append(keys, qq.Key)
			}
		}
		if len(keys) == 0 || len(keys) > 3 {
			t.Errorf("knockouts: got %v, want 1 to 3", keys)
		}
	})
	t.Run("a multiple-choice question can reach 4 and has an exclusive none option scoring 0", func(t *testing.T) {
		for _, qq := range q.Questions() {
			if qq.Type != TypeMultipleChoice {
				continue
			}
			sum, exclusive := 0, 0
			for _, o := range qq.Options {
				if o.Exclusive {
					exclusive++
					if *o.Score != 0 {
						t.Errorf("question %q option %q: got score %d, want 0", qq.Key, o.Key, *o.Score)
					}
					continue
				}
				sum += *o.Score
			}
			if sum < 4 {
				t.Errorf("question %q: got a best total of %d, want at least 4", qq.Key, sum)
			}
			if exclusive != 1 {
				t.Errorf("question %q: got %d exclusive options, want 1", qq.Key, exclusive)
			}
		}
	})
	t.Run("options are contradicted only by red signals", func(t *testing.T) {
		kinds := map[string]SignalKind{}
		for _, s := range q.Signals {
			kinds[s.Key] = s.Kind
		}
		n := 0
		for _, qq := range q.Questions() {
			for _, o := range qq.Options {
				for _, s := range o.ContradictedBy {
					n++
					if kinds[s] != SignalRed {
						t.Errorf("question %q option %q: contradicted by %q of kind %q, want a red signal", qq.Key, o.Key, s, kinds[s])
					}
				}
			}
		}
		if n == 0 {
			t.Errorf("got no contradicted_by at all, want some")
		}
	})
}

func TestBuiltinDimensions(t *testing.T) {
	q := builtinPartnerSelection(t)
	want := []struct {
		key           string
		weight        float64
		higherIsWorse bool
	}{
		{"fit", 40, false},
		{"flexibility", 30, false},
		{"dependency_risk", 30, true},
	}
	if len(q.Dimensions) != len(want) {
		t.Fatalf("got %d dimensions, want %d", len(q.Dimensions), len(want))
	}
	for i, w := range want {
		d := q.Dimensions[i]
		if d.Key != w.key || d.DefaultWeight != w.weight || d.HigherIsWorse != w.higherIsWorse {
			t.Errorf("dimension %d: got %s weight %g higher_is_worse %v, want %s weight %g higher_is_worse %v",
				i, d.Key, d.DefaultWeight, d.HigherIsWorse, w.key, w.weight, w.higherIsWorse)
		}
	}
	t.Run("every dimension is fed by at least one question", func(t *testing.T) {
		fed := map[string]bool{}
		for _, qq := range q.Questions() {
			for _, dw := range qq.Dimensions {
				fed[dw.Dimension] = true
			}
		}
		for _, w := range want {
			if !fed[w.key] {
				t.Errorf("dimension %q: got no question, want at least one", w.key)
			}
		}
	})
}

func TestBuiltinUsesEveryQuestionType(t *testing.T) {
	q := builtinPartnerSelection(t)
	used := map[QuestionType]int{}
	for _, qq := range q.Questions() {
		used[qq.Type]++
	}
	for _, typ := range []QuestionType{TypeText, TypeSingleChoice, TypeMultipleChoice, TypeYesNo, TypeScale} {
		if used[typ] == 0 {
			t.Errorf("type %q: got 0 questions, want at least 1", typ)
		}
	}
	if used[TypeSingleChoice] <= len(q.Questions())/2 {
		t.Errorf("single_choice: got %d of %d questions, want most", used[TypeSingleChoice], len(q.Questions()))
	}
}

// signalSamples lists, per rule, phrases that must raise it and near misses that
// must not. Together the matches must use every pattern of the rule.
var signalSamples = []struct {
	rule       string
	matches    []string
	nearMisses []string
}{
	{"reassurance",
		[]string{"Honestly, we\u2019ll handle it from there.", "We will handle the rest.", "Just leave it with us.",
			"You won't have to worry about patching.", "There is no need to worry.", "Nothing for you to worry about.",
			"Trust us on this one.", "We've got you covered."},
		[]string{"We will handle escalations according to the matrix.", "Leave it to your team to decide.",
			"Trust is built through clarity.", "You should worry about shadow IT."}},
	{"takeover_language",
		[]string{"We take care of everything.", "We'll take care of it all.", "A hands-off experience for your team.",
			"We take over everything on day one.", "We become your IT department.", "We can replace your internal IT team.",
			"You won't ever need to think about servers.", "One throat to choke."},
		[]string{"We take care of patching at weekends.", "A clean hand-off to your team.",
			"We take over the on-call rota during holidays.", "We act as an extension of your IT team.",
			"We replace your failed disks."}},
	{"stack_imposition",
		[]string{"Everything runs on our standard stack.", "Our own standard toolset is included.", "We rip and replace old kit.",
			"A rip-and-replace approach.", "We migrate clients onto our RMM.", "We moved every client to our platform.",
			"We work with our preferred vendors.", "We standardise everyone on our build.", "We replace your existing tools."},
		[]string{"We follow your standard build.", "We can migrate your mailboxes when you ask.",
			"Our standard response time is one hour.", "We replace your hardware at end of life."}},
	{"knowledge_hoarding",
		[]string{"It runs on a proprietary platform.", "It is in our internal documentation.", "Our internal wiki holds it.",
			"Only our engineers can change it.", "Documentation stays with us.", "It is our intellectual property."},
		[]string{"Your internal documentation stays yours.", "Our engineers update your wiki.", "The property is leased."}},
	{"admin_retention",
		[]string{"We retain admin on all platforms.", "We keep the credentials.", "We hold all the passwords.",
			"Admin rights stay with us.", "You get read-only access for your team.", "Passwords are held by us.",
			"Credentials are kept in our own vault."},
		[]string{"You retain admin rights.", "We keep the lights on.", "There is read-only access for auditors."}},
	{"exit_lock_in",
		[]string{"Early termination fees apply.", "There is an exit fee.", "Offboarding charges apply.",
			"Handover is charged at cost.", "It is a chargeable handover.", "We sign a three-year term.",
			"A 3-year minimum term."},
		[]string{"Termination of a user account is logged.", "Our exit plan is written at the start.",
			"A one-year term.", "Handover is included."}},
	{"client_owned_documentation",
		[]string{"You own the documentation.", "You own all of the runbooks.", "Documentation lives in your SharePoint.",
			"Everything goes into your own wiki.", "The docs belong to you."},
		[]string{"We own the documentation.", "Documentation lives in our portal.", "We meet in your office."}},
	{"runbooks",
		[]string{"A runbook for each service.", "Run-books are reviewed.", "We share our playbooks.",
			"Standard operating procedures are written.", "SOPs for backups."},
		[]string{"We run the books for finance.", "Sophie will be your contact."}},
	{"handover_exit_plan",
		[]string{"An exit plan from day one.", "A handover pack.", "A hand-over period of 30 days.",
			"An offboarding checklist.", "Transition assistance is included.", "We hand everything back."},
		[]string{"Please exit the building.", "The handover of the night shift.", "We hand it over to the vendor."}},
	{"named_owner",
		[]string{"Each process has a backup owner.", "Back-up owners are agreed.", "A deputy owner covers holidays.",
			"A named owner per process.", "An owner and a backup for each.", "We keep an ownership matrix.", "A RACI chart."},
		[]string{"The business owner signs off.", "Backup ownership costs less.", "He enjoys racing."}},
	{"escalation_path",
		[]string{"Our escalation path is written down.", "The escalation matrix lists vendors.",
			"There is an agreed escalation for outages."},
		[]string{"The escalation of privileges was blocked.", "We escalate quickly."}},
	{"client_admin_rights",
		[]string{"You keep full admin rights.", "You retain ownership.", "You own every account.",
			"Admin rights stay with you.", "Accounts are registered in your name.", "A break-glass account."},
		[]string{"We keep admin rights.", "You keep the lights on.", "You own the decision."}},
	{"review_cadence",
		[]string{"A monthly review.", "Quarterly service reviews.", "Weekly check-ins.", "Bi-weekly syncs.",
			"We meet every month.", "We hold QBRs."},
		[]string{"A monthly invoice.", "We review it when needed.", "An annual review at renewal."}},
	{"shared_dashboard",
		[]string{"A shared dashboard.", "The same reporting template for everyone.", "One dashboard for all."},
		[]string{"Our dashboard shows tickets.", "A shared drive."}},
	{"discovery_first",
		[]string{"A discovery phase.", "Discovery first, then change.", "Nothing happens before we change anything.",
			"No changes in the first month."},
		[]string{"Book a discovery call.", "We test before we change the backup schedule."}},
	{"works_within_tools",
		[]string{"We work within your existing tools.", "We keep using your ticketing system.", "Your tools stay."},
		[]string{"We work with your team.", "We replace your firewall.", "We use our tools."}},
}

func TestBuiltinSignalSamples(t *testing.T) {
	q := builtinPartnerSelection(t)
	declared := map[string]bool{}
	for _, s := range q.Signals {
		declared[s.Key] = true
	}
	t.Run("between 12 and 18 rules, red and green", func(t *testing.T) {
		kinds := map[SignalKind]int{}
		for _, s := range q.Signals {
			kinds[s.Kind]++
		}
		if n := len(q.Signals); n < 12 || n > 18 {
			t.Errorf("got %d rules, want 12 to 18", n)
		}
		if kinds[SignalRed] == 0 || kinds[SignalGreen] == 0 {
			t.Errorf("got %d red and %d green rules, want some of each", kinds[SignalRed], kinds[SignalGreen])
		}
	})
	t.Run("every rule has samples", func(t *testing.T) {
		sampled := map[string]bool{}
		for _, s := range signalSamples {
			sampled[s.rule] = true
			if !declared[s.rule] {
				t.Errorf("samples for %q: got no such rule, want a declared one", s.rule)
			}
		}
		for k := range declared {
			if !sampled[k] {
				t.Errorf("rule %q: got no samples, want some", k)
			}
		}
	})
	for _, s := range signalSamples {
		t.Run(s.rule+" fires on its phrases", func(t *testing.T) {
			used := map[int]bool{}
			for _, text := range s.matches {
				normal := strings.ReplaceAll(text, "\u2019", "'")
				hit := false
				for i, re := range q.SignalPatterns(s.rule) {
					if builtinBounded(re).MatchString(normal) {
						used[i], hit = true, true
					}
				}
				if !hit {
					t.Errorf("%q: got no match, want one", text)
				}
			}
			for i, re := range q.SignalPatterns(s.rule) {
				if !used[i] {
					t.Errorf("pattern %q: got no sample that uses it, want one", re.String())
				}
			}
		})
		t.Run(s.rule+" stays quiet on near misses", func(t *testing.T) {
			for _, text := range s.nearMisses {
				if hits := builtinSignalHits(q, s.rule, text); len(hits) > 0 {
					t.Errorf("%q: got matches %q, want none", text, hits)
				}
			}
		})
	}
	t.Run("no rule fires on ordinary sentences", func(t *testing.T) {
		ordinary := []string{
			"Our engineers document every change in the ticket.",
			"We answer the phone within one minute during business hours.",
			"Your team decides on priorities and we support them.",
			"We handle around 400 tickets a month for clients like you.",
			"Documentation is important to us, and so is our team.",
			"We can work with you on a roadmap for next year.",
			"Our service desk is based in the same time zone as your offices.",
		}
		for _, text := range ordinary {
			for k := range declared {
				if hits := builtinSignalHits(q, k, text); len(hits) > 0 {
					t.Errorf("%q: got rule %q matching %q, want no match", text, k, hits)
				}
			}
		}
	})
}

// Demo data -----------------------------------------------------------------

type demoAnswerData struct {
	Choice  *string  `yaml:"choice"`
	Choices []string `yaml:"choices"`
	Scale   *int     `yaml:"scale"`
	Text    *string  `yaml:"text"`
}

type demoCandidateData struct {
	Name         string                    `yaml:"name"`
	ContactName  string                    `yaml:"contact_name"`
	ContactEmail string                    `yaml:"contact_email"`
	Website      string                    `yaml:"website"`
	Submitted    bool                      `yaml:"submitted"`
	Answers      map[string]demoAnswerData `yaml:"answers"`
}

type demoFileData struct {
	Workspace  string `yaml:"workspace"`
	Evaluation struct {
		Name        string `yaml:"name"`
		Description string `yaml:"description"`
		DueInDays   int    `yaml:"due_in_days"`
	} `yaml:"evaluation"`
	Candidates []demoCandidateData `yaml:"candidates"`
}

func readDemo(t *testing.T) demoFileData {
	t.Helper()
	data, err := os.ReadFile("../demo/demo.yaml")
	if err != nil {
		t.Fatalf("reading the demo file: %v", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var d demoFileData
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("parsing the demo file: %v", err)
	}
	return d
}

func (c demoCandidateData) answers() map[string]Answer {
	out := make(map[string]Answer, len(c.Answers))
	for k, a := range c.Answers {
		out[k] = Answer{Choice: a.Choice, Choices: a.Choices, Scale: a.Scale, Text: a.Text}
	}
	return out
}

// demoRedSignals returns the red rules that fire on a candidate's texts, by question.
func demoRedSignals(q *Questionnaire, c demoCandidateData) map[string][]string {
	out := map[string][]string{}
	for key, a := range c.Answers {
		if a.Text == nil {
			continue
		}
		for _, s := range q.Signals {
			if s.Kind != SignalRed || (len(s.Questions) > 0 && !slices.Contains(s.Questions, key)) {
				continue
			}
			if len(builtinSignalHits(q, s.Key, *a.Text)) > 0 {
				out[key] = append(out[key], s.Key)
			}
		}
	}
	return out
}

// demoContradictions returns question keys where a chosen option is contradicted by
// a signal found in the same answer's text.
func demoContradictions(q *Questionnaire, c demoCandidateData) []string {
	var out []string
	for key, a := range c.Answers {
		qq, ok := q.Question(key)
		if !ok || a.Text == nil {
			continue
		}
		chosen := slices.Clone(a.Choices)
		if a.Choice != nil {
			chosen = append(chosen, *a.Choice)
		}
		for _, ck := range chosen {
			o, _ := qq.Option(ck)
			for _, s := range o.ContradictedBy {
				if len(builtinSignalHits(q, s, *a.Text)) > 0 && !slices.Contains(out, key) {
					out = append(out, key)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// demoKnockouts returns the knockout questions where the chosen option scores
// below the minimum.
func demoKnockouts(q *Questionnaire, c demoCandidateData) []string {
	var out []string
	for _, qq := range q.Questions() {
		a, ok := c.Answers[qq.Key]
		if qq.Knockout == nil || !ok || a.Choice == nil {
			continue
		}
		if o, ok := qq.Option(*a.Choice); ok && *o.Score < qq.Knockout.MinScore {
			out = append(out, qq.Key)
		}
	}
	return out
}

func TestDemoAnswers(t *testing.T) {
	q := builtinPartnerSelection(t)
	d := readDemo(t)
	if len(d.Candidates) != 3 {
		t.Fatalf("candidates: got %d, want 3", len(d.Candidates))
	}
	for _, c := range d.Candidates {
		t.Run(c.Name+" answers are valid", func(t *testing.T) {
			for key, a := range c.answers() {
				qq, ok := q.Question(key)
				if !ok {
					t.Errorf("answer %q: got no such question, want a question key", key)
					continue
				}
				if probs := qq.Check(a); len(probs) > 0 {
					t.Errorf("answer %q: got problems %+v, want none", key, probs)
				}
			}
		})
		if c.Submitted {
			t.Run(c.Name+" is submitted with every required answer", func(t *testing.T) {
				if missing := q.MissingRequired(c.answers()); len(missing) > 0 {
					t.Errorf("got missing required answers %v, want none", missing)
				}
			})
		}
		t.Run(c.Name+" uses example domains only", func(t *testing.T) {
			host := strings.TrimPrefix(c.Website, "https://")
			if !strings.HasSuffix(host, ".example") {
				t.Errorf("website: got %q, want a .example host", c.Website)
			}
			okMail := false
			for _, dom := range []string{"@example.com", "@example.org", "@example.net"} {
				okMail = okMail || strings.HasSuffix(c.ContactEmail, dom)
			}
			if !okMail {
				t.Errorf("contact email: got %q, want an example.com/.org/.net address", c.ContactEmail)
			}
		})
	}
}

func TestDemoShowsTheIntendedContrasts(t *testing.T) {
	q := builtinPartnerSelection(t)
	d := readDemo(t)
	if len(d.Candidates) != 3 {
		t.Fatalf("candidates: got %d, want 3", len(d.Candidates))
	}
	strong, takeover, middling := d.Candidates[0], d.Candidates[1], d.Candidates[2]

	t.Run("the strong partner raises no red signal, contradiction or knockout", func(t *testing.T) {
		if red := demoRedSignals(q, strong); len(red) > 0 {
			t.Errorf("got red signals %v, want none", red)
		}
		if c := demoContradictions(q, strong); len(c) > 0 {
			t.Errorf("got contradictions on %v, want none", c)
		}
		if k := demoKnockouts(q, strong); len(k) > 0 {
			t.Errorf("got knockouts on %v, want none", k)
		}
	})
	t.Run("the takeover provider trips red signals, a contradiction and a knockout", func(t *testing.T) {
		red := map[string]bool{}
		for _, rules := range demoRedSignals(q, takeover) {
			for _, r := range rules {
				red[r] = true
			}
		}
		for _, r := range []string{"reassurance", "takeover_language", "stack_imposition", "knowledge_hoarding", "admin_retention", "exit_lock_in"} {
			if !red[r] {
				t.Errorf("red signal %q: got none, want at least one", r)
			}
		}
		if c := demoContradictions(q, takeover); !slices.Contains(c, "tools_and_standards") {
			t.Errorf("contradictions: got %v, want tools_and_standards among them", c)
		}
		if k := demoKnockouts(q, takeover); !slices.Contains(k, "admin_access") {
			t.Errorf("knockouts: got %v, want admin_access among them", k)
		}
	})
	t.Run("the middling provider is a draft that leaves optional questions open", func(t *testing.T) {
		if middling.Submitted {
			t.Errorf("submitted: got true, want false")
		}
		var open []string
		for _, qq := range q.Questions() {
			if _, ok := middling.Answers[qq.Key]; !ok && !qq.Required {
				open = append(open, qq.Key)
			}
		}
		if len(open) < 2 || len(open) > 3 {
			t.Errorf("unanswered optional questions: got %v, want 2 or 3", open)
		}
	})
	t.Run("one candidate name has an accented letter", func(t *testing.T) {
		found := false
		for _, c := range d.Candidates {
			for _, r := range c.Name {
				found = found || r > 127
			}
		}
		if !found {
			t.Errorf("got only ASCII names, want one with an accented letter")
		}
	})
}
