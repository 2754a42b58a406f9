// Package touchpoint describes where a customer and a brand meet: online or
// offline, directly controlled by the brand or not, through a channel, with
// an owner and an importance.
//
// The package holds plain data and uses only the standard library (and
// package position, itself stdlib only, for where a touchpoint was read
// from); journey steps refer to touchpoints by ID.
package touchpoint

import "github.com/journeymap/journeymap/position"

// Touchpoint is a place where customer and brand meet. The same touchpoint may
// serve many steps of a journey.
type Touchpoint struct {
	// ID identifies the touchpoint within a journey; steps refer to it.
	ID string `json:"id" yaml:"id"`
	// Name is the display name ("Company website").
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
	// Channel is the kind of medium (see the Channel constants); free text is allowed.
	Channel Channel `json:"channel,omitempty" yaml:"channel,omitempty"`
	// Mode says whether the touchpoint is online or offline.
	Mode Mode `json:"mode,omitempty" yaml:"mode,omitempty"`
	// Control says whether the brand controls the touchpoint (direct) or not (indirect).
	Control Control `json:"control,omitempty" yaml:"control,omitempty"`
	// Owner is the team or partner responsible for it.
	Owner string `json:"owner,omitempty" yaml:"owner,omitempty"`
	// Importance ranks touchpoints from 1 (minor) to 5 (key); 0 means not stated.
	Importance int `json:"importance,omitempty" yaml:"importance,omitempty"`
	// Position is where the touchpoint was read from, and its fields; the zero
	// Record for one built in Go. It follows the value when copied.
	Position position.Record `json:"-" yaml:"-"`
}

// MaxImportance is the largest valid Importance.
const MaxImportance = 5

// Channel is the medium of a touchpoint. The constants name common channels;
// any other non-empty text is accepted too.
type Channel string

// Common channels.
const (
	Ads         Channel = "ads"
	Search      Channel = "search"
	Site        Channel = "site"
	Social      Channel = "social"
	Reviews     Channel = "reviews"
	Email       Channel = "email"
	Shop        Channel = "shop"
	App         Channel = "app"
	Store       Channel = "store"
	Phone       Channel = "phone"
	Event       Channel = "event"
	Delivery    Channel = "delivery"
	WordOfMouth Channel = "word-of-mouth"
)

// Mode says whether a touchpoint is online or offline.
type Mode string

// The modes. The zero Mode means not stated.
const (
	Online  Mode = "online"
	Offline Mode = "offline"
)

// Valid reports whether m is Online, Offline or not stated (empty).
func (m Mode) Valid() bool { return m == "" || m == Online || m == Offline }

// Control says whether the brand controls a touchpoint.
type Control string

// The controls. The zero Control means not stated.
const (
	// Direct touchpoints are run by the brand: its site, store, mailings.
	Direct Control = "direct"
	// Indirect touchpoints are not: reviews on third-party sites, word of mouth.
	Indirect Control = "indirect"
)

// Valid reports whether c is Direct, Indirect or not stated (empty).
func (c Control) Valid() bool { return c == "" || c == Direct || c == Indirect }
