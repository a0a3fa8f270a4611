package report

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"mspeval"
	"mspeval/questions"
	"mspeval/scoring"
)

// readiness is the built-in campaign questionnaire.
func readiness(t testing.TB) *questions.Questionnaire {
	t.Helper()
	c, err := questions.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	q, ok := c.Latest("co-managed-readiness")
	if !ok {
		t.Fatal("no built-in co-managed-readiness questionnaire")
	}
	return q
}

// readinessResult answers every question with its option at index pick (the
// last one when fewer), so that picks spread the scores over the tiers.
func readinessResult(t testing.TB, q *questions.Questionnaire, pick int) questions.RespondentResult {
	t.Helper()
	answers := map[string]questions.Answer{}
	for _, qq := range q.Questions() {
		var a questions.Answer
		switch qq.Type {
		case questions.TypeSingleChoice, questions.TypeYesNo:
			k := qq.Options[min(pick, len(qq.Options)-1)].Key
			a.Choice = &k
		case questions.TypeMultipleChoice:
			a.Choices = []string{qq.Options[min(pick, len(qq.Options)-1)].Key}
		case questions.TypeScale:
			v := max(qq.Scale.Min, qq.Scale.Max-pick)
			a.Scale = &v
		}
		if qq.Type == questions.TypeText || qq.Text != nil {
			text := "Our IT lead keeps the runbooks."
			a.Text = &text
		}
		answers[qq.Key] = a
	}
	r, err := scoring.RespondentResult(scoring.Input{Questionnaire: q,
		Candidates: []scoring.Candidate{{ID: "c1", Name: "Prospect", Answers: answers}}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// testLogo is a 120×40 image, a magenta block with a white stripe, as
// "png", "png16" (16 bits a channel, which gofpdf refuses as it is) or
// "jpeg". Nothing else on the page has its colour, so the rendered page shows
// where it is.
func testLogo(t testing.TB, kind string) []byte {
	t.Helper()
	var img interface {
		image.Image
		Set(x, y int, c color.Color)
	}
	if kind == "png16" {
		img = image.NewNRGBA64(image.Rect(0, 0, 120, 40))
	} else {
		img = image.NewNRGBA(image.Rect(0, 0, 120, 40))
	}
	for y := 0; y < 40; y++ {
		for x := 0; x < 120; x++ {
			c := color.NRGBA{0xC2, 0x18, 0x5B, 0xFF}
			if y >= 17 && y < 23 {
				c = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	var err error
	if kind == "jpeg" {
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 90})
	} else {
		err = png.Encode(&b, img)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const testCompany = "Ωmega Υπηρεσίες & Сервис ИТ Ltd"

func resultsDocFor(t testing.TB, pick int) ResultsDoc {
	t.Helper()
	q := readiness(t)
	return ResultsDoc{Branding: mspeval.Branding{Name: "Nordlicht Ελλάδα MSP", AccentColor: "#2E7D32", HasLogo: true},
		Logo: testLogo(t, "png"), LogoType: "image/png", Company: testCompany, Date: testTime, Results: readinessResult(t, q, pick)}
}

func resultsBytes(t testing.TB, r ResultsDoc) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := ResultsPDF(&b, r); err != nil {
		t.Fatalf("results PDF: %v", err)
	}
	return b.Bytes()
}

func TestResultsPDFShowsTheRespondentsResultsAndNothingElse(t *testing.T) {
	q := readiness(t)
	r := resultsDocFor(t, 1)
	pdf := resultsBytes(t, r)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	qpdfCheck(t, pdf)
	text := flat(pdfText(t, pdf))

	want := []string{testCompany, "Nordlicht Ελλάδα MSP", flat(q.Title), flat(r.Results.Intro), "page 1 of ", "Next steps"}
	if r.Results.Overall.Tier == nil {
		t.Fatal("the test's answers reach no overall tier")
	}
	want = append(want, r.Results.Overall.Tier.Label, flat(r.Results.Overall.Tier.Text), score(r.Results.Overall.Score))
	for _, d := range r.Results.Dimensions {
		if d.Tier == nil {
			t.Fatalf("the test's answers reach no tier on %s", d.Key)
		}
		want = append(want, d.Name, d.Tier.Label, flat(d.Tier.Text), scoreText(d.Score))
	}
	for _, s := range r.Results.NextSteps {
		want = append(want, s.Title, flat(s.Text))
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the results PDF lacks %q", w)
		}
	}

	// What evaluators see stays out: guidance, anchors, red flags, option
	// labels and scores, knockout reasons, the dimensions' descriptions.
	var secret []string
	for _, d := range q.Dimensions {
		secret = append(secret, d.Description)
	}
	for _, qq := range q.Questions() {
		secret = append(secret, qq.Prompt, qq.Guidance.ListenFor)
		secret = append(secret, qq.Guidance.RedFlags...)
		for _, a := range qq.Guidance.Anchors {
			secret = append(secret, a)
		}
		for _, o := range qq.Options {
			secret = append(secret, o.Label)
		}
		if qq.Knockout != nil {
			secret = append(secret, qq.Knockout.Reason)
		}
	}
	for _, s := range secret {
		// Short labels ("Yes", "No") are words any text may hold.
		if s = flat(s); len(s) >= 20 && strings.Contains(text, s) {
			t.Errorf("the results PDF shows what only evaluators see: %q", s)
		}
	}
	for _, word := range []string{"guidance", "listen for", "red flag", "anchor", "option", "weight", "knockout"} {
		if strings.Contains(strings.ToLower(text), word) {
			t.Errorf("the results PDF mentions %q", word)
		}
	}
}

func TestResultsPDFTiersFollowTheAnswers(t *testing.T) {
	high, low := resultsDocFor(t, 0), resultsDocFor(t, 4)
	ht, lt := flat(pdfText(t, resultsBytes(t, high))), flat(pdfText(t, resultsBytes(t, low)))
	if high.Results.Overall.Tier.Key == low.Results.Overall.Tier.Key {
		t.Fatalf("both answer sets land in %s", high.Results.Overall.Tier.Key)
	}
	if !strings.Contains(ht, flat(high.Results.Overall.Tier.Text)) || strings.Contains(ht, flat(low.Results.Overall.Tier.Text)) {
		t.Errorf("high scores: the PDF does not show (only) the %s tier's text", high.Results.Overall.Tier.Key)
	}
	if !strings.Contains(lt, flat(low.Results.Overall.Tier.Text)) || strings.Contains(lt, flat(high.Results.Overall.Tier.Text)) {
		t.Errorf("low scores: the PDF does not show (only) the %s tier's text", low.Results.Overall.Tier.Key)
	}
}

func TestResultsPDFWithoutLogoOrAccentOrScores(t *testing.T) {
	r := resultsDocFor(t, 1)
	r.Logo, r.LogoType, r.Branding.AccentColor, r.Company = nil, "", "", ""
	r.Results.Dimensions[0].Score, r.Results.Dimensions[0].Tier = nil, nil
	pdf := resultsBytes(t, r)
	qpdfCheck(t, pdf)
	text := flat(pdfText(t, pdf))
	if !strings.Contains(text, "not scored") || strings.Contains(text, "Prepared for") {
		t.Errorf("an unscored dimension and no company: got %q", text)
	}
	if accentOf("") != defaultAccent || accentOf("#12345") != defaultAccent || accentOf("#2e7d32") != (rgb{46, 125, 50}) {
		t.Errorf("accent colours are not read as #RRGGBB with a default")
	}
}

// pngPage renders a PDF's first page at 60 dpi with poppler's pdftoppm.
func pngPage(t *testing.T, pdf []byte) image.Image {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed (apt-get install poppler-utils; .ci/run does): rendering check skipped")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "results.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	if samples := os.Getenv("MSPEVAL_REPORT_SAMPLES"); samples != "" {
		_ = os.WriteFile(filepath.Join(samples, strings.ReplaceAll(t.Name(), "/", "-")+".png"), b, 0o644)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("pdftoppm's page does not decode: %v", err)
	}
	return img
}

// pixelsNear counts the pixels of a region within 40 of a colour on each channel.
func pixelsNear(img image.Image, region image.Rectangle, want color.NRGBA) int {
	n := 0
	region = region.Intersect(img.Bounds())
	for y := region.Min.Y; y < region.Max.Y; y++ {
		for x := region.Min.X; x < region.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if absDiff(int(r>>8), int(want.R)) < 40 && absDiff(int(g>>8), int(want.G)) < 40 && absDiff(int(b>>8), int(want.B)) < 40 {
				n++
			}
		}
	}
	return n
}

func absDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

// The page shows the logo top-left and draws the bars in the accent colour;
// a 16-bit PNG, which gofpdf does not take, is redrawn rather than dropped.
func TestResultsPDFPageShowsLogoAndAccent(t *testing.T) {
	magenta, green, blue := color.NRGBA{0xC2, 0x18, 0x5B, 0xFF}, color.NRGBA{0x2E, 0x7D, 0x32, 0xFF}, color.NRGBA{11, 92, 173, 0xFF}
	// At 60 dpi an A4 page is 496×702 pixels; the header is the top 14 mm
	// (33 pixels) and its left quarter holds the logo.
	topLeft := image.Rect(0, 0, 124, 33)
	body := image.Rect(0, 33, 496, 702)
	for _, tc := range []struct {
		name    string
		logo    []byte
		typ     string
		accent  string
		logoPx  bool
		accentC color.NRGBA
	}{
		{"PNGLogoAndAccent", testLogo(t, "png"), "image/png", "#2E7D32", true, green},
		{"JPEGLogo", testLogo(t, "jpeg"), "image/jpeg", "#2E7D32", true, green},
		{"SixteenBitPNGLogo", testLogo(t, "png16"), "image/png", "#2E7D32", true, green},
		{"UnreadableLogoIsLeftOut", []byte("\x89PNG\r\n\x1a\nnot really"), "image/png", "", false, blue},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := resultsDocFor(t, 1)
			r.Logo, r.LogoType, r.Branding.AccentColor = tc.logo, tc.typ, tc.accent
			pdf := resultsBytes(t, r)
			qpdfCheck(t, pdf)
			img := pngPage(t, pdf)
			if got := pixelsNear(img, topLeft, magenta); (got > 200) != tc.logoPx {
				t.Errorf("logo pixels top-left: got %d, want the logo shown: %v", got, tc.logoPx)
			}
			if got := pixelsNear(img, body, tc.accentC); got < 500 {
				t.Errorf("accent-coloured pixels on the page: got %d, want the bars drawn in %v", got, tc.accentC)
			}
		})
	}
}

// Run with -race: each results document has its own copy of the font bytes.
func TestConcurrentResultsPDFsAreSafe(t *testing.T) {
	r := resultsDocFor(t, 1)
	want := resultsBytes(t, r)
	errs := make(chan string, 6)
	for i := 0; i < 6; i++ {
		go func() {
			var b bytes.Buffer
			if err := ResultsPDF(&b, r); err != nil {
				errs <- err.Error()
				return
			}
			if !bytes.Equal(b.Bytes(), want) {
				errs <- "a results PDF made concurrently differs"
				return
			}
			errs <- ""
		}()
	}
	for i := 0; i < 6; i++ {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}

// Names at their longest (200 characters) wrap or shorten, never overflow.
func TestResultsPDFLongNamesStayOnThePage(t *testing.T) {
	r := resultsDocFor(t, 1)
	r.Company = ""
	for len([]rune(r.Company)) < 190 {
		r.Company += "Σύμβουλοι Πληροφορικής Сервис "
	}
	r.Company = strings.TrimSpace(r.Company)
	r.Branding.Name = strings.Repeat("Nordlicht Managed Services ", 7)
	pdf := resultsBytes(t, r)
	qpdfCheck(t, pdf)
	text := flat(pdfText(t, pdf))
	if !strings.Contains(text, "Prepared for "+r.Company) {
		t.Errorf("the long company name does not come back whole")
	}
	if !strings.Contains(text, "Nordlicht Managed Services Nordlicht") || !strings.Contains(text, "…") {
		t.Errorf("the long workspace name is not shortened in the header")
	}
	img := pngPage(t, pdf)
	// Nothing is drawn in the right margin (the last 15 mm, 35 pixels at 60 dpi).
	if n := 496 - 35; pixelsNear(img, image.Rect(n+2, 0, 496, 702), color.NRGBA{33, 37, 41, 255}) > 0 {
		t.Errorf("text runs into the right margin")
	}
}
