package scoring

import (
	"strings"
	"testing"

	"mspeval/questions"
)

func partnerSelection(t testing.TB) *questions.Questionnaire {
	t.Helper()
	c, err := questions.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	q, ok := c.Get("partner-selection", 1)
	if !ok {
		t.Fatal("partner-selection version 1 is not built in")
	}
	return q
}

// ruleFires reports whether FindSignals finds the rule in text, wherever the
// rule applies (samples are not tied to a question).
func ruleFires(q *questions.Questionnaire, rule, text string) bool {
	for _, qq := range q.Questions() {
		for _, m := range FindSignals(q, qq.Key, text) {
			if m.Rule == rule {
				return true
			}
		}
	}
	return false
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

func TestSignalRulesOnSamples(t *testing.T) {
	q := partnerSelection(t)
	declared := map[string]bool{}
	for _, s := range q.Signals {
		declared[s.Key] = true
	}
	t.Run("between 12 and 18 rules, red and green", func(t *testing.T) {
		kinds := map[questions.SignalKind]int{}
		for _, s := range q.Signals {
			kinds[s.Kind]++
		}
		if n := len(q.Signals); n < 12 || n > 18 {
			t.Errorf("got %d rules, want 12 to 18", n)
		}
		if kinds[questions.SignalRed] == 0 || kinds[questions.SignalGreen] == 0 {
			t.Errorf("got %d red and %d green rules, want some of each", kinds[questions.SignalRed], kinds[questions.SignalGreen])
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
				normal, _ := normalize(text)
				hit := false
				for i, re := range q.SignalPatterns(s.rule) {
					if len(questions.PatternSpans(re, normal)) > 0 {
						used[i], hit = true, true
					}
				}
				if !ruleFires(q, s.rule, text) {
					t.Errorf("%q: FindSignals reports no %s match", text, s.rule)
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
				if ruleFires(q, s.rule, text) {
					t.Errorf("%q: got a %s match, want none", text, s.rule)
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
				if ruleFires(q, k, text) {
					t.Errorf("%q: got rule %q matching, want no match", text, k)
				}
			}
		}
	})
}

func TestSignalMatching(t *testing.T) {
	q := partnerSelection(t)
	t.Run("CurlyApostropheMatchesAndOffsetsPointIntoTheOriginal", func(t *testing.T) {
		text := "Honestly? We\u2019ll handle it. Tr\u00e8s bien."
		got := FindSignals(q, "role_alongside_internal_it", text)
		if len(got) != 1 || got[0].Rule != "reassurance" {
			t.Fatalf("got %+v, want one reassurance match", got)
		}
		if m := got[0]; text[m.Start:m.End] != m.Matched || m.Matched != "We\u2019ll handle it" {
			t.Errorf("matched %q at %d..%d, want the original words", m.Matched, m.Start, m.End)
		}
	})
	t.Run("CaseInsensitive", func(t *testing.T) {
		if !ruleFires(q, "reassurance", "LEAVE IT WITH US.") {
			t.Error("upper case does not match")
		}
	})
	t.Run("UnicodeWordBoundaries", func(t *testing.T) {
		// "trust us" inside a longer word of accented letters is no match.
		if ruleFires(q, "reassurance", "Ätrust usé") {
			t.Error("matched inside Unicode words")
		}
		if !ruleFires(q, "reassurance", "«trust us»") {
			t.Error("no match between guillemets")
		}
	})
	t.Run("EmptyTextHasNoSignals", func(t *testing.T) {
		if got := FindSignals(q, "role_alongside_internal_it", "   "); len(got) != 0 {
			t.Errorf("got %+v", got)
		}
	})
	_ = strings.TrimSpace
}

func TestSignalsSurviveTypingVariants(t *testing.T) {
	q := partnerSelection(t)
	for _, text := range []string{"We will\u00a0handle it.", "We will\nhandle it.", "We  will   handle it.", "A hands\u2011off model."} {
		found := FindSignals(q, "role_alongside_internal_it", text)
		if len(found) == 0 {
			t.Errorf("%q: no signal", text)
			continue
		}
		if m := found[0]; text[m.Start:m.End] != m.Matched {
			t.Errorf("%q: offsets %d..%d do not hold %q", text, m.Start, m.End, m.Matched)
		}
	}
}

func TestRatingsOfAClearedAnswerScoreNothing(t *testing.T) {
	q := tinyQ(t)
	res, err := Evaluate(Input{Questionnaire: q, Candidates: []Candidate{{ID: "a", Name: "A",
		Answers: map[string]questions.Answer{},
		Ratings: map[string][]Rating{"notes": {{Evaluator: "e", Score: 4}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range res.Candidates[0].Answers {
		if a.Question == "notes" && (a.Score != nil || a.Source != SourceUnanswered) {
			t.Errorf("a rating of a cleared answer: got %+v, want unanswered", a)
		}
	}
}
