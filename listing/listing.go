package listing

import "time"

// Listing is one product listing as the crawler read it from the shop.
// Zero values mean "not shown on the page"; the Has* flags and pointer
// fields distinguish "absent" from "zero" where a check needs to know.
type Listing struct {
	// ID is the shop's stable item ID (from the URL or the page).
	ID string `json:"id"`
	// URL is the listing page as fetched, after redirects, canonicalized.
	URL   string `json:"url"`
	Title string `json:"title"`
	Brand string `json:"brand,omitempty"`

	// Price is the listed selling price (for a range, its lowest end).
	Price Money `json:"price"`
	// PromoPrice is the promotional price a buyer pays now, 0 if none.
	PromoPrice Money `json:"promo_price,omitempty"`
	// OriginalPrice is the strike-through / 原价 reference price, 0 if none.
	OriginalPrice Money `json:"original_price,omitempty"`
	// Currency is the ISO code; empty means CNY.
	Currency string `json:"currency,omitempty"`

	SKUs       []SKU       `json:"skus,omitempty"`
	Images     []Image     `json:"images,omitempty"`
	Attributes []Attribute `json:"attributes,omitempty"`

	// Description is the long description text (详情).
	Description string `json:"description,omitempty"`
	// ServiceText is the service, payment and after-sales text (服务说明).
	ServiceText string `json:"service_text,omitempty"`

	// PaymentMethods lists what the page says it accepts, as written.
	PaymentMethods []string `json:"payment_methods,omitempty"`
	// OffersCOD is true when the listing offers cash on delivery (货到付款).
	OffersCOD bool `json:"offers_cod,omitempty"`

	// HandlingHours is the configured dispatch time in hours; valid only
	// when HasHandling is true.
	HandlingHours int  `json:"handling_hours,omitempty"`
	HasHandling   bool `json:"has_handling,omitempty"`

	// ReturnExempt is true when the listing is marked as not eligible for
	// 7-day no-reason returns (e.g. customised goods).
	ReturnExempt bool `json:"return_exempt,omitempty"`

	// Stock is the total stock shown; valid only when HasStock is true.
	Stock    int  `json:"stock,omitempty"`
	HasStock bool `json:"has_stock,omitempty"`

	// Freight is the freight template; nil when none could be read.
	Freight *FreightTemplate `json:"freight,omitempty"`

	// Page is the page's bytes exactly as fetched, for the evidence
	// archive (申诉); it is not part of the listing's JSON and is dropped
	// once archived.
	Page []byte `json:"-"`
	// ContentHash is the hash of the fetched page bytes.
	ContentHash string `json:"content_hash,omitempty"`
	// ETag and LastModified are the page response's validators, for the
	// next fetch's conditional request; empty when it sent none.
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	FetchedAt    time.Time `json:"fetched_at"`
	// SitemapLastMod is the <lastmod> the shop's sitemap gave the page
	// when it was fetched ("": none), for the next incremental patrol; it
	// is not part of the listing's JSON.
	SitemapLastMod string `json:"-"`
}

// SKU is one purchasable variant of a listing.
type SKU struct {
	ID         string `json:"id,omitempty"`
	Name       string `json:"name"`
	Price      Money  `json:"price"`
	PromoPrice Money  `json:"promo_price,omitempty"`
	Stock      int    `json:"stock,omitempty"`
	HasStock   bool   `json:"has_stock,omitempty"`
}

// ImageRole says where on the listing an image is shown.
type ImageRole string

// Image roles.
const (
	ImageMain        ImageRole = "main"
	ImageDescription ImageRole = "description"
)

// Image is a listing image with its alt text and, once OCR has run, the
// text recognised in its pixels.
type Image struct {
	URL  string    `json:"url"`
	Alt  string    `json:"alt,omitempty"`
	Role ImageRole `json:"role,omitempty"`
	// Text is the OCR-recognised text; empty when not (yet) recognised.
	Text string `json:"text,omitempty"`
}

// Attribute is one key/value product attribute (面料成分: 聚酯纤维100%).
type Attribute struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// PayablePrices returns every price a buyer can actually pay for the
// listing: its price, promotional price and every SKU's price and
// promotional price, without zeros or duplicates, in first-seen order.
func (l *Listing) PayablePrices() []Money {
	var out []Money
	add := func(m Money) {
		if m <= 0 {
			return
		}
		for _, x := range out {
			if x == m {
				return
			}
		}
		out = append(out, m)
	}
	add(l.Price)
	add(l.PromoPrice)
	for _, s := range l.SKUs {
		add(s.Price)
		add(s.PromoPrice)
	}
	return out
}

// LowestPayable returns the lowest payable price, or 0 when there is none.
func (l *Listing) LowestPayable() Money {
	var low Money
	for _, m := range l.PayablePrices() {
		if low == 0 || m < low {
			low = m
		}
	}
	return low
}

// Attribute returns the value of the first attribute with one of the
// given names, and whether one was found.
func (l *Listing) Attribute(names ...string) (string, bool) {
	for _, a := range l.Attributes {
		for _, n := range names {
			if a.Name == n {
				return a.Value, true
			}
		}
	}
	return "", false
}
