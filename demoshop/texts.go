package demoshop

import (
	"math/rand/v2"
	"strings"

	"github.com/xundian/xundian/listing"
)

// This file assembles a listing's texts from filler and plants. Two plants
// in one text are always separated by filler (a title word, a whole
// sentence, a service item), so that no rule's negation or exception window
// reaches from one plant into another.

func filler(s string) seg { return seg{text: s, plant: -1} }

// plantsFor returns the indices of the plants in source src, except the
// title plants with a fixed slot (the brand and a product name).
func (it *item) plantsFor(src listing.Source) []int {
	var out []int
	for i, p := range it.plants {
		if p.source != src || i == it.productPlant || p.family == familyOwnBrand {
			continue
		}
		out = append(out, i)
	}
	return out
}

// buildTexts writes title, description, service text and images.
func (it *item) buildTexts(r *rand.Rand) {
	it.buildTitle(r)
	it.buildDescription(r)
	it.buildService(r)
	it.buildImages(r)
}

func (it *item) buildTitle(r *rand.Rand) {
	var t text
	sep := func() {
		if len(t) > 0 {
			t = append(t, filler(" "))
		}
	}
	for i, p := range it.plants {
		if p.family == familyOwnBrand {
			t = append(t, seg{p.text, i})
		}
	}
	plants := it.plantsFor(srcTitle)
	words := []seg{filler(it.t(pick(r, titleAdjs)))}
	if it.productPlant >= 0 {
		// The product name is itself a plant: place it like one.
		at := r.IntN(len(plants) + 1)
		plants = append(plants[:at], append([]int{it.productPlant}, plants[at:]...)...)
	} else {
		product := filler(it.t(it.prod.name))
		if it.fullWidthT {
			product.text = strings.Replace(product.text, "T", "Ｔ", 1)
		}
		words = append(words, product)
	}
	if r.IntN(10) < 6 {
		words = append(words, filler(it.t(it.season)))
	}
	extras := r.Perm(len(titleExtras))
	want := len(words)
	if r.IntN(2) == 0 {
		want++
	}
	want = max(want, len(plants)+1)
	for i := 0; len(words) < want; i++ {
		words = append(words, filler(it.t(titleExtras[extras[i%len(extras)]])))
	}
	// Plant j goes after words[j] (or before it when startPlant), so a word
	// always separates two plants.
	startPlant := len(plants) > 0 && r.IntN(3) == 0
	for j, w := range words {
		if startPlant && j < len(plants) {
			sep()
			t = append(t, seg{it.plants[plants[j]].text, plants[j]})
		}
		sep()
		t = append(t, w)
		if !startPlant && j < len(plants) {
			sep()
			t = append(t, seg{it.plants[plants[j]].text, plants[j]})
		}
	}
	it.title = t
}

func (it *item) buildDescription(r *rand.Rand) {
	pool := append(append([]phrase(nil), it.prod.lines...), lineCommon...)
	order := r.Perm(len(pool))
	plants := it.plantsFor(srcDesc)
	n := max(2+r.IntN(3), len(plants)+1)
	var t text
	for i := range n {
		t = append(t, filler(it.t(pool[order[i%len(order)]])))
		if i < len(plants) {
			if o := r.IntN(len(descOpeners) + 1); o < len(descOpeners) {
				t = append(t, filler(it.t(descOpeners[o])))
			}
			t = append(t, seg{it.plants[plants[i]].text, plants[i]}, filler("。"))
		}
	}
	it.desc = t
}

func (it *item) buildService(r *rand.Rand) {
	plants := it.plantsFor(srcService)
	order := r.Perm(len(serviceItems))
	n := max(1+r.IntN(2), len(plants)+1)
	var t text
	for i := range n {
		t = append(t, filler(it.t(serviceItems[order[i%len(order)]])+"。"))
		if i < len(plants) {
			t = append(t, seg{it.plants[plants[i]].text, plants[i]}, filler("。"))
		}
	}
	it.service = t
}

func (it *item) buildImages(r *rand.Rand) {
	plants := it.plantsFor(srcImage)
	nMain := max(1+r.IntN(4), min(len(plants), 4))
	nDesc := r.IntN(4)
	// One plant per image; plants beyond the main images go to
	// description images.
	onDesc := max(0, len(plants)-nMain)
	if len(plants) > 0 && onDesc == 0 && r.IntN(4) == 0 {
		onDesc = 1 // sometimes the planted image is a description image
	}
	nDesc = max(nDesc, onDesc)
	onMain := plants[:len(plants)-onDesc]
	onDescP := plants[len(plants)-onDesc:]
	mainPos := r.Perm(nMain)
	descPos := r.Perm(nDesc)
	alts := make([]text, nMain+nDesc)
	views := r.Perm(len(mainViews))
	for i := range nMain {
		alts[i] = text{filler(it.t(it.prod.noun) + " " + it.t(mainViews[views[i%len(views)]]))}
	}
	dviews := r.Perm(len(descViews))
	for i := range nDesc {
		alts[nMain+i] = text{filler(it.t(it.prod.noun) + " " + it.t(descViews[dviews[i%len(dviews)]]))}
	}
	for j, p := range onMain {
		k := mainPos[j]
		alts[k] = append(text{{it.plants[p].text, p}, filler(" ")}, alts[k]...)
	}
	for j, p := range onDescP {
		k := nMain + descPos[j]
		alts[k] = append(text{{it.plants[p].text, p}, filler(" ")}, alts[k]...)
	}
	for i, alt := range alts {
		role := listing.ImageMain
		if i >= nMain {
			role = listing.ImageDescription
		}
		it.images = append(it.images, picture{n: i + 1, role: role, alt: alt})
	}
}
