// Package testdb starts real database servers for tests, once per test
// binary, when the machine has them: PostgreSQL (Debian's postgresql
// package) and ClickHouse (Debian's clickhouse-server, 18.16). Each in a
// temporary directory, on free ports; Stop ends them. JOURNEYMAP_PG_URL and
// JOURNEYMAP_CLICKHOUSE_URL point at running servers instead.
package testdb

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

var servers struct {
	mu             sync.Mutex
	pgOnce, chOnce sync.Once
	pgURL, chURL   string
	pgWhy, chWhy   string
	stops          []func()
}

// Stop ends the servers this package started. Call it from TestMain after
// m.Run.
func Stop() {
	servers.mu.Lock()
	defer servers.mu.Unlock()
	for _, stop := range servers.stops {
		stop()
	}
	servers.stops = nil
}

func addStop(f func()) {
	servers.mu.Lock()
	defer servers.mu.Unlock()
	servers.stops = append(servers.stops, f)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// pgBin finds a PostgreSQL program on PATH or in Debian's versioned dirs.
func pgBin(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) > 0 {
		return matches[len(matches)-1]
	}
	return ""
}

// Postgres returns a PostgreSQL server's URL (user postgres, database
// postgres, no password), starting one in a temporary directory the first
// time (as the postgres user when run as root), or "" and why not.
func Postgres() (url, why string) {
	servers.pgOnce.Do(func() {
		if u := os.Getenv("JOURNEYMAP_PG_URL"); u != "" {
			servers.pgURL = u
			return
		}
		servers.pgURL, servers.pgWhy = startPostgres()
	})
	if servers.pgURL == "" {
		return "", servers.pgWhy + " (install Debian's postgresql, or set JOURNEYMAP_PG_URL)"
	}
	return servers.pgURL, ""
}

func startPostgres() (string, string) {
	initdb, pgctl := pgBin("initdb"), pgBin("pg_ctl")
	if initdb == "" || pgctl == "" {
		return "", "initdb and pg_ctl not found"
	}
	dir, err := os.MkdirTemp("", "journeymap-pg-")
	if err != nil {
		return "", err.Error()
	}
	run := func(args ...string) *exec.Cmd { return exec.Command(args[0], args[1:]...) }
	if os.Getuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return "", "running as root and there is no postgres user to run the server as"
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return "", err.Error()
		}
		run = func(args ...string) *exec.Cmd {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--"}, args...)...)
		}
	}
	port, err := freePort()
	if err != nil {
		return "", err.Error()
	}
	data := filepath.Join(dir, "data")
	if out, err := run(initdb, "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync").CombinedOutput(); err != nil {
		return "", fmt.Sprintf("initdb: %v: %s", err, lastLines(out))
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", port, dir)
	if out, err := run(pgctl, "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start").CombinedOutput(); err != nil {
		return "", fmt.Sprintf("pg_ctl start: %v: %s", err, lastLines(out))
	}
	addStop(func() {
		_ = run(pgctl, "-D", data, "-m", "immediate", "stop").Run()
		os.RemoveAll(dir)
	})
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port), ""
}

func lastLines(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-5):], " / ")
}

// ClickHouse returns a ClickHouse server's HTTP URL, or "" and why not,
// starting one the first time with its paths in a temporary directory, on free ports, and
// with the cluster test_cluster_two_shards_localhost of Debian's default
// configuration pointed at two databases of this server (s1 and s2), so
// that a Distributed table over it has two real shards.
func ClickHouse() (url, why string) {
	servers.chOnce.Do(func() {
		if u := os.Getenv("JOURNEYMAP_CLICKHOUSE_URL"); u != "" {
			servers.chURL = u
			return
		}
		servers.chURL, servers.chWhy = startClickHouse()
	})
	if servers.chURL == "" {
		return "", servers.chWhy + " (install Debian's clickhouse-server, or set JOURNEYMAP_CLICKHOUSE_URL)"
	}
	return servers.chURL, ""
}

func startClickHouse() (string, string) {
	bin, err := exec.LookPath("clickhouse-server")
	if err != nil {
		return "", "clickhouse-server not found"
	}
	conf, err := os.ReadFile("/etc/clickhouse-server/config.xml")
	if err != nil {
		return "", "no /etc/clickhouse-server/config.xml"
	}
	users, err := os.ReadFile("/etc/clickhouse-server/users.xml")
	if err != nil {
		return "", "no /etc/clickhouse-server/users.xml"
	}
	dir, err := os.MkdirTemp("", "journeymap-ch-")
	if err != nil {
		return "", err.Error()
	}
	var ports [3]int
	for i := range ports {
		if ports[i], err = freePort(); err != nil {
			return "", err.Error()
		}
	}
	s := string(conf)
	s = strings.ReplaceAll(s, "/var/lib/clickhouse/", dir+"/data/")
	s = strings.ReplaceAll(s, "/var/log/clickhouse-server/", dir+"/log/")
	s = strings.ReplaceAll(s, "<http_port>8123</http_port>", fmt.Sprintf("<http_port>%d</http_port>", ports[0]))
	s = strings.ReplaceAll(s, "<tcp_port>9000</tcp_port>", fmt.Sprintf("<tcp_port>%d</tcp_port>", ports[1]))
	s = strings.ReplaceAll(s, "<interserver_http_port>9009</interserver_http_port>", fmt.Sprintf("<interserver_http_port>%d</interserver_http_port>", ports[2]))
	i := strings.Index(s, "<test_cluster_two_shards_localhost>")
	j := strings.Index(s, "</test_cluster_two_shards_localhost>")
	if i < 0 || j < i {
		return "", "the default configuration has no test_cluster_two_shards_localhost"
	}
	cluster := s[i:j]
	for _, db := range []string{"s1", "s2"} {
		cluster = strings.Replace(cluster, "<port>9000</port>", fmt.Sprintf("<port>%d</port><default_database>%s</default_database>", ports[1], db), 1)
	}
	s = s[:i] + cluster + s[j:]
	if err := os.WriteFile(filepath.Join(dir, "config.xml"), []byte(s), 0o644); err != nil {
		return "", err.Error()
	}
	if err := os.WriteFile(filepath.Join(dir, "users.xml"), users, 0o644); err != nil {
		return "", err.Error()
	}
	for _, sub := range []string{"data", "log"} {
		_ = os.MkdirAll(filepath.Join(dir, sub), 0o755)
	}
	cmd := exec.Command(bin, "--config-file="+filepath.Join(dir, "config.xml"))
	cmd.Dir = dir
	if err := cmd.Start(); err != nil {
		return "", err.Error()
	}
	url := fmt.Sprintf("http://127.0.0.1:%d/", ports[0])
	stop := func() {
		_ = cmd.Process.Kill()
		_, _ = cmd.Process.Wait()
		os.RemoveAll(dir)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"ping", nil)
		resp, err := http.DefaultClient.Do(req)
		cancel()
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			stop()
			log, _ := os.ReadFile(filepath.Join(dir, "log", "clickhouse-server.err.log"))
			return "", "clickhouse-server did not answer within 60s: " + lastLines(log)
		}
		time.Sleep(200 * time.Millisecond)
	}
	addStop(stop)
	return url, ""
}
