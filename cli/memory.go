package cli

import "runtime/debug"

// DefaultMemoryLimit is the Go runtime's soft memory limit unless GOMEMLIMIT sets another.
// Near it the garbage collector runs sooner, so that a burst of large pages (the live view's,
// many at once) does not leave the process grown for good. It is soft: past it the portal
// still gets what it needs, at the price of more collections.
const DefaultMemoryLimit = 40 << 20

// LimitMemory applies DefaultMemoryLimit unless the environment sets GOMEMLIMIT.
func LimitMemory(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(DefaultMemoryLimit)
	}
}
