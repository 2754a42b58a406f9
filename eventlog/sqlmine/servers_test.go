package sqlmine

import (
	"os"
	"testing"

	"github.com/journeymap/journeymap/internal/testdb"
)

// Real servers, started once by internal/testdb when the machine has them;
// each test that needs one skips, saying why, when it cannot be had.

func TestMain(m *testing.M) {
	code := m.Run()
	testdb.Stop()
	os.Exit(code)
}

func postgresURL(t *testing.T) string {
	t.Helper()
	u, why := testdb.Postgres()
	if u == "" {
		t.Skipf("no PostgreSQL server: %s", why)
	}
	return u
}

func clickhouseURL(t *testing.T) string {
	t.Helper()
	u, why := testdb.ClickHouse()
	if u == "" {
		t.Skipf("no ClickHouse server: %s", why)
	}
	return u
}
