package listing

// Source says where on a listing a claim was seen.
type Source string

// Sources, as named in findings-json.md.
const (
	SourceTitle       Source = "title"
	SourceImage       Source = "image"
	SourceDescription Source = "description"
	SourceAttributes  Source = "attributes"
	SourceService     Source = "service"
	SourceShop        Source = "shop"
)

// Severity ranks findings for reports and --fail-on.
type Severity string

// Severities, most serious first.
const (
	SeverityCritical Severity = "critical"
	SeverityHigh     Severity = "high"
	SeverityMedium   Severity = "medium"
	SeverityLow      Severity = "low"
)

// Rank orders severities: critical 4 … low 1, unknown 0.
func (s Severity) Rank() int {
	switch s {
	case SeverityCritical:
		return 4
	case SeverityHigh:
		return 3
	case SeverityMedium:
		return 2
	case SeverityLow:
		return 1
	}
	return 0
}

// Finding is one rule violated by one listing.
type Finding struct {
	Rule      string   `json:"rule"`
	ListingID string   `json:"listing_id"`
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Severity  Severity `json:"severity"`
	Points    int      `json:"points"`
	Source    Source   `json:"source"`
	// Evidence is the span as the seller wrote it (original script and
	// width), EvidenceStart its byte offset in the source text (-1 when
	// the evidence is not a span of one text, e.g. a freight fact).
	Evidence      string `json:"evidence"`
	EvidenceStart int    `json:"evidence_start"`
	// ImageURL names the image for Source image.
	ImageURL string `json:"image_url,omitempty"`
	// Detail is one sentence naming the contradiction, in Chinese;
	// DetailEN is the same in English.
	Detail   string `json:"detail"`
	DetailEN string `json:"detail_en"`
	// Fingerprint identifies the same problem across runs:
	// hash(rule, listing, normalized evidence).
	Fingerprint string `json:"fingerprint"`
}

// Outcome is what one rule concluded for one listing.
type Outcome string

// Outcomes. A broken extractor shows up as could-not-check, never as pass.
const (
	OutcomePass          Outcome = "pass"
	OutcomeFail          Outcome = "fail"
	OutcomeNotApplicable Outcome = "not-applicable"
	OutcomeCouldNotCheck Outcome = "could-not-check"
)
