package checks

import (
	"crypto/sha256"
	"encoding/hex"
	"iter"
	"strings"

	"github.com/xundian/xundian/listing"
)

// Text is one text of a listing (the title, one image's alt or OCR text,
// the description or the service text), normalized once per listing and
// shared by every check.
type Text struct {
	// Source says where the text is shown.
	Source listing.Source
	// ImageURL names the image for Source image.
	ImageURL string
	// N is the normalized text; it can quote the original.
	N Normalized
	// matches are the filtered term matches of every group, in order.
	matches []termMatch
	// order is the text's position in the listing's canonical text order.
	order int
	// listed are the refusals a list hides (listedMatches), found on first
	// use.
	listed     []termMatch
	listedDone bool
}

// Pass carries one listing through the checks. It normalizes and matches
// the listing's texts once, lets each check read them, and does the
// bookkeeping of findings and outcomes. A Pass is used by one goroutine.
type Pass struct {
	// Listing is the listing under check. Checks must not modify it.
	Listing *listing.Listing

	engine *Engine
	texts  []*Text

	check   *Check
	found   *listing.Finding
	foundAt [2]int // text order and start of found, to keep the first
	outcome listing.Outcome
	reason  string
}

// newPass normalizes and matches the listing's texts in source order:
// title, images (alt, then OCR text, image by image), description,
// service. That order decides which finding a rule keeps.
func newPass(e *Engine, l *listing.Listing) *Pass {
	p := &Pass{Listing: l, engine: e}
	add := func(src listing.Source, url, s string) {
		if s == "" {
			return
		}
		n := e.norm.normalize(s)
		t := &Text{Source: src, ImageURL: url, N: n, order: len(p.texts)}
		t.matches = e.match.match(n.bytes, nil)
		p.texts = append(p.texts, t)
	}
	add(listing.SourceTitle, "", l.Title)
	for _, img := range l.Images {
		add(listing.SourceImage, img.URL, img.Alt)
		add(listing.SourceImage, img.URL, bannerText(img.Text))
	}
	add(listing.SourceDescription, "", l.Description)
	add(listing.SourceService, "", l.ServiceText)
	return p
}

// bannerText joins the lines OCR read from one image with spaces: a
// banner wraps its claim where the layout does (券后 above ¥99, 全国包邮
// above 新疆西藏除外), so a line break in it is no clause end, unlike in
// a description. Offsets stay valid: both are one byte.
func bannerText(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// Texts yields the listing's non-empty texts from the current check's
// sources, in the order title, images, description, service.
func (p *Pass) Texts() iter.Seq[*Text] {
	return func(yield func(*Text) bool) {
		for _, t := range p.texts {
			if p.check != nil && !p.check.hasSource(t.Source) {
				continue
			}
			if !yield(t) {
				return
			}
		}
	}
}

// matches yields the term matches of group g in t, in text order.
func (p *Pass) matches(t *Text, g group) iter.Seq[termMatch] {
	return func(yield func(termMatch) bool) {
		for _, m := range t.matches {
			if m.Group == g && !yield(m) {
				return
			}
		}
	}
}

// Report records that the current check is broken by the normalized span
// [start, end) of t, with a one-sentence detail in Chinese and English.
// A check reports at most one finding per listing: when it reports
// several, the first in source order (and position) is kept.
func (p *Pass) Report(t *Text, start, end int, detail, detailEN string) {
	p.outcome = listing.OutcomeFail
	at := [2]int{t.order, start}
	if p.found != nil && (p.foundAt[0] < at[0] || p.foundAt[0] == at[0] && p.foundAt[1] <= at[1]) {
		return
	}
	evidence, pos := t.N.Quote(start, end)
	norm := t.N.Text[start:end]
	l := p.Listing
	f := listing.Finding{
		Rule:          p.check.ID,
		ListingID:     l.ID,
		URL:           l.URL,
		Title:         l.Title,
		Severity:      p.check.Severity,
		Points:        p.check.Points,
		Source:        t.Source,
		Evidence:      evidence,
		EvidenceStart: pos,
		ImageURL:      t.ImageURL,
		Detail:        detail,
		DetailEN:      detailEN,
		Fingerprint:   Fingerprint(p.check.ID, l.ID, norm),
	}
	p.found, p.foundAt = &f, at
}

// NotApplicable records that the current check does not apply to the
// listing (cod-refusal on a listing without cash on delivery). A finding
// reported by the same check still wins.
func (p *Pass) NotApplicable() {
	if p.outcome == listing.OutcomePass {
		p.outcome = listing.OutcomeNotApplicable
	}
}

// CouldNotCheck records that the listing makes a claim the check cannot
// verify because an input is missing (no freight template, no payable
// price, …). A finding reported by the same check still wins.
func (p *Pass) CouldNotCheck(reason string) {
	if p.outcome != listing.OutcomeFail {
		p.outcome = listing.OutcomeCouldNotCheck
		p.reason = reason
	}
}

// run runs c on the pass and returns its finding (nil if none) and
// outcome.
func (p *Pass) run(c *Check) (*listing.Finding, listing.Outcome) {
	p.check, p.found, p.outcome, p.reason = c, nil, listing.OutcomePass, ""
	c.Run(p)
	if p.found != nil {
		p.outcome = listing.OutcomeFail
	}
	return p.found, p.outcome
}

// Fingerprint identifies a finding across runs: the hex of the first 16
// bytes of sha256 over rule, listing ID and normalized evidence joined by
// "|".
func Fingerprint(rule, listingID, normalizedEvidence string) string {
	h := sha256.New()
	h.Write([]byte(rule))
	h.Write([]byte{'|'})
	h.Write([]byte(listingID))
	h.Write([]byte{'|'})
	h.Write([]byte(normalizedEvidence))
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:16])
}

// sourceZH names a source in Chinese for detail sentences.
func sourceZH(s listing.Source) string {
	switch s {
	case listing.SourceTitle:
		return "标题"
	case listing.SourceImage:
		return "图片"
	case listing.SourceDescription:
		return "详情"
	case listing.SourceService:
		return "服务说明"
	case listing.SourceAttributes:
		return "属性"
	}
	return string(s)
}

// sourceEN names a source in English for detail sentences.
func sourceEN(s listing.Source) string {
	switch s {
	case listing.SourceTitle:
		return "The title"
	case listing.SourceImage:
		return "An image"
	case listing.SourceDescription:
		return "The description"
	case listing.SourceService:
		return "The service text"
	case listing.SourceAttributes:
		return "The attributes"
	}
	return string(s)
}
