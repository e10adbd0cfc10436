package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"time"
)

// Driver loads url with GET requests (sending cookie) over connections connections for d and
// reports what it measured.
type Driver func(ctx context.Context, url, cookie string, connections int, d time.Duration) (Result, error)

// InProcess is the Driver that loads from this process: simple, but its work and memory are
// counted with the portal's.
func InProcess(ctx context.Context, url, cookie string, connections int, d time.Duration) (Result, error) {
	return Load{Concurrency: connections, Duration: d, Do: Get(url, cookie, http.StatusOK)}.Run(ctx), nil
}

// CookieEnv passes the session cookie to a load driver process (not on its command line,
// which other users of the machine can read).
const CookieEnv = "BBBPORTAL_BENCH_COOKIE"

// Process returns a Driver that runs "exe bench load …" (the same program) as its own process,
// so that the portal's memory is measured alone; env is added to the child's environment.
func Process(exe string, env ...string) Driver {
	return func(ctx context.Context, url, cookie string, connections int, d time.Duration) (Result, error) {
		cmd := exec.CommandContext(ctx, exe, "bench", "load", "--url", url,
			"--connections", strconv.Itoa(connections), "--duration", d.String())
		cmd.Env = append(append(os.Environ(), env...), CookieEnv+"="+cookie)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			return Result{}, fmt.Errorf("bench: load driver: %w: %s", err, bytes.TrimSpace(errOut.Bytes()))
		}
		var r Result
		if err := json.Unmarshal(out.Bytes(), &r); err != nil {
			return Result{}, fmt.Errorf("bench: load driver answered %q: %w", out.String(), err)
		}
		return r, nil
	}
}

// SeedProcess returns a Seeder that runs "exe bench seed …" as its own process, so that what
// seeding a million rows takes is not counted as the portal's memory.
func SeedProcess(exe string, env ...string) func(path string, size Size) (Seeded, error) {
	return func(path string, size Size) (Seeded, error) {
		cmd := exec.Command(exe, "bench", "seed", "--db", path, "--rooms", strconv.Itoa(size.Rooms),
			"--users", strconv.Itoa(size.Users), "--audit", strconv.Itoa(size.Audit))
		cmd.Env = append(os.Environ(), env...)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			return Seeded{}, fmt.Errorf("bench: seeding process: %w: %s", err, bytes.TrimSpace(errOut.Bytes()))
		}
		var s Seeded
		if err := json.Unmarshal(out.Bytes(), &s); err != nil {
			return Seeded{}, fmt.Errorf("bench: seeding process answered %q: %w", out.String(), err)
		}
		return s, nil
	}
}
