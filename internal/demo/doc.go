// Package demo is the terminal side of `rapport demo`: a console where a person types slash
// commands as one of the simulated workspace's users, presses buttons by number, moves the
// bot's clock, and reads the bot's answers rendered as text. The sample roster lives in
// demo/sample; the simulated workspace is slackfake.
package demo
