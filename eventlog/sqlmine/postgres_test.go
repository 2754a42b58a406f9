package sqlmine

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

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

func TestPostgresErrors(t *testing.T) {
	db := openPostgres(t)
	insertRows(t, db, PostgreSQL, plainCols, genLog(rand.New(rand.NewPCG(3, 3)), 300), dollar, "TIMESTAMP")
	checkErrors(t, DB(db), PostgreSQL, plainCols)

	// A query cancelled while the engine works: a view that sleeps per row.
	for _, stmt := range []string{
		`CREATE OR REPLACE FUNCTION slow_id(x text) RETURNS text VOLATILE LANGUAGE sql AS $$ SELECT pg_sleep(0.01); SELECT x $$`,
		`CREATE OR REPLACE VIEW slow AS SELECT slow_id("case:concept:name") AS "case:concept:name", "concept:name", "time:timestamp", seg, tp, val FROM events`,
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { _, _ = db.Exec(`DROP VIEW slow`) })
	o := optionSets(plainCols)["full"]
	o.Table = Name{"slow"}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, _, err := Run(ctx, DB(db), PostgreSQL, o, Limits{})
	var me *Error
	if !errors.As(err, &me) || me.Code != CodeCancelled {
		t.Errorf("cancelled mid-query: %v", err)
	}
}
