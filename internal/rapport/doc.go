// Package rapport holds Rapport's vocabulary: influencers, their accounts' metric snapshots
// and the small rules that belong to the values themselves (handle normalisation, statuses,
// platforms). It performs no I/O and imports neither Slack nor Redis.
package rapport
