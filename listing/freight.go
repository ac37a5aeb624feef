package listing

// Fee is what a freight template charges for one destination: the first
// item and each additional item.
type Fee struct {
	First      Money `json:"first"`
	Additional Money `json:"additional"`
}

// RegionFee overrides the template's default fee for some regions.
type RegionFee struct {
	Regions []Region `json:"regions"`
	Fee     Fee      `json:"fee"`
}

// FreeCondition makes shipping free when an order reaches an amount or a
// quantity (满99包邮, 满2件包邮). An empty Regions means every region the
// template delivers to. A zero MinAmount and MinQuantity means
// unconditionally free for those regions.
type FreeCondition struct {
	Regions     []Region `json:"regions,omitempty"`
	MinAmount   Money    `json:"min_amount,omitempty"`
	MinQuantity int      `json:"min_quantity,omitempty"`
}

// FreightTemplate is a shop's shipping-fee rule set (运费模板) as attached to
// a listing: a default fee, per-region overrides, free-shipping conditions
// and regions it does not deliver to.
type FreightTemplate struct {
	ID             string          `json:"id,omitempty"`
	Name           string          `json:"name,omitempty"`
	Default        Fee             `json:"default"`
	Regions        []RegionFee     `json:"regions,omitempty"`
	FreeConditions []FreeCondition `json:"free_conditions,omitempty"`
	Undeliverable  []Region        `json:"undeliverable,omitempty"`
}

// Delivers reports whether the template ships to r.
func (t *FreightTemplate) Delivers(r Region) bool {
	for _, u := range t.Undeliverable {
		if u == r {
			return false
		}
	}
	return true
}

// FeeFor returns the fee for one item shipped to r, ignoring free-shipping
// conditions: the last region override naming r wins, else the default.
func (t *FreightTemplate) FeeFor(r Region) Fee {
	fee := t.Default
	for _, rf := range t.Regions {
		for _, x := range rf.Regions {
			if x == r {
				fee = rf.Fee
			}
		}
	}
	return fee
}

// Charge is the fee a template asks for one item sent to one region.
type Charge struct {
	Region Region
	Fee    Money
}

// ChargeFor returns what a buyer in r pays for shipping an order of the
// given amount and quantity: zero when a free condition applies to r and
// the order meets it, else the first-item fee plus the additional-item fee
// for each item after the first.
func (t *FreightTemplate) ChargeFor(r Region, amount Money, quantity int) Money {
	for _, c := range t.FreeConditions {
		if !c.appliesTo(r) {
			continue
		}
		if amount >= c.MinAmount && quantity >= c.MinQuantity {
			return 0
		}
	}
	fee := t.FeeFor(r)
	if quantity < 1 {
		quantity = 1
	}
	return fee.First + Money(quantity-1)*fee.Additional
}

func (c FreeCondition) appliesTo(r Region) bool {
	if len(c.Regions) == 0 {
		return true
	}
	for _, x := range c.Regions {
		if x == r {
			return true
		}
	}
	return false
}

// Charged lists the mainland regions, in MainlandRegions order, that the
// template delivers to and charges for a single item of the given price
// (fee > 0, even 0.01). Undeliverable regions are not charged: the buyer
// cannot order there at all.
func (t *FreightTemplate) Charged(price Money) []Charge {
	var out []Charge
	for _, r := range MainlandRegions() {
		if !t.Delivers(r) {
			continue
		}
		if fee := t.ChargeFor(r, price, 1); fee > 0 {
			out = append(out, Charge{Region: r, Fee: fee})
		}
	}
	return out
}
