package demoshop

import (
	"fmt"
	"strconv"
	"time"

	"github.com/xundian/xundian/listing"
)

// FirstID is the ID of the first listing; a shop of N listings has IDs
// FirstID … FirstID+N-1.
const FirstID = 10001

// MaxListings is the largest shop Options allows.
const MaxListings = 1_000_000

// Options configures a demo shop.
type Options struct {
	// Listings is the number of listings, 1 … MaxListings.
	Listings int
	// Seed selects the shop's content; the same seed and Listings give
	// byte-identical pages.
	Seed int64
	// Day travels in time (timetravel.go): 0 is today's shop; day D ≥ 1
	// serves the prices, handling times and stock a few designated
	// listings have D days later, planting history and promotion problems
	// (and fixing them from day 10). Every other listing, and every
	// listing on day 0, is unchanged.
	Day int
	// FontPath names a CJK font (OpenType/TrueType or a collection, e.g.
	// DefaultFontPath) used to stamp claims into image pixels: image-only
	// plants that need OCR (imageplants.go). Empty: no stamped text, and
	// the shop is exactly the shop without it.
	FontPath string
}

// Shop is a demo storefront. It holds only its options: every page is
// generated on request. A Shop is safe for concurrent use.
type Shop struct {
	n       int
	seed    int64
	modTime time.Time
	tt      *travel      // time travel (timetravel.go)
	freight *freightPool // the shop's freight templates (freightpool.go)
	font    *stampFont   // nil: no stamped image text
}

// New returns the demo shop for opts.
func New(opts Options) (*Shop, error) {
	if opts.Listings < 1 || opts.Listings > MaxListings {
		return nil, fmt.Errorf("demo shop: listings %d out of range 1…%d", opts.Listings, MaxListings)
	}
	if opts.Day < 0 {
		return nil, fmt.Errorf("demo shop: day %d is negative", opts.Day)
	}
	days := int(uint64(opts.Seed) % 365)
	s := &Shop{
		n:       opts.Listings,
		seed:    opts.Seed,
		modTime: time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC).AddDate(0, 0, days),
		tt:      &travel{day: opts.Day},
		freight: &freightPool{},
	}
	if opts.FontPath != "" {
		f, err := loadStampFont(opts.FontPath)
		if err != nil {
			return nil, fmt.Errorf("demo shop: %w", err)
		}
		s.font = f
	}
	return s, nil
}

// Len returns the number of listings.
func (s *Shop) Len() int { return s.n }

// valid reports whether id names one of the shop's listings.
func (s *Shop) valid(id int) bool { return id >= FirstID && id < FirstID+s.n }

// Path returns the path of listing id as the sitemap and the ground truth
// name it (/item/10002.html or /detail.htm?id=10003), and false for an
// unknown ID.
func (s *Shop) Path(id int) (string, bool) {
	if !s.valid(id) {
		return "", false
	}
	return s.variant(id).path(id), true
}

// Listing returns the generator's own model of listing id: the field values
// a crawler should extract from its page. URL and image URLs are paths as
// the page writes them (the crawler makes them absolute); FetchedAt and
// ContentHash are zero.
//
// Layout A (JSON-LD): Price is the lowest offer price, PromoPrice 0,
// OriginalPrice the StrikethroughPrice (the same on every offer), Brand the
// JSON-LD brand, Currency "CNY", PaymentMethods the acceptedPaymentMethod
// strings. The freight template maps the shippingDetails one to one: the
// destination without addressRegion is Default, each other charged
// destination a RegionFee, each freeShippingThreshold a FreeCondition for
// that destination's regions (nil for the default one), doesNotShip
// destinations Undeliverable; Additional fees are 0 (JSON-LD has none), ID
// and Name are empty.
//
// Layout B (legacy): Price is tm-price, PromoPrice tm-promo-price,
// OriginalPrice tm-price-orig, Brand empty (the brand is only the 品牌
// attribute), Currency empty, PaymentMethods the words after 支付方式：, and
// the freight template is the freight JSON with regions parsed by
// listing.ParseRegion.
func (s *Shop) Listing(id int) (listing.Listing, bool) {
	if !s.valid(id) {
		return listing.Listing{}, false
	}
	return s.gen(id).listing(), true
}

// itemID formats a listing ID.
func itemID(id int) string { return strconv.Itoa(id) }
