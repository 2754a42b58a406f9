package eventlog

import "io"

// newRandomAccess opens a format that is read from a whole file.
func newRandomAccess(format Format, ra io.ReaderAt, size int64, opts ReadOptions) (Reader, error) {
	if format == Parquet {
		p, err := NewParquetReader(ra, size, opts)
		if err != nil {
			return nil, err
		}
		return p, nil
	}
	x, err := NewXLSXReader(io.NewSectionReader(ra, 0, size), opts)
	if err != nil {
		return nil, err
	}
	return x, nil
}
