//go:build duckdb

package main

import (
	"database/sql"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // DuckDB, cgo: only with -tags duckdb

	"github.com/journeymap/journeymap/eventlog/sqlmine"
)

// DuckDB links its C++ library through cgo: about 60 MB more binary and a
// minute more of a cold build (BENCHMARKS.md), so the default command
// leaves it out and `go build -tags duckdb ./cmd/journeymap` puts it in.
func init() {
	engineOpeners["duckdb"] = openDuckDB
	duckdbUsage = ", duckdb:///path/to/file.duckdb"
}

func openDuckDB(raw string) (sqlmine.Engine, sqlmine.Dialect, func(), error) {
	path := strings.TrimPrefix(strings.TrimPrefix(raw, "duckdb://"), "/")
	if strings.HasPrefix(raw, "duckdb:///") {
		path = "/" + path
	}
	db, err := sql.Open("duckdb", path+"?access_mode=read_only")
	if err != nil {
		return nil, 0, nil, err
	}
	return sqlmine.DB(db), sqlmine.DuckDB, func() { db.Close() }, nil
}
