package bbb_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func errorsAs[T error](err error, target *T) bool { return errors.As(err, target) }

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
