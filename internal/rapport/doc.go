// Package rapport holds Rapport's vocabulary: influencers, their accounts' metric snapshots
// and the small rules that belong to the values themselves (handle normalisation, statuses,
// platforms, market codes and time zone names). It performs no I/O beyond loading time zones
// in ParseTimeZone (Go's zone database is embedded, so they load on any machine), and
// imports neither Slack nor Redis.
package rapport
