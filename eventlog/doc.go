// Package eventlog reads customer event logs and ChannelAttribution path
// tables, and attributes conversions to the channels customers touched:
// Attribute solves ChannelAttribution's Markov model of any order exactly
// and computes its heuristic models (first touch, last touch, linear).
package eventlog // import "github.com/journeymap/journeymap/eventlog"
