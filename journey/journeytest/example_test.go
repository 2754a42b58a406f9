package journeytest_test

import (
	"bytes"
	"fmt"
	"log"
	"testing"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/journeytest"
)

// printingT is a testing.TB that prints what the kit reports, so that the
// examples can show it. In a test, pass the test's own t instead.
type printingT struct{ testing.TB }

func (printingT) Helper()                           {}
func (printingT) Errorf(format string, args ...any) { fmt.Printf(format+"\n", args...) }
func (printingT) Fatalf(format string, args ...any) { fmt.Printf(format+"\n", args...) }
func (printingT) Logf(format string, args ...any)   { fmt.Printf(format+"\n", args...) }

func ExampleLoad() {
	var t testing.TB = printingT{} // in a test: the test's t

	// Load stops the test, listing every problem with its line and column,
	// if the file is not a valid journey.
	j := journeytest.Load(t, "testdata/webshop.yaml")
	fmt.Println(j.Name, "has", len(j.Steps), "steps")
	// Output:
	// Web shop has 4 steps
}

// Golden keeps rendered output under test: it compares it with a file under
// testdata and, run with JOURNEYTEST_UPDATE=1, rewrites the file.
func ExampleGolden() {
	var t testing.TB = printingT{} // in a test: the test's t

	j := journeytest.Load(t, "testdata/webshop.yaml")
	var out bytes.Buffer
	if err := journey.Write(&out, j, journey.JSON); err != nil {
		log.Fatal(err)
	}
	fmt.Println(journeytest.Golden(t, "testdata/webshop.json", out.Bytes()))
	// Output:
	// true
}
