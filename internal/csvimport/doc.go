// Package csvimport reads the CSV files of DESIGN.md §3 (influencers, metric snapshots,
// campaigns and touchpoints)
// into domain values. It owns the forgiving parts of import: vendor header aliases, number
// formats such as "12,345" and "1.2K", date forms, and reporting every bad row by its line
// in the file while still returning the good rows.
//
// Parsing is pure: the package reads an io.Reader and returns values, warnings and row
// errors. A Reader (NewMetricsReader and the others) gives them one row at a time, so a file
// of any size is read in bounded memory; the Parse functions collect a whole file, for files
// small enough to hold. Deciding whether to write anything (dry runs, --strict) and writing
// it belong to the caller. It imports only the domain package, wording and the standard
// library, never Slack or Redis. Markets and time zones are read by the domain package's
// ParseMarkets and ParseTimeZone, so a market typed in a file, a form or a search means the
// same.
package csvimport
