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

func ExampleParseDialect() {
	d, err := sqlmine.ParseDialect("PostgreSQL")
	fmt.Println(d, err)
	_, err = sqlmine.ParseDialect("oracle")
	fmt.Println(err != nil)
	// Output:
	// postgres <nil>
	// true
}

// A ClickHouse URL: the user and password go in headers, the path names
// the database.
func ExampleNewClickHouseHTTP() {
	ch, err := sqlmine.NewClickHouseHTTP("clickhouse://analyst@ch.internal/shop")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ch.Database)
	// Output:
	// shop
}

func ExampleDialect_Ident() {
	for _, d := range []sqlmine.Dialect{sqlmine.PostgreSQL, sqlmine.BigQuery, sqlmine.Spark} {
		id, _ := d.Ident("it's a \"name\"`")
		fmt.Println(d, id)
	}
	// Output:
	// postgres "it's a ""name""`"
	// bigquery `it's a "name"\``
	// spark `it's a "name"```
}
