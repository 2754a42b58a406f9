package sqlmine

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// ClickHouseHTTP is an Engine over ClickHouse's HTTP interface, which
// every version speaks (a current Go driver may not speak to a server as
// old as Debian's 18.16). Results come back TabSeparated.
type ClickHouseHTTP struct {
	// URL is the server's HTTP address, e.g. http://localhost:8123/.
	// A user and password in it are sent as headers, never printed.
	URL string
	// Database, when set, is the database unqualified tables are in.
	Database string
	// Client is the HTTP client; nil means http.DefaultClient.
	Client *http.Client
}

// NewClickHouseHTTP reads a URL such as clickhouse://user:pass@host:8123/db
// or http://host:8123/?database=db.
func NewClickHouseHTTP(raw string) (*ClickHouseHTTP, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, &Error{Code: CodeOption, Message: "unreadable ClickHouse URL " + redactURL(raw)}
	}
	c := &ClickHouseHTTP{}
	switch u.Scheme {
	case "clickhouse", "http":
		u.Scheme = "http"
	case "https", "clickhouses":
		u.Scheme = "https"
	default:
		return nil, &Error{Code: CodeOption, Message: "not a ClickHouse URL: " + redactURL(raw)}
	}
	if db := strings.Trim(u.Path, "/"); db != "" {
		c.Database = db
		u.Path = "/"
	}
	if db := u.Query().Get("database"); db != "" {
		c.Database = db
	}
	if u.Port() == "" {
		u.Host += ":8123"
	}
	c.URL = u.String()
	return c, nil
}

// redactURL is raw with any password replaced by xxxxx.
func redactURL(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	return "(unparseable)"
}

func (c *ClickHouseHTTP) do(ctx context.Context, query string) (io.ReadCloser, error) {
	u, err := url.Parse(c.URL)
	if err != nil {
		return nil, fmt.Errorf("ClickHouse URL: %w", err)
	}
	user := u.User
	u.User = nil
	params := u.Query()
	if c.Database != "" {
		params.Set("database", c.Database)
	}
	u.RawQuery = params.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), strings.NewReader(query))
	if err != nil {
		return nil, err
	}
	if user != nil {
		req.Header.Set("X-ClickHouse-User", user.Username())
		if p, ok := user.Password(); ok {
			req.Header.Set("X-ClickHouse-Key", p)
		}
	}
	client := c.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		// The transport's error names the URL, which has no password now.
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		return nil, fmt.Errorf("ClickHouse: %s", strings.TrimSpace(string(body)))
	}
	return resp.Body, nil
}

// Query runs query with FORMAT TabSeparated and reads its rows.
func (c *ClickHouseHTTP) Query(ctx context.Context, query string, row func(Row) error) error {
	body, err := c.do(ctx, query+"FORMAT TabSeparated\n")
	if err != nil {
		return err
	}
	defer body.Close()
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 6 {
			return &Error{Code: CodeResult, Message: fmt.Sprintf("ClickHouse result line %d has %d fields, want 6", line, len(f))}
		}
		r := Row{Kind: unescapeTSV(f[0]), Seg: unescapeTSV(f[1]), A: unescapeTSV(f[2]), B: unescapeTSV(f[3])}
		if r.N, err = strconv.ParseInt(f[4], 10, 64); err != nil {
			return &Error{Code: CodeResult, Message: fmt.Sprintf("ClickHouse result line %d: count %q", line, f[4])}
		}
		if r.X, err = strconv.ParseFloat(f[5], 64); err != nil {
			return &Error{Code: CodeResult, Message: fmt.Sprintf("ClickHouse result line %d: number %q", line, f[5])}
		}
		if err := row(r); err != nil {
			return err
		}
	}
	return sc.Err()
}

// Columns reads the table's header with FORMAT TabSeparatedWithNames.
func (c *ClickHouseHTTP) Columns(ctx context.Context, d Dialect, table Name) ([]string, error) {
	t, err := table.quoted(d)
	if err != nil {
		return nil, err
	}
	body, err := c.do(ctx, "SELECT * FROM "+t+" LIMIT 0 FORMAT TabSeparatedWithNames\n")
	if err != nil {
		return nil, err
	}
	defer body.Close()
	head, err := bufio.NewReader(body).ReadString('\n')
	if err != nil && head == "" {
		return nil, err
	}
	var cols []string
	for _, f := range strings.Split(strings.TrimSuffix(head, "\n"), "\t") {
		cols = append(cols, unescapeTSV(f))
	}
	return cols, nil
}

// Exec runs a statement that returns nothing (for tests and loading).
func (c *ClickHouseHTTP) Exec(ctx context.Context, stmt string) error {
	body, err := c.do(ctx, stmt)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, body)
	body.Close()
	return err
}

// unescapeTSV undoes TabSeparated's escapes: \t \n \\ \' \0 \b \f \r.
func unescapeTSV(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case '0':
			b.WriteByte(0)
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
