package checks

import (
	"bufio"
	"embed"
	"fmt"
	"strings"
)

// termFiles holds the term lists. Each file is one rule area's list, one
// term a line:
//
//	term          a claim or banned term (deny)
//	!term         an ordinary word or non-claim that wins over any deny
//	              term of the same list it covers (第一次 over 第一)
//	term<TAB>data the term with data for its check (a fibre, hours, …)
//
// Blank lines and lines starting with # are ignored. Terms are normalized
// like the texts they are matched against, so traditional and full-width
// spellings need no entry of their own.
//
//go:embed terms/*.txt
var termFiles embed.FS

// group names a term list: the rule area a term belongs to. A match only
// ever interacts (allow-list, longer-covers-shorter) with matches of its
// own group.
type group uint8

const (
	groupShipping group = iota
	groupTrademark
	groupMaterial
	groupInvoice
	groupCredit
	groupCOD
	groupOffplatform
	groupReturn
	groupPromise
	groupAbsolute
	numGroups
)

// termFileOf names each group's embedded file.
var termFileOf = [numGroups]string{
	groupShipping:    "terms/shipping.txt",
	groupTrademark:   "terms/trademarks.txt",
	groupMaterial:    "terms/material.txt",
	groupInvoice:     "terms/invoice.txt",
	groupCredit:      "terms/credit_card.txt",
	groupCOD:         "terms/cod.txt",
	groupOffplatform: "terms/offplatform.txt",
	groupReturn:      "terms/return.txt",
	groupPromise:     "terms/shipping_promise.txt",
	groupAbsolute:    "terms/absolute.txt",
}

// term is one entry of a term list.
type term struct {
	text  string
	group group
	allow bool
	data  string
}

// parseTerms reads one term list in the format described at termFiles.
func parseTerms(name, body string, g group) ([]term, error) {
	var out []term
	sc := bufio.NewScanner(strings.NewReader(body))
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), " \r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(strings.TrimSpace(s), "#") {
			continue
		}
		t := term{group: g}
		s, t.data, _ = strings.Cut(s, "\t")
		t.data = strings.TrimSpace(t.data)
		s = strings.TrimSpace(s)
		if rest, ok := strings.CutPrefix(s, "!"); ok {
			t.allow = true
			s = strings.TrimSpace(rest)
		}
		if s == "" {
			return nil, fmt.Errorf("%s:%d: empty term", name, line)
		}
		t.text = s
		out = append(out, t)
	}
	return out, sc.Err()
}

// embeddedTerms returns every embedded term list.
func embeddedTerms() ([]term, error) {
	var all []term
	for g, name := range termFileOf {
		body, err := termFiles.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read term list: %w", err)
		}
		ts, err := parseTerms(name, string(body), group(g))
		if err != nil {
			return nil, fmt.Errorf("parse term list: %w", err)
		}
		all = append(all, ts...)
	}
	return all, nil
}

// aliasFile lists the spellings of one mark a line, separated by " | ":
// authorizing one spelling authorizes them all.
const aliasFile = "terms/trademark_aliases.txt"

// embeddedAliases returns the marks of aliasFile, each as its spellings.
func embeddedAliases() ([][]string, error) {
	body, err := termFiles.ReadFile(aliasFile)
	if err != nil {
		return nil, fmt.Errorf("read trademark aliases: %w", err)
	}
	return parseAliases(aliasFile, string(body))
}

// parseAliases reads the alias format described at aliasFile.
func parseAliases(name, body string) ([][]string, error) {
	var out [][]string
	for i, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var mark []string
		for _, a := range strings.Split(line, "|") {
			if a = strings.TrimSpace(a); a == "" {
				return nil, fmt.Errorf("%s:%d: empty spelling", name, i+1)
			}
			mark = append(mark, a)
		}
		if len(mark) < 2 {
			return nil, fmt.Errorf("%s:%d: a mark needs two spellings or more", name, i+1)
		}
		out = append(out, mark)
	}
	return out, nil
}
