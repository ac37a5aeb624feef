package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/xundian/xundian/listing"
)

// PricePoint is a listing's prices as one run saw them.
type PricePoint struct {
	RunID int64
	// At is when the page was fetched; for a carried snapshot (page
	// unchanged), the start of the run that vouched for it.
	At            time.Time
	Price         listing.Money
	PromoPrice    listing.Money
	OriginalPrice listing.Money
	// SKUPrices maps SKU ID (its name when it has none) to its list price.
	SKUPrices map[string]listing.Money
	// Carried marks a snapshot copied forward for an unchanged page.
	Carried bool
}

// PriceHistory returns a listing's prices from the snapshots of complete
// and partial runs (of any kind), oldest first. Running and failed runs
// are left out: their data may be half-written.
func (db *DB) PriceHistory(ctx context.Context, listingID string) ([]PricePoint, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT s.run_id,
			CASE WHEN s.carried THEN r.started_at ELSE s.fetched_at END,
			s.price, s.promo_price, s.original_price, s.sku_prices, s.carried
		FROM snapshots s JOIN runs r ON r.id = s.run_id
		WHERE s.listing_id = ? AND r.status IN (?, ?)
		ORDER BY s.run_id`, listingID, StatusComplete, StatusPartial)
	if err != nil {
		return nil, fmt.Errorf("price history of %s: %w", listingID, err)
	}
	defer rows.Close()
	var out []PricePoint
	for rows.Next() {
		var (
			p       PricePoint
			at, sku string
		)
		if err := rows.Scan(&p.RunID, &at, &p.Price, &p.PromoPrice, &p.OriginalPrice, &sku, &p.Carried); err != nil {
			return nil, fmt.Errorf("price history of %s: %w", listingID, err)
		}
		if p.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("price history of %s: %w", listingID, err)
		}
		if err := json.Unmarshal([]byte(sku), &p.SKUPrices); err != nil {
			return nil, fmt.Errorf("price history of %s: run %d sku prices: %w", listingID, p.RunID, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("price history of %s: %w", listingID, err)
	}
	return out, nil
}
