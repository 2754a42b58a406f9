package sqlmine

import (
	"database/sql"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver the command links
)

func openPostgres(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", postgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Ping(); err != nil {
		t.Skipf("PostgreSQL does not answer: %v", err)
	}
	return db
}

// TestPostgresEqualsInProcess: a real PostgreSQL server mines the
// generated logs exactly as the in-process oracle does.
func TestPostgresEqualsInProcess(t *testing.T) {
	db := openPostgres(t)
	for _, c := range []cols{plainCols, hostileCols, shortCols} {
		checkEngine(t, DB(db), PostgreSQL, c, func(t *testing.T, evs []event) {
			insertRows(t, db, PostgreSQL, c, evs, dollar, "TIMESTAMP")
		})
	}
}
