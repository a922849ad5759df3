// Package app is the rapport program: it parses the command line, loads the validated
// configuration and wires the store, the Slack bot and the HTTP health endpoints together.
// main only adds signal handling, so tests and the demo run the very same wiring in-process.
package app
