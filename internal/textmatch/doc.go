// Package textmatch compares what people type with the names Rapport knows: Fold puts text
// in the form it is compared in (lower case, Latin accents removed), Distance counts typos,
// and Closest finds the name a typo was meant to be. Every search, filter and "did you
// mean" in Rapport uses these, so "chloe" finds "Chloé" everywhere or nowhere.
//
// The package is pure and imports only the standard library. internal/feeds keeps its own
// tokenizer, which splits words and marks capitals as it folds.
package textmatch
