package analysis_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/journeytest"
)

// TestAnalyzeGolden analyses every journey under testdata/analyze and
// compares the report as JSON, text and Markdown with the golden files next
// to it (NAME.json, NAME.txt, NAME.md). JOURNEYTEST_UPDATE=1 rewrites them.
func TestAnalyzeGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "analyze", "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		name := strings.TrimSuffix(file, ".yaml")
		t.Run(filepath.Base(name), func(t *testing.T) {
			j, err := journey.ReadFile(file)
			require.NoError(t, err)
			r, err := analysis.Analyze(context.Background(), j, analysis.Options{})
			require.NoError(t, err)

			js, err := json.MarshalIndent(r, "", "  ")
			require.NoError(t, err)
			js = append(js, '\n')
			var txt, md bytes.Buffer
			require.NoError(t, r.WriteText(&txt))
			require.NoError(t, r.WriteMarkdown(&md))
			journeytest.Golden(t, name+".json", js)
			journeytest.Golden(t, name+".txt", txt.Bytes())
			journeytest.Golden(t, name+".md", md.Bytes())
		})
	}
}

// TestAnalyzeGoldenMatchesLiterals checks that the YAML files are the
// hand-solved journeys of analyze_test.go.
func TestAnalyzeGoldenMatchesLiterals(t *testing.T) {
	for name, j := range map[string]*journey.Journey{"furniture": furniture(), "loop": loop(), "counted": counted()} {
		fromFile, err := journey.ReadFile(filepath.Join("testdata", "analyze", name+".yaml"))
		require.NoError(t, err)
		want, err := analysis.Analyze(context.Background(), j, analysis.Options{})
		require.NoError(t, err)
		got, err := analysis.Analyze(context.Background(), fromFile, analysis.Options{})
		require.NoError(t, err)
		require.Equal(t, want, got, name)
	}
}
