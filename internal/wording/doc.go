// Package wording writes the words Rapport uses for counts and lengths of time, so every
// surface spells them one way: a digest row, a profile card and a timing check all say
// "3 days" for the same length, never "72 hours" in one and "3 days" in another.
//
// A length of time is written in the largest unit of which it holds at least two, counted
// to the nearest whole unit:
//
//	under 30 seconds   "under a minute"
//	under 2 hours      minutes ("1 minute", "59 minutes", "90 minutes")
//	under 2 days       hours   ("24 hours", "47 hours")
//	under 60 days      days    ("2 days", "14 days", "59 days")
//	under 2 years      months of 30 days ("2 months", "13 months")
//	from 2 years       years of 365 days ("2 years")
//
// Two of a unit keeps every figure within about a fifth of the true length (from two
// minutes up): 36 hours stays "36 hours" instead of becoming "2 days". Counting to the
// nearest unit rather than down keeps a figure steady when it is worked out a moment before
// it is shown: a launch 72 hours away still reads "in 3 days" seconds later, not "in 2
// days". The length is first counted to the nearest minute, so 47 hours 59 minutes 40
// seconds is "2 days", not "48 hours". There are no weeks: cadences and windows are set in
// days ("every 14 days", "contacted in the last 14 days"), and a row reads "due 20 days ago
// (every 14 days)" rather than mixing the two.
//
// Span ignores the sign; In and Ago give it its meaning. The package is pure and imports
// only the standard library.
package wording
