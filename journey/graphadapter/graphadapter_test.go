package graphadapter_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/dominikbraun/graph"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/graphadapter"
)

// TestGraphMatchesJourney builds random journeys and checks the graph
// against the journey itself: a vertex per step with the step as value, and
// for each ordered pair of steps an edge exactly when transitions join
// them, holding those transitions in order.
func TestGraphMatchesJourney(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		n := 1 + rng.IntN(8)
		j := &journey.Journey{ID: "r"}
		for i := range n {
			j.Steps = append(j.Steps, journey.Step{ID: fmt.Sprint("s", i), Emotion: rng.IntN(5) - 2})
		}
		for range rng.IntN(3 * n) {
			a, b := rng.IntN(n), rng.IntN(n)
			j.Transitions = append(j.Transitions, journey.Transition{From: j.Steps[a].ID, To: j.Steps[b].ID, Count: int64(rng.IntN(9))})
		}
		g, err := graphadapter.Graph(j)
		if err != nil {
			t.Fatal(err)
		}
		if order, _ := g.Order(); order != n {
			t.Fatalf("order %d, want %d", order, n)
		}
		for _, s := range j.Steps {
			v, err := g.Vertex(s.ID)
			if err != nil || v.ID != s.ID || v.Emotion != s.Emotion {
				t.Fatalf("vertex %s: %+v, %v", s.ID, v, err)
			}
		}
		for _, a := range j.Steps {
			for _, b := range j.Steps {
				var want []journey.Transition
				for _, tr := range j.Transitions {
					if tr.From == a.ID && tr.To == b.ID {
						want = append(want, tr)
					}
				}
				e, err := g.Edge(a.ID, b.ID)
				if len(want) == 0 {
					if err == nil {
						t.Fatalf("edge %s -> %s without a transition", a.ID, b.ID)
					}
					continue
				}
				if err != nil {
					t.Fatalf("no edge %s -> %s: %v", a.ID, b.ID, err)
				}
				if got, _ := e.Properties.Data.([]journey.Transition); !reflect.DeepEqual(got, want) {
					t.Fatalf("edge %s -> %s holds %v, want %v", a.ID, b.ID, got, want)
				}
			}
		}
	}
}

func TestGraphErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		j    *journey.Journey
		want string
	}{
		{"nil", nil, "nil journey"},
		{"missing id", &journey.Journey{Steps: []journey.Step{{ID: "a"}, {}}}, "steps[1] has no id"},
		{"duplicate", &journey.Journey{Steps: []journey.Step{{ID: "a"}, {ID: "a"}}}, "duplicate step id"},
		{"unknown step", &journey.Journey{Steps: []journey.Step{{ID: "a"}}, Transitions: []journey.Transition{{From: "a", To: "b"}}}, "unknown step"},
	} {
		_, err := graphadapter.Graph(tc.j)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

func ExampleGraph() {
	j := &journey.Journey{
		ID:          "shop",
		Steps:       []journey.Step{{ID: "ad"}, {ID: "cart"}, {ID: "paid"}},
		Transitions: []journey.Transition{{From: "ad", To: "cart"}, {From: "cart", To: "paid"}},
	}
	g, err := graphadapter.Graph(j)
	if err != nil {
		fmt.Println(err)
		return
	}
	path, err := graph.ShortestPath(g, "ad", "paid")
	fmt.Println(path, err)
	// Output:
	// [ad cart paid] <nil>
}
