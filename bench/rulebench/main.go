// Command rulebench measures the rule engine for bench/run.sh: listings
// checked per second on one core (GOMAXPROCS=1, garbage collection
// included) with extra trademark terms loaded, over the demo shop's own
// listing models (demoshop.Shop.Listing), and what building the engine
// costs in time and heap.
//
//	rulebench --terms 5000 --listings 10000 --duration 3s
//
// It prints key=value lines: terms, build_seconds, build_heap_mb,
// default_build_heap_mb, listings, checks, seconds, per_sec_per_core.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/xundian/xundian/checks"
	"github.com/xundian/xundian/demoshop"
	"github.com/xundian/xundian/listing"
)

func main() {
	nTerms := flag.Int("terms", 5000, "extra trademark terms")
	nListings := flag.Int("listings", 10000, "demo listings to check (cycled)")
	seed := flag.Int64("seed", 1, "demo shop seed")
	dur := flag.Duration("duration", 3*time.Second, "how long to check")
	flag.Parse()
	runtime.GOMAXPROCS(1)
	if err := run(*nTerms, *nListings, *seed, *dur); err != nil {
		fmt.Fprintln(os.Stderr, "rulebench:", err)
		os.Exit(2)
	}
}

func run(nTerms, nListings int, seed int64, dur time.Duration) error {
	shop, err := demoshop.New(demoshop.Options{Listings: nListings, Seed: seed})
	if err != nil {
		return err
	}
	ls := make([]listing.Listing, 0, nListings)
	for id := demoshop.FirstID; id < demoshop.FirstID+nListings; id++ {
		l, _ := shop.Listing(id)
		ls = append(ls, l)
	}
	// The shop's config as shipped: its own and authorized brands.
	base := checks.Settings{AuthorizedBrands: []string{"巡店优选", "凯蒂猫", "Hello Kitty"}}

	defHeap, _, err := buildCost(base)
	if err != nil {
		return err
	}
	s := base
	s.ExtraTrademarks = syntheticTerms(nTerms)
	heap, buildTime, err := buildCost(s)
	if err != nil {
		return err
	}
	e, err := checks.NewEngine(s)
	if err != nil {
		return err
	}
	// Warm up, then check listings round-robin for dur.
	for i := range min(len(ls), 500) {
		e.Check(&ls[i])
	}
	runtime.GC()
	n := 0
	start := time.Now()
	for time.Since(start) < dur {
		for i := range 100 {
			e.Check(&ls[(n+i)%len(ls)])
		}
		n += 100
	}
	secs := time.Since(start).Seconds()
	fmt.Printf("terms=%d\nbuild_seconds=%.3f\nbuild_heap_mb=%.1f\ndefault_build_heap_mb=%.1f\nlistings=%d\nchecks=%d\nseconds=%.3f\nper_sec_per_core=%.0f\n",
		nTerms, buildTime.Seconds(), heap, defHeap, len(ls), n, secs, float64(n)/secs)
	return nil
}

// buildCost builds an engine and returns the heap it keeps (MB, after a
// GC) and how long building took.
func buildCost(s checks.Settings) (heapMB float64, took time.Duration, err error) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	e, err := checks.NewEngine(s)
	took = time.Since(start)
	if err != nil {
		return 0, 0, err
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(e)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20), took, nil
}

// commonHan is a pool of frequent characters for synthetic brand names.
const commonHan = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"

// syntheticTerms returns n distinct made-up brand names of 2–5 Han
// characters and Latin names, deterministic for n: the shape of a real
// extra_trademarks list.
func syntheticTerms(n int) []string {
	r := rand.New(rand.NewPCG(9, 9))
	pool := []rune(commonHan)
	seen := map[string]bool{}
	out := make([]string, 0, n)
	for len(out) < n {
		var sb strings.Builder
		if r.IntN(5) == 0 {
			for range 4 + r.IntN(5) {
				sb.WriteByte(byte('a' + r.IntN(26)))
			}
		} else {
			for range 2 + r.IntN(4) {
				sb.WriteRune(pool[r.IntN(len(pool))])
			}
		}
		if s := sb.String(); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
