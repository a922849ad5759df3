// Package slackbot is the only package that routes Socket Mode envelopes. It holds several
// connections per process (Slack refreshes each from time to time and routes nothing new to
// a refreshing one), acknowledges every envelope before doing any work, de-duplicates
// retries across connections and replicas, and turns each request into a call on the domain
// and a Block Kit answer.
//
// Handlers stay thin: parse → call the store or a pure package → render with package blocks.
// It must not import go-redis: storage is reached through the small interfaces declared here.
package slackbot
