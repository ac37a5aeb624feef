package crawler

import (
	"slices"
	"strings"
	"testing"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

func TestPrefilterOf(t *testing.T) {
	tests := []struct {
		css  string
		want prefilter
	}{
		{"ul.tb-sku li", prefilter{tag: "li", set: true}},
		{"h1[data-item-id]", prefilter{tag: "h1", set: true}},
		{".tm-price em", prefilter{tag: "em", set: true}},
		{"#J_Freight", prefilter{id: "J_Freight", set: true}},
		{"IMG.main-img.big", prefilter{tag: "img", class: "main-img", set: true}},
		{"div > p:not(.x)#a", prefilter{tag: "p", id: "a", set: true}},
		{`script[type="application/ld+json" i]`, prefilter{tag: "script", set: true}},
		{"li:nth-child(2n+1)", prefilter{tag: "li", set: true}},
		{"a ~ *.b", prefilter{class: "b", set: true}},
		{"[itemscope][itemtype]", prefilter{}},
		{`.a\:b`, prefilter{}},
		{"p::before", prefilter{}},
		{".类", prefilter{}},
	}
	for _, tt := range tests {
		if got := prefilterOf(tt.css); got != tt.want {
			t.Errorf("prefilterOf(%q) = %+v, want %+v", tt.css, got, tt.want)
		}
	}
}

const prefilterPage = `<html><head><script type="application/LD+JSON">{}</script></head><body>
<div id="main" class="a  b	c"><h1 data-item-id="1" class="title">t</h1><p class="x">1</p><p id="a">2</p>
<ul class="tb-sku"><li class="b">x</li><li>y<em class="b c">z</em></li><li class="a-b">w</li></ul>
<img class="main-img big" src="1.png"><IMG CLASS="Main-img" src="2.png"><span class="">e</span><svg><clipPath id="c"/></svg>
<div class="desc"><img class="desc-img" src="3.png"></div></div><section id="main" class="類">q</section></body></html>`

var prefilterSelectors = []string{
	"ul.tb-sku li", "h1[data-item-id]", ".b", ".c", "#main", "#a", "p", "P.x", "img.main-img", "img.Main-img", ".a", ".a-b",
	"div > p:not(.x)#a", `script[type="application/ld+json" i]`, "li:nth-child(2n+1)", "li ~ *.a-b", "li + li", "clippath",
	"clipPath", "#c", "*", "div .desc img", ".類", "section#main.類", "ul li em.b.c", "li:has(em)", "p:first-child", ":root",
}

func TestPrefilterMatchesCascadia(t *testing.T) {
	for _, css := range prefilterSelectors {
		checkPrefilter(t, css)
	}
}

func FuzzPrefilter(f *testing.F) {
	for _, css := range prefilterSelectors {
		f.Add(css)
	}
	f.Fuzz(func(t *testing.T, css string) {
		if _, err := cascadia.Parse(css); err != nil {
			return
		}
		checkPrefilter(t, css)
	})
}

func checkPrefilter(t *testing.T, css string) {
	t.Helper()
	sel, err := cascadia.Parse(css)
	if err != nil {
		t.Fatalf("cascadia.Parse(%q): %v", css, err)
	}
	doc, err := html.Parse(strings.NewReader(prefilterPage))
	if err != nil {
		t.Fatal(err)
	}
	var got []*html.Node
	eachMatch(doc, matcher{css: sel, pre: prefilterOf(css)}, func(n *html.Node) bool {
		got = append(got, n)
		return true
	})
	if want := cascadia.QueryAll(doc, sel); !slices.Equal(got, want) {
		t.Errorf("%q (prefilter %+v): %d matches, cascadia %d", css, prefilterOf(css), len(got), len(want))
	}
}
