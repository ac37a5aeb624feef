// Package listing is xundian's domain vocabulary: a product listing as a
// shop shows it (title, prices, SKUs, images, attributes, service text,
// freight template) and the findings the checks report about it.
//
// It depends on the standard library only; every other package imports it.
package listing
