// Package checks judges one listing at a time against xundian's listing
// rules (rules.md): it normalizes the listing's texts (full-width,
// traditional script, case, zero-width and look-alike characters,
// separators inside words), finds every term of every rule's embedded list
// in one Aho-Corasick pass per text, parses price claims, and runs each
// rule's check to produce findings and per-rule outcomes.
//
// Build an Engine once per run with NewEngine; Engine.Check is pure and
// safe for concurrent use. The registry of checks is All, sorted by ID.
package checks
