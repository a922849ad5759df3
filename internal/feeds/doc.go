// Package feeds is the news source of a launch timing check: it reads RSS and Atom feeds
// (and, optionally, the GDELT DOC 2.0 API) politely, and finds campaign keywords, sensitive
// topics and crisis terms in what they say.
//
//   - Fetcher reads feeds with a timeout, a size limit, Rapport's User-Agent, conditional
//     requests and a small cache; FetchAll reads many at once and turns a failing feed into
//     a SourceError instead of failing.
//   - Matcher finds terms on whole words and phrases, ignoring case and accents.
//   - Lexicon is the crisis vocabulary: DefaultLexicon is the curated lexicon.txt shipped in
//     the binary (seeded from CrisisLex, MIT licence, notice in the file); ParseLexicon reads
//     a team's own.
//   - Volume compares how often a term appears lately with its trailing average.
//   - GDELT queries the DOC API's artlist and timelinevol modes, at least six seconds apart,
//     and reads its habit of answering errors as HTTP 200 with text.
//
// Scoring (green, amber, red) belongs to the risk package; this package only gathers and
// matches. It does I/O over HTTP only, and imports neither Slack nor Redis.
package feeds
