package recordings

import (
	"context"
	"errors"
	"testing"

	"bbbportal/bbb"
	"bbbportal/i18n"
)

func TestEveryProblemAndFormErrorIsTranslated(t *testing.T) {
	t.Parallel()
	keys := map[string]bool{}
	for _, err := range []error{ErrNotFound, ErrInvalid, context.DeadlineExceeded, bbb.ErrWrongSecret, errors.New("x"),
		&bbb.Error{Key: bbb.KeyNotFound}, &bbb.Error{Key: bbb.KeyChecksumError}, &bbb.Error{Key: bbb.KeyUnsupportedRequest}} {
		keys[Problem(err)] = true
	}
	for _, st := range []string{"processing", "processed", "deleted"} {
		keys[Problem(&StateError{State: st})] = true
	}
	for _, f := range []Rename{{}, {Name: "a\x00"}, {Name: "a", Description: "\a"}} {
		for _, k := range f.Validate() {
			keys[k] = true
		}
	}
	for _, lang := range i18n.Languages {
		for k := range keys {
			if got := i18n.In(lang, k); got == k {
				t.Errorf("%s: %s is not translated", lang, k)
			}
		}
	}
}
