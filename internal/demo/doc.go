// Package demo is the terminal side of `rapport demo`: a console where a person types slash
// commands as one of the simulated workspace's users, presses the buttons they can see by
// number or label (:press Go), fills in forms field by field, moves the bot's clock, and
// reads the bot's answers rendered as text. The sample roster lives in demo/sample; the
// simulated workspace is slackfake.
package demo
