// Package config turns the environment and the optional YAML file into one validated Config
// value. Defaults live here and nowhere else; invalid or unknown settings fail at start with
// the variable or the file, key and reason. It must not import Slack or Redis packages.
package config
