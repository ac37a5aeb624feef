package reports

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/store"
)

// Snippet is a finding's evidence within the text it was quoted from:
// Before and After are up to snippetRunes runes of that text around it
// (with "…" where cut). Match is empty when the text was not available.
type Snippet struct {
	Before, Match, After string
}

// snippetRunes is how much context a snippet shows on each side.
const snippetRunes = 40

// contextListings caps how many listing snapshots Build decodes for
// context. Title evidence needs none; past the cap, findings show their
// evidence alone rather than making a huge report slow to build.
const contextListings = 5000

// snippetOf finds evidence in text, at start when it is there (the
// checks record the byte offset in the original text), else at its first
// occurrence.
func snippetOf(text, evidence string, start int) (Snippet, bool) {
	if evidence == "" || text == "" {
		return Snippet{}, false
	}
	if start < 0 || start+len(evidence) > len(text) || text[start:start+len(evidence)] != evidence {
		start = strings.Index(text, evidence)
		if start < 0 {
			return Snippet{}, false
		}
	}
	before, after := text[:start], text[start+len(evidence):]
	if utf8.RuneCountInString(before) > snippetRunes {
		r := []rune(before)
		before = "…" + string(r[len(r)-snippetRunes:])
	}
	if utf8.RuneCountInString(after) > snippetRunes {
		after = string([]rune(after)[:snippetRunes]) + "…"
	}
	return Snippet{Before: before, Match: evidence, After: after}, true
}

// sourceTexts returns the texts of l a finding from src may quote.
func sourceTexts(l *listing.Listing, src listing.Source, imageURL string) []string {
	switch src {
	case listing.SourceTitle:
		return []string{l.Title}
	case listing.SourceDescription:
		return []string{l.Description}
	case listing.SourceService:
		return []string{l.ServiceText}
	case listing.SourceImage:
		var out []string
		for _, img := range l.Images {
			if img.URL == imageURL {
				out = append(out, img.Alt, img.Text)
			}
		}
		return out
	case listing.SourceAttributes:
		var out []string
		for _, a := range l.Attributes {
			out = append(out, a.Name+": "+a.Value)
		}
		return out
	}
	return nil
}

// addSnippets fills in Item.Context. Title evidence is quoted from the
// finding's own title; other sources from the snapshot of the run that
// stored the finding, read for at most contextListings listings, one query
// per run.
func addSnippets(ctx context.Context, db *store.DB, lists ...[]Item) error {
	type key struct {
		run     int64
		listing string
	}
	want := map[key]bool{}
	byRun := map[int64][]string{}
	images, attrs := map[key]bool{}, map[key]bool{}
	for _, items := range lists {
		for i := range items {
			it := &items[i]
			if it.Source == listing.SourceTitle {
				if s, ok := snippetOf(it.Title, it.Evidence, it.EvidenceStart); ok {
					it.Context = s
				}
				continue
			}
			k := key{it.runID, it.ListingID}
			switch it.Source {
			case listing.SourceImage:
				images[k] = true
			case listing.SourceAttributes:
				attrs[k] = true
			}
			if want[k] || len(want) >= contextListings {
				continue
			}
			want[k] = true
			byRun[k.run] = append(byRun[k.run], k.listing)
		}
	}
	texts := map[int64]map[string]listing.Listing{}
	for run, ids := range byRun {
		got, err := db.SnapshotTexts(ctx, run, ids, func(id string) (bool, bool) {
			return images[key{run, id}], attrs[key{run, id}]
		})
		if err != nil {
			return fmt.Errorf("evidence context: %w", err)
		}
		texts[run] = got
	}
	for _, items := range lists {
		for i := range items {
			it := &items[i]
			if it.Source == listing.SourceTitle {
				continue
			}
			l, ok := texts[it.runID][it.ListingID]
			if !ok {
				continue
			}
			for _, text := range sourceTexts(&l, it.Source, it.ImageURL) {
				if s, ok := snippetOf(text, it.Evidence, it.EvidenceStart); ok {
					it.Context = s
					break
				}
			}
		}
	}
	return nil
}
