// Command rtime runs a command and writes its elapsed time, user and system
// CPU time in seconds (to the microsecond, where /usr/bin/time gives
// hundredths) and its peak resident set in KB, as /usr/bin/time -f
// "%e %U %S %M" does, to the file named by -o. The command's own output
// goes to rtime's.
//
//	rtime -o times cmd args...
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	out := flag.String("o", "", "the file to write the times to")
	flag.Parse()
	if flag.NArg() == 0 || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: rtime -o FILE command [args...]")
		os.Exit(2)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, "rtime:", err)
		os.Exit(2)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	sec := func(tv syscall.Timeval) float64 { return float64(tv.Sec) + float64(tv.Usec)/1e6 }
	line := fmt.Sprintf("%.6f %.6f %.6f %d\n", wall.Seconds(), sec(ru.Utime), sec(ru.Stime), ru.Maxrss)
	if err := os.WriteFile(*out, []byte(line), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "rtime:", err)
		os.Exit(2)
	}
	os.Exit(cmd.ProcessState.ExitCode())
}
