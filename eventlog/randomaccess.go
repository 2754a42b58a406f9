package eventlog

import "io"

// newRandomAccess opens a format that needs random access.
func newRandomAccess(format Format, ra io.ReaderAt, size int64, opts ReadOptions) (Reader, error) {
	return nil, Problems{{File: opts.File, Code: CodeUnknownFormat, Message: "format " + string(format) + " is not readable yet"}}
}
