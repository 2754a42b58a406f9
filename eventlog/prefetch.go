package eventlog

import (
	"errors"
	"io"
	"runtime"
)

// prefetcher reads a rawReader on a goroutine of its own, a batch of events
// ahead, so that decoding the log (splitting lines, parsing times) and
// collecting its events run on two cores at once. The events come out
// exactly as the reader gives them, in order, with the reader's errors
// where they were: what is mined does not depend on whether a prefetcher
// read the log. Its events' bytes are valid until the next read, as a
// rawReader's are.
type prefetcher struct {
	file  string
	full  chan *rawBatch // batches read, in order
	free  chan *rawBatch // batches to fill again
	quit  chan struct{}  // closed by stop
	ended chan struct{}  // closed when the goroutine has returned
	cur   *rawBatch
	i     int
}

// rawBatch holds events read ahead, their bytes in buf.
type rawBatch struct {
	evs []batchEvent
	buf []byte
}

type batchEvent struct {
	ev  rawEvent
	err error // what the reader returned with the event
}

// Batch sizes: small enough that the batches in flight cost little memory
// (about 0.5 MB in all), large enough that handing one over is rare.
const (
	batchEvents = 2048
	batchBytes  = 64 << 10
	batchCount  = 3
)

// prefetch returns r read ahead on a goroutine when there is more than one
// core to run it on, else r itself. The caller must call the returned stop
// function once it reads no more, before it uses r again.
func prefetch(r rawReader, file string) (rawReader, func()) {
	if runtime.GOMAXPROCS(0) < 2 {
		return r, func() {}
	}
	p := &prefetcher{file: file, full: make(chan *rawBatch, batchCount), free: make(chan *rawBatch, batchCount),
		quit: make(chan struct{}), ended: make(chan struct{})}
	for range batchCount {
		p.free <- &rawBatch{evs: make([]batchEvent, 0, batchEvents), buf: make([]byte, 0, batchBytes)}
	}
	go p.run(r)
	return p, p.stop
}

// run reads r into batches until the end of the log, an error that ends
// reading, or stop.
func (p *prefetcher) run(r rawReader) {
	defer close(p.ended)
	defer close(p.full) // after the last batch: readRaw then says io.EOF
	var e rawEvent
	for {
		var b *rawBatch
		select {
		case b = <-p.free:
		case <-p.quit:
			return
		}
		b.evs, b.buf = b.evs[:0], b.buf[:0]
		last := false
		for len(b.evs) < batchEvents && len(b.buf) < batchBytes {
			err := r.readRaw(&e)
			if err == nil && !b.fits(&e) && len(b.evs) > 0 {
				// The event's bytes would move buf, and with it the bytes
				// of the events before: hand those over and read on.
				// Unlike the other cases, e must be kept for the next
				// batch; it is added there below.
				select {
				case p.full <- b:
				case <-p.quit:
					return
				}
				select {
				case b = <-p.free:
				case <-p.quit:
					return
				}
				b.evs, b.buf = b.evs[:0], b.buf[:0]
			}
			b.add(&e, err)
			if err != nil && (err == io.EOF || !isRowError(err, p.file)) {
				last = true
				break
			}
		}
		select {
		case p.full <- b:
		case <-p.quit:
			return
		}
		if last {
			return
		}
	}
}

// isRowError reports whether err concerns one row, after which the reader
// reads on.
func isRowError(err error, file string) bool {
	var all Problems
	if errors.As(err, &all) {
		return false
	}
	return asProblem(err, file).IsRow()
}

// fits reports whether e's bytes fit buf without moving it.
func (b *rawBatch) fits(e *rawEvent) bool {
	n := len(e.caseB) + len(e.actB) + len(e.segB) + len(e.tpB)
	return len(b.buf)+n <= cap(b.buf)
}

// add copies e, its bytes into buf.
func (b *rawBatch) add(e *rawEvent, err error) {
	c := *e
	if err == nil {
		if !b.fits(e) { // a lone event larger than buf: a buf of its own
			n := len(e.caseB) + len(e.actB) + len(e.segB) + len(e.tpB)
			b.buf = make([]byte, 0, max(2*cap(b.buf), n))
		}
		c.caseB, c.actB, c.segB, c.tpB = b.keep(e.caseB), b.keep(e.actB), b.keep(e.segB), b.keep(e.tpB)
	} else {
		c.caseB, c.actB, c.segB, c.tpB = nil, nil, nil, nil
	}
	b.evs = append(b.evs, batchEvent{ev: c, err: err})
}

func (b *rawBatch) keep(s []byte) []byte {
	if len(s) == 0 {
		return nil
	}
	n := len(b.buf)
	b.buf = append(b.buf, s...)
	return b.buf[n:len(b.buf):len(b.buf)]
}

// readRaw gives the next event read ahead.
func (p *prefetcher) readRaw(e *rawEvent) error {
	for p.cur == nil || p.i == len(p.cur.evs) {
		if p.cur != nil {
			p.free <- p.cur // never blocks: there are batchCount places
			p.cur = nil
		}
		b, ok := <-p.full
		if !ok {
			return io.EOF
		}
		p.cur, p.i = b, 0
	}
	be := &p.cur.evs[p.i]
	p.i++
	*e = be.ev
	return be.err
}

// stop ends the goroutine and waits for it, so that the reader is the
// caller's again.
func (p *prefetcher) stop() {
	close(p.quit)
	<-p.ended
}
