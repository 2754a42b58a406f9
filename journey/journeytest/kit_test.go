package journeytest_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/journey/journeytest"
)

// update is the usual golden-file flag of many test packages; Golden
// ignores it, so that JOURNEYTEST_UPDATE is the one way to refresh files.
var update = flag.Bool("update", false, "not used by Golden")

const coffeeYAML = `id: coffee
name: Ordering coffee online
personas:
  - {id: commuter, name: Morning commuter}
stages:
  - {id: find, name: Find}
  - {id: order, name: Order}
touchpoints:
  - {id: app, name: Mobile app}
steps:
  - {id: open-app, stage: find, touchpoint: app, action: opens the app, emotion: 1}
  - id: pay
    stage: order
    touchpoint: app
    action: pays
    barriers:
      - {description: card payment fails, severity: high}
transitions:
  - {from: open-app, to: pay, probability: 0.6}
entries: [open-app]
goals: [pay]
`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

func TestLoadValid(t *testing.T) {
	path := writeFile(t, "coffee.yaml", coffeeYAML)
	var got string
	f := run(func(ft testing.TB) {
		j := journeytest.Load(ft, path)
		got = j.ID
	})
	assert.True(t, f.silent(), f.all())
	assert.Equal(t, "coffee", got)
	assert.Positive(t, f.helpers, "Load must call t.Helper")
}

func TestLoadProblems(t *testing.T) {
	// Two problems from reading (a misspelt key and a word where a number
	// belongs) stop the test at once, both listed with their positions.
	path := writeFile(t, "typo.yaml", `id: coffee
stages:
  - id: find
steps:
  - id: open-app
    stage: find
    emoton: 1
  - id: pay
    stage: find
    emotion: very
`)
	f := run(func(ft testing.TB) {
		journeytest.Load(ft, path)
		ft.Errorf("Load returned")
	})
	require.False(t, f.returned, "Load did not stop the test")
	require.Empty(t, f.errors)
	require.Len(t, f.fatals, 1)
	msg := f.fatals[0]
	lines := strings.Split(msg, "\n")
	assert.Equal(t, "the journey file "+path+" is not valid: 2 problems", lines[0])
	require.Len(t, lines, 3, msg)
	assert.True(t, strings.HasPrefix(lines[1], "\t"+path+":7:5: "), lines[1])
	assert.True(t, strings.HasPrefix(lines[2], "\t"+path+":10:14: "), lines[2])

	// Problems Validate finds come with their positions too.
	path = writeFile(t, "invalid.yaml", strings.NewReplacer(
		"stage: order", "stage: ordering",
		"severity: high", "severity: awful",
	).Replace(coffeeYAML))
	f = run(func(ft testing.TB) { journeytest.Load(ft, path) })
	require.Len(t, f.fatals, 1)
	lines = strings.Split(f.fatals[0], "\n")
	require.Len(t, lines, 3, f.fatals[0])
	assert.Equal(t, "the journey file "+path+" is not valid: 2 problems", lines[0])
	assert.Equal(t, "\t"+path+`:13:12: unknown-stage: no stage has the id "ordering" (steps[1].stage)`, lines[1])
	assert.Equal(t, "\t"+path+`:17:53: unknown-severity: the severity "awful" is not one of low, medium, high, blocker (steps[1].barriers[0].severity)`, lines[2])
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nowhere.yaml")
	f := run(func(ft testing.TB) { journeytest.Load(ft, path) })
	require.False(t, f.returned)
	require.Len(t, f.fatals, 1)
	assert.True(t, strings.HasPrefix(f.fatals[0], "cannot read the journey file "+path+": "), f.fatals[0])
}

// noUpdate makes sure Golden compares, whatever the environment says.
func noUpdate(t *testing.T) {
	t.Setenv(journeytest.UpdateEnv, "")
	require.NoError(t, flag.Set("update", "false"))
	journeytest.Update = false
	t.Cleanup(func() {
		journeytest.Update = false
		*update = false
	})
}

func TestGoldenEqual(t *testing.T) {
	noUpdate(t)
	path := writeFile(t, "a.dot", "digraph {\n  a -> b\n}\n")
	f := run(func(ft testing.TB) {
		if !journeytest.Golden(ft, path, []byte("digraph {\n  a -> b\n}\n")) {
			ft.Errorf("Golden returned false")
		}
	})
	assert.True(t, f.silent(), f.all())
}

func TestGoldenMismatch(t *testing.T) {
	noUpdate(t)
	path := writeFile(t, "a.dot", "digraph {\n  a -> b\n  b -> c\n}\n")
	long := strings.Repeat("x", 200)
	for _, tc := range []struct {
		name, got, want string
	}{
		{"changed line", "digraph {\n  a -> b\n  b -> d\n}\n",
			"at line 3, column 8:\n\twant:   b -> c\n\t got:   b -> d"},
		{"shorter", "digraph {\n  a -> b\n",
			"at line 3, column 1:\n\twant:   b -> c\n\t got: (end of file)"},
		{"no final newline", "digraph {\n  a -> b\n  b -> c\n}",
			"at line 4, column 2:\n\twant: }\n\t got: } (no newline at end of file)"},
		{"trailing space", "digraph {\n  a -> b \n  b -> c\n}\n",
			"at line 2, column 9:\n\twant:   a -> b\n\t got: \"  a -> b \""},
		{"longer", "digraph {\n  a -> b\n  b -> c\n}\n" + long + "\n",
			"at line 5, column 1:\n\twant: (end of file)\n\t got: " + long[:120] + "…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := run(func(ft testing.TB) {
				if journeytest.Golden(ft, path, []byte(tc.got)) {
					ft.Errorf("Golden returned true")
				}
			})
			require.True(t, f.returned)
			require.Len(t, f.errors, 1)
			assert.Equal(t, "output differs from golden file "+path+" "+tc.want+
				"\nrun the test with JOURNEYTEST_UPDATE=1 to rewrite it", f.errors[0])
		})
	}
}

func TestGoldenLongLine(t *testing.T) {
	noUpdate(t)
	want := `<path d="` + strings.Repeat("M0 0 L1 1 ", 30) + `"/>` + "\n"
	got := strings.Replace(want, "M0 0 L1 1 M0 0 L1 1 \"", "M0 0 L1 1 M0 0 L1 2 \"", 1)
	path := writeFile(t, "long.svg", want)
	f := run(func(ft testing.TB) { journeytest.Golden(ft, path, []byte(got)) })
	require.Len(t, f.errors, 1)
	msg := f.errors[0]
	assert.Contains(t, msg, "at line 1, column 308:")
	// The lines are cut around the difference, which shows.
	assert.Contains(t, msg, "\twant: …")
	assert.Contains(t, msg, "L1 1 \"/>\n")
	assert.Contains(t, msg, "L1 2 \"/>\n")
	for _, l := range strings.Split(msg, "\n") {
		assert.LessOrEqual(t, len([]rune(l)), 140, l)
	}
}

func TestGoldenMissing(t *testing.T) {
	noUpdate(t)
	path := filepath.Join(t.TempDir(), "missing.dot")
	f := run(func(ft testing.TB) { journeytest.Golden(ft, path, []byte("x")) })
	require.Len(t, f.errors, 1)
	assert.Equal(t, "golden file "+path+" does not exist: run the test with JOURNEYTEST_UPDATE=1 to rewrite it", f.errors[0])
}

func TestGoldenUpdate(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  func(t *testing.T)
	}{
		{"Update", func(t *testing.T) { journeytest.Update = true }},
		{"env", func(t *testing.T) { t.Setenv(journeytest.UpdateEnv, "1") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			noUpdate(t)
			tc.set(t)
			path := filepath.Join(t.TempDir(), "testdata", "new.dot")
			f := run(func(ft testing.TB) {
				if !journeytest.Golden(ft, path, []byte("digraph {}\n")) {
					ft.Errorf("Golden returned false")
				}
			})
			assert.Empty(t, f.errors)
			assert.Equal(t, []string{"updated golden file " + path}, f.logs)
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, "digraph {}\n", string(b))

			// An up-to-date file is left alone, silently.
			f = run(func(ft testing.TB) { journeytest.Golden(ft, path, []byte("digraph {}\n")) })
			assert.True(t, f.silent(), f.all())

			// And a stale one is rewritten.
			f = run(func(ft testing.TB) { journeytest.Golden(ft, path, []byte("digraph { a }\n")) })
			assert.Len(t, f.logs, 1)
			b, err = os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, "digraph { a }\n", string(b))
		})
	}
}

// TestGoldenIgnoresUpdateFlag checks that a test package's own -update
// flag does not make Golden write: the environment variable is the one way.
func TestGoldenIgnoresUpdateFlag(t *testing.T) {
	noUpdate(t)
	require.NoError(t, flag.Set("update", "true"))
	path := filepath.Join(t.TempDir(), "new.dot")
	f := run(func(ft testing.TB) { journeytest.Golden(ft, path, []byte("x")) })
	require.Len(t, f.errors, 1)
	_, err := os.Stat(path)
	assert.True(t, os.IsNotExist(err), "Golden wrote %s", path)
}

func TestGoldenUpdateError(t *testing.T) {
	noUpdate(t)
	journeytest.Update = true
	// A file where the directory should be.
	dir := writeFile(t, "file", "")
	path := filepath.Join(dir, "x.dot")
	f := run(func(ft testing.TB) {
		if journeytest.Golden(ft, path, []byte("x")) {
			ft.Errorf("Golden returned true")
		}
	})
	require.Len(t, f.errors, 1, f.all())
	assert.True(t, strings.HasPrefix(f.errors[0], "golden file "+path+": "), f.errors[0])
}
