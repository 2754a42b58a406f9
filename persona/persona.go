// Package persona describes the customers a journey is drawn for: key segments
// of the market, each represented by a persona (an "avatar") with its goals,
// needs, motives, budget and the criteria by which it chooses.
//
// The package holds plain data and uses only the standard library (and
// package position, itself stdlib only, for where a persona was read from);
// the journey package refers to personas by ID.
package persona

import "github.com/journeymap/journeymap/position"

// Persona is one key customer segment drawn as a person. Steps, transitions and
// barriers of a journey name the personas they apply to by ID.
type Persona struct {
	// ID identifies the persona within a journey; steps refer to it.
	ID string `json:"id" yaml:"id"`
	// Name is the persona's display name ("Families with children").
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
	// Description says who they are, in a sentence or two.
	Description string `json:"description,omitempty" yaml:"description,omitempty"`
	// Segment holds the attributes that make the group homogeneous.
	Segment Segment `json:"segment,omitzero" yaml:"segment,omitempty"`
	// Goals are what the persona wants to achieve.
	Goals []string `json:"goals,omitempty" yaml:"goals,omitempty"`
	// Needs are what the persona requires of a product or service.
	Needs []string `json:"needs,omitempty" yaml:"needs,omitempty"`
	// Motives are why the persona acts.
	Motives []string `json:"motives,omitempty" yaml:"motives,omitempty"`
	// Criteria are how the persona chooses, each with a weight.
	Criteria []Criterion `json:"criteria,omitempty" yaml:"criteria,omitempty"`
	// Budget is what the persona is ready to spend, in words ("under 1,000 EUR").
	Budget string `json:"budget,omitempty" yaml:"budget,omitempty"`
	// Share is the segment's share of all customers, in (0, 1]; zero means
	// not stated. Shares weigh the personas in the all-personas figures.
	Share float64 `json:"share,omitempty" yaml:"share,omitempty"`
	// Position is where the persona was read from, and its fields; the zero
	// Record for one built in Go. It follows the value when copied.
	Position position.Record `json:"-" yaml:"-"`
}

// Segment holds the attributes by which customers are grouped into a
// homogeneous segment. Every field is free text; empty means not stated.
type Segment struct {
	// Name names the segment ("corporate clients").
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
	// Age is an age range ("30-45").
	Age string `json:"age,omitempty" yaml:"age,omitempty"`
	// Income is an income band ("middle").
	Income string `json:"income,omitempty" yaml:"income,omitempty"`
	// Location is where the segment lives or works ("large cities").
	Location string `json:"location,omitempty" yaml:"location,omitempty"`
	// Family is the family situation ("married, two children").
	Family string `json:"family,omitempty" yaml:"family,omitempty"`
	// Occupation is what the segment does for a living.
	Occupation string `json:"occupation,omitempty" yaml:"occupation,omitempty"`
}

// IsZero reports whether no attribute of the segment is set.
func (s Segment) IsZero() bool { return s == Segment{} }

// Criterion is one thing a persona weighs when choosing, such as
// price-quality, design or how easy the fabric is to clean.
type Criterion struct {
	// Name names the criterion ("price-quality").
	Name string `json:"name" yaml:"name"`
	// Weight is its relative importance; larger weighs more. Zero means not stated.
	Weight float64 `json:"weight,omitempty" yaml:"weight,omitempty"`
	// Description explains the criterion.
	Description string `json:"description,omitempty" yaml:"description,omitempty"`
	// Position is where the criterion was read from, and its fields; the zero
	// Record for one built in Go. It follows the value when copied.
	Position position.Record `json:"-" yaml:"-"`
}
