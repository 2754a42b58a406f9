package touchpoint_test

import (
	"fmt"

	"github.com/journeymap/journeymap/touchpoint"
)

// Touchpoints differ in mode (online or offline) and control (direct or
// indirect); Valid tells a stated value from a typo.
func ExampleTouchpoint() {
	tps := []touchpoint.Touchpoint{
		{ID: "site", Name: "Company website", Channel: touchpoint.Site, Mode: touchpoint.Online, Control: touchpoint.Direct, Importance: 5},
		{ID: "reviews", Name: "Review sites", Channel: touchpoint.Reviews, Mode: touchpoint.Online, Control: touchpoint.Indirect, Importance: 4},
		{ID: "store", Name: "Showroom", Channel: touchpoint.Store, Mode: "ofline"},
	}
	for _, tp := range tps {
		fmt.Printf("%-8s mode valid: %-5v control valid: %v\n", tp.ID, tp.Mode.Valid(), tp.Control.Valid())
	}
	// Output:
	// site     mode valid: true  control valid: true
	// reviews  mode valid: true  control valid: true
	// store    mode valid: false control valid: true
}
