// Package slackbot is the only package that routes Socket Mode envelopes. It holds several
// connections per process (Slack refreshes each from time to time and routes nothing new to
// a refreshing one), acknowledges every envelope before doing any work, de-duplicates
// retries across connections and replicas, and turns each request into a call on a service
// and a Block Kit answer.
//
// Handlers stay thin: parse → call one service (launches, relationships) or read a profile
// → render with package render → respond. It holds no scheduled job and changes no state
// itself; it must not import go-redis or redisstore: the few reads it makes go through the
// small Store interface declared here.
package slackbot
