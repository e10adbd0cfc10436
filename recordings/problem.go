package recordings

import (
	"context"
	"errors"
	"strconv"

	"bbbportal/bbb"
)

// Problem maps an error of the service to a translation key (recordings.problem.*): a
// sentence that says what happened and what to do.
func Problem(err error) string {
	var stateErr *StateError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &stateErr):
		return "recordings.problem.state." + stateErr.State
	case errors.Is(err, ErrNotFound):
		return "recordings.problem.not_found"
	case errors.Is(err, ErrInvalid):
		return "recordings.problem.invalid"
	case bbb.IsChecksumError(err), errors.Is(err, bbb.ErrWrongSecret):
		return "recordings.problem.secret"
	case errors.Is(err, context.DeadlineExceeded):
		return "recordings.problem.timeout"
	case bbb.IsUnreachable(err):
		return "recordings.problem.unreachable"
	case bbb.IsKey(err, bbb.KeyNotFound):
		return "recordings.problem.bbb_not_found"
	case bbb.IsUnsupported(err):
		return "recordings.problem.unsupported"
	}
	return "recordings.problem.other"
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
