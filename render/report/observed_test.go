package report

import "testing"

func TestDuration(t *testing.T) {
	for _, c := range []struct {
		sec  float64
		want string
	}{
		{0, "0 s"}, {45, "45 s"}, {59.6, "60 s"}, {60, "1.0 min"}, {720, "12 min"},
		{3600, "1.0 h"}, {5.5 * 3600, "5.5 h"}, {86400, "1 day"}, {1.5 * 86400, "1.5 days"},
		{3.25 * 86400, "3.2 days"}, {40 * 86400, "40 days"}, {-1, "?"},
	} {
		if got := duration(c.sec); got != c.want {
			t.Errorf("duration(%v) = %q, want %q", c.sec, got, c.want)
		}
	}
}
