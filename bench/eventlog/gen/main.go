// Command gen writes a synthetic event log for the mining benchmark: N
// events of customers moving through a funnel of 24 activities, in three
// segments, as CSV (case_id, activity, timestamp, segment) in the order a
// CRM exports them: by time, customers interleaved. It is seeded, so the
// same N gives the same file.
//
//	go run ./bench/eventlog/gen -n 1000000 > events.csv
package main

import (
	"bufio"
	"container/heap"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"time"
)

var activities = []string{
	"ad_click", "referral", "newsletter", "pricing_page", "blog_post", "webinar", "chat",
	"signup", "trial_started", "demo_call", "case_study", "quote_sent", "negotiation",
	"contract_signed", "onboarding", "first_login", "support_ticket", "feature_used",
	"invoice_paid", "nps_survey", "renewal", "upsell", "referral_given", "churned",
}

var segments = []string{"smb", "midmarket", "enterprise"}

// customer is a case in progress: its next event's time and where it is.
type customer struct {
	id   int
	seg  int
	at   int   // the activity index it is at
	t    int64 // the time of its next event, Unix seconds
	left int   // events still to come
}

type byTime []*customer

func (h byTime) Len() int { return len(h) }
func (h byTime) Less(i, j int) bool {
	return h[i].t < h[j].t || (h[i].t == h[j].t && h[i].id < h[j].id)
}
func (h byTime) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *byTime) Push(x any)   { *h = append(*h, x.(*customer)) }
func (h *byTime) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

func main() {
	n := flag.Int("n", 1000000, "the number of events")
	active := flag.Int("active", 20000, "customers active at once")
	flag.Parse()
	r := rand.New(rand.NewPCG(uint64(*n), 42))
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	w.WriteString("case_id,activity,timestamp,segment\n")
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	h := &byTime{}
	next := 0
	newCustomer := func(t int64) *customer {
		next++
		return &customer{id: next, seg: r.IntN(3), at: r.IntN(3), t: t + int64(r.IntN(3600)), left: 1 + r.IntN(16)}
	}
	for i := 0; i < *active; i++ {
		heap.Push(h, newCustomer(start))
	}
	buf := make([]byte, 0, 128)
	for written := 0; written < *n; written++ {
		c := heap.Pop(h).(*customer)
		buf = buf[:0]
		buf = append(buf, 'C')
		buf = strconv.AppendInt(buf, int64(c.id), 10)
		buf = append(buf, ',')
		buf = append(buf, activities[c.at]...)
		buf = append(buf, ',')
		buf = time.Unix(c.t, 0).UTC().AppendFormat(buf, "2006-01-02T15:04:05Z")
		buf = append(buf, ',')
		buf = append(buf, segments[c.seg]...)
		buf = append(buf, '\n')
		w.Write(buf)
		c.left--
		if c.left == 0 {
			heap.Push(h, newCustomer(c.t))
			continue
		}
		// Mostly forward through the funnel, sometimes back or repeating;
		// enterprises move slower.
		step := r.IntN(5) - 1
		c.at = min(max(c.at+step, 0), len(activities)-1)
		gap := int64(1 + r.IntN(3600*(c.seg+1)*6))
		if r.IntN(20) == 0 {
			gap = 0 // two events in the same second
		}
		c.t += gap
		heap.Push(h, c)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
