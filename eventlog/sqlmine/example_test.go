package sqlmine_test

import (
	"fmt"
	"strings"

	"github.com/journeymap/journeymap/eventlog/sqlmine"
)

// The query for a dialect, printed rather than run: hand it to the
// warehouse's own console, or let Run do it.
func ExampleQuery() {
	q, err := sqlmine.Query(sqlmine.BigQuery, sqlmine.Options{
		Table:    sqlmine.ParseName("shop.analytics.events"),
		Case:     "user_id",
		Activity: "event_name",
		Time:     "event_time",
		Segment:  "segment",
		Goals:    []string{"purchase"},
		Collapse: true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(q, "\n")[4:7] {
		fmt.Println(line)
	}
	// Output:
	// WITH ev AS (
	//   SELECT CAST(`user_id` AS STRING) AS c, CAST(`event_name` AS STRING) AS a, UNIX_MICROS(`event_time`) AS t,
	//     COALESCE(CAST(`segment` AS STRING), '') AS es, CASE WHEN COALESCE(CAST(`segment` AS STRING), '') = '' THEN 1 ELSE 0 END AS sk
}
