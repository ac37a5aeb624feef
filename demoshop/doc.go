// Package demoshop is xundian's deterministic demo storefront and its ground
// truth: a clothing and home-goods shop (brand 巡店优选) whose listings carry
// planted violations of every listing rule, and decoys that must not be
// flagged.
//
// Everything is a pure function of (seed, N, listing ID). No per-listing
// state is kept: a page is generated when it is requested, from a PCG
// generator seeded by the shop seed and the listing ID, so a shop of 100,000
// listings costs nothing up front. The HTTP surface, both page layouts, the
// freight JSON and what counts as a violation are specified in DESIGN.md
// ("Demo shop HTTP surface" and "Rule semantics").
//
// Files: generate.go builds a listing's model (item), plants.go decides and
// writes the planted violations and decoys, freight.go the freight
// templates, layout_jsonld.go and layout_legacy.go render the two page
// layouts, image.go the listing images, sitemap.go the index pages and
// sitemaps, truth.go the ground truth, server.go the HTTP handler.
package demoshop
