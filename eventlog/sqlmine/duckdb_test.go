//go:build cgo

package sqlmine

import (
	"database/sql"
	"math/rand/v2"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2" // the DuckDB driver, which ships its library
)

func openDuckDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Skipf("DuckDB cannot be opened: %v", err)
	}
	db.SetMaxOpenConns(1) // one in-memory database
	t.Cleanup(func() { db.Close() })
	return db
}

// TestDuckDBEqualsInProcess: DuckDB, embedded, mines the generated logs
// exactly as the in-process oracle does.
func TestDuckDBEqualsInProcess(t *testing.T) {
	db := openDuckDB(t)
	for _, c := range []cols{plainCols, hostileCols, shortCols} {
		checkEngine(t, DB(db), DuckDB, c, func(t *testing.T, evs []event) {
			insertRows(t, db, DuckDB, c, evs, dollar, "TIMESTAMP")
		})
	}
}

func TestDuckDBErrors(t *testing.T) {
	db := openDuckDB(t)
	insertRows(t, db, DuckDB, plainCols, genLog(rand.New(rand.NewPCG(3, 3)), 300), dollar, "TIMESTAMP")
	checkErrors(t, DB(db), DuckDB, plainCols)
}
