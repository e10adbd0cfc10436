//go:build race

package handlers_test

// raceDetector: the tests run under -race, which slows SQLite several times over.
const raceDetector = true
