// Package analysis finds the weak spots of a customer journey: steps and
// stages no customer reaches, dead ends, the steps every customer must pass,
// loops, gaps (stages where the brand is silent, personas that cannot reach
// a goal, unused touchpoints), barriers ranked by severity, the best
// entry-to-goal paths by barrier cost, and, where the journey carries
// probabilities or counts, the flow of customers through it and past the
// goal (conversion, repeat, reach and drop-off per step and stage), the
// most probable paths and the attribution of conversions to steps and
// touchpoints by their removal effect.
//
// Analyze takes a *journey.Journey (package
// github.com/journeymap/journeymap/journey holds the model, reading and
// validation) and returns a Report for all personas together and one for
// each persona. A Report marshals to JSON and prints as text (WriteText) or
// Markdown (WriteMarkdown). The zero Options give the defaults.
//
// Analyze validates the journey first: an invalid journey, or options that
// do not fit it, are answered with journey.Problems, like journey.Validate.
package analysis
