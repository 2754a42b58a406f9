package eventlog

import (
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/journeymap/journeymap/journey"
)

// batchSize is how many events a decoding goroutine hands over at once;
// batchesAhead how many batches of a file may wait to be counted.
const (
	batchSize    = 4096
	batchesAhead = 16
)

type item struct {
	e   Event
	err error
}

// ReadAggregateFiles reads several logs as one: their events in the order
// of paths, each file in its own order, as if the files were concatenated
// (split by day, by region, by export: a case may span files). The files
// are opened and decoded in parallel, up to GOMAXPROCS at a time, while
// their events are counted in order, so the aggregate, ties in time
// included, is the one ReadAggregate gives for the concatenation. Each file
// has its own columns and time format, detected as OpenFile does.
func ReadAggregateFiles(paths []string, opts Options) (*Aggregate, *ReadStats, error) {
	if len(paths) == 1 {
		return readOneFile(paths[0], opts)
	}
	r := newParallelReader(paths, opts.Read)
	defer r.Close()
	agg, stats, err := ReadAggregate(r, opts)
	if err != nil {
		return nil, nil, err
	}
	stats.File = strings.Join(paths, ", ")
	return agg, stats, nil
}

func readOneFile(path string, opts Options) (*Aggregate, *ReadStats, error) {
	ro := opts.Read
	if ro.File == "" {
		ro.File = path
	}
	r, err := OpenFile(path, ro)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	opts.Read = ro
	agg, stats, err := ReadAggregate(r, opts)
	if err != nil {
		return nil, nil, err
	}
	stats.Format = r.Format()
	return agg, stats, nil
}

// MineFiles mines several logs as one (see ReadAggregateFiles), using every
// core to decode them.
func MineFiles(paths []string, opts Options) (*journey.Journey, *Summary, error) {
	if len(paths) == 1 {
		return MineFile(paths[0], opts)
	}
	agg, stats, err := ReadAggregateFiles(paths, opts)
	if err != nil {
		return nil, nil, err
	}
	return buildMined(agg, stats, opts)
}

// parallelReader serves the events of several files in order, each file
// decoded by its own goroutine. Slots to decode are taken in file order,
// so the earliest unfinished file always has one and the reader never
// waits on a file that cannot start.
type parallelReader struct {
	chans []chan []item
	cur   int
	batch []item
	done  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
}

func newParallelReader(paths []string, ro ReadOptions) *parallelReader {
	p := &parallelReader{done: make(chan struct{})}
	p.chans = make([]chan []item, len(paths))
	for i := range p.chans {
		p.chans[i] = make(chan []item, batchesAhead)
	}
	slots := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for i, path := range paths {
			select {
			case slots <- struct{}{}:
			case <-p.done:
				for _, c := range p.chans[i:] {
					close(c)
				}
				return
			}
			p.wg.Add(1)
			go func() {
				defer p.wg.Done()
				defer func() { <-slots }()
				defer close(p.chans[i])
				p.decode(path, ro, p.chans[i])
			}()
		}
	}()
	return p
}

// decode reads one file into batches; an error that ends the file is its
// last item.
func (p *parallelReader) decode(path string, ro ReadOptions, out chan<- []item) {
	send := func(b []item) bool {
		select {
		case out <- b:
			return true
		case <-p.done:
			return false
		}
	}
	ro.File = path
	r, err := OpenFile(path, ro)
	if err != nil {
		send([]item{{err: err}})
		return
	}
	defer r.Close()
	batch := make([]item, 0, batchSize)
	for {
		e, err := r.Read()
		if err == io.EOF {
			break
		}
		batch = append(batch, item{e, err})
		if err != nil {
			if pr := asProblem(err, path); !pr.IsRow() {
				break // the file ends here
			}
		}
		if len(batch) == batchSize {
			if !send(batch) {
				return
			}
			batch = make([]item, 0, batchSize)
		}
	}
	if len(batch) > 0 {
		send(batch)
	}
}

// Read returns the next event of the files, in order.
func (p *parallelReader) Read() (Event, error) {
	for len(p.batch) == 0 {
		if p.cur == len(p.chans) {
			return Event{}, io.EOF
		}
		b, ok := <-p.chans[p.cur]
		if !ok {
			p.cur++
			continue
		}
		p.batch = b
	}
	it := p.batch[0]
	p.batch = p.batch[1:]
	return it.e, it.err
}

// Close stops the decoding goroutines and waits for them.
func (p *parallelReader) Close() error {
	p.once.Do(func() { close(p.done) })
	p.wg.Wait()
	return nil
}
