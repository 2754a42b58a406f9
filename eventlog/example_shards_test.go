package eventlog_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/journeymap/journeymap/eventlog"
)

// A log exported in parts (by day, say) is mined as one: the files are
// decoded in parallel and counted in order, so a case spanning files is
// one case.
func ExampleMineFiles() {
	dir, err := os.MkdirTemp("", "logs")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	parts := []string{
		"case_id,activity,timestamp\nc1,visit,2024-05-01T10:00:00Z\nc2,visit,2024-05-01T11:00:00Z\n",
		"case_id,activity,timestamp\nc1,buy,2024-05-02T09:00:00Z\n",
	}
	var paths []string
	for i, p := range parts {
		path := filepath.Join(dir, fmt.Sprintf("day%d.csv", i+1))
		if err := os.WriteFile(path, []byte(p), 0o644); err != nil {
			fmt.Println(err)
			return
		}
		paths = append(paths, path)
	}
	j, sum, err := eventlog.MineFiles(paths, eventlog.Options{Goals: []string{"buy"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sum.Cases, sum.Converted, len(j.Transitions))
	// Output:
	// 2 1 1
}
