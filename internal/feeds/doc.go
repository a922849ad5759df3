// Package feeds is the news source of a launch timing check: it reads RSS and Atom feeds
// (and, optionally, the GDELT DOC 2.0 API) politely, and finds campaign keywords, sensitive
// topics and crisis terms in what they say.
//
//   - Fetcher reads feeds with a timeout, a size limit, Rapport's User-Agent, conditional
//     requests and a small cache; FetchAll reads many at once and turns a failing feed into
//     a SourceError instead of failing.
//   - Matcher finds terms on whole words and phrases, ignoring case and accents, on light
//     per-language stems (stem.go), with hashtags and CamelCase cut into words; it drops
//     idioms (idioms.txt), drops or lowers negated and minimised hits (cues.txt), and keeps
//     companion topic words only next to a real crisis term. Harm matches are brand-safety
//     news ("recall", "lawsuit").
//   - Lexicon is the crisis and harm vocabulary: DefaultLexicon is the curated lexicon.txt
//     (seeded from CrisisLex, MIT licence, notice in the file) plus lexicon_es/de/fr/it/pt.txt,
//     chosen per item by its feed's markets (marketLanguages) or its detected language
//     (detectLanguage); ParseLexicon reads a team's own.
//   - Places finds the countries a text names (places.txt: Unicode CLDR country names plus
//     our own cities, regions and demonyms); fetched items carry them in Item.Places.
//   - Volume compares how often a term appears lately with its trailing average.
//   - GDELT queries the DOC API's artlist and timelinevol modes, at least six seconds apart,
//     and reads its habit of answering errors as HTTP 200 with text.
//
// Scoring (green, amber, red) belongs to the risk package; this package only gathers and
// matches. It does I/O over HTTP only, and imports neither Slack nor Redis.
package feeds
