package meetings

import (
	"context"
	"errors"

	"bbbportal/bbb"
)

// Problem IDs name what went wrong in a way the pages translate (see ProblemText).
const (
	ProblemUnreachable = "bbb.unreachable"
	ProblemTimeout     = "bbb.timeout"
	ProblemSecret      = "bbb.secret"
	ProblemHTTP        = "bbb.http"
	ProblemBadAnswer   = "bbb.badAnswer"
	ProblemRefused     = "bbb.refused"
	ProblemFull        = "bbb.full"
	ProblemInvalid     = "bbb.invalid"
	ProblemOther       = "bbb.other"
)

// ProblemText is the English sentence of each problem: what happened and what to do.
var ProblemText = map[string]string{
	ProblemUnreachable: "The BBB server cannot be reached. The portal keeps trying; if this lasts, ask your admin to check the server.",
	ProblemTimeout:     "The BBB server did not answer in time. Try again in a moment.",
	ProblemSecret:      "The BBB server rejected the secret — ask your admin to check BIGBLUEBUTTON_SECRET.",
	ProblemHTTP:        "The BBB server answered with an error page instead of an API answer. Try again later; if it persists, ask your admin.",
	ProblemBadAnswer:   "The BBB server sent an answer the portal cannot read. Ask your admin to check the BBB endpoint.",
	ProblemRefused:     "The BBB server refused the request. Check the room's settings and try again.",
	ProblemFull:        "The meeting is full: it has reached its maximum number of participants.",
	ProblemInvalid:     "A setting of this room cannot be sent to BBB. Check the room's options.",
	ProblemOther:       "Something went wrong while talking to the BBB server. Try again.",
}

// Explain maps an error from a BBB call to a problem ID.
func Explain(err error) string {
	var (
		apiErr   *bbb.Error
		netErr   *bbb.NetworkError
		httpErr  *bbb.HTTPError
		parseErr *bbb.ParseError
		bigErr   *bbb.TooLargeError
		valErr   *bbb.ValidationError
	)
	switch {
	case bbb.IsChecksumError(err):
		return ProblemSecret // BBB answered: it is reachable, and refuses the portal's secret
	case errors.As(err, &apiErr) && apiErr.Key == bbb.KeyMaxParticipantsReached:
		return ProblemFull
	case errors.As(err, &apiErr):
		return ProblemRefused
	case errors.As(err, &netErr) && netErr.Timeout, errors.Is(err, context.DeadlineExceeded):
		return ProblemTimeout
	case errors.As(err, &netErr):
		return ProblemUnreachable
	case errors.As(err, &httpErr):
		return ProblemHTTP
	case errors.As(err, &parseErr), errors.As(err, &bigErr):
		return ProblemBadAnswer
	case errors.As(err, &valErr):
		return ProblemInvalid
	}
	return ProblemOther
}
