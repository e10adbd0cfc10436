//go:build race

package audit

// raceDetector: the tests run under -race, which slows SQLite several times over.
const raceDetector = true
