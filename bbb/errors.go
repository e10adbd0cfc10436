package bbb

import (
	"errors"
	"fmt"
)

// Error is a FAILED answer of the server: its messageKey and message.
// Match on Key (see [IsKey]); messages differ between BBB versions.
type Error struct {
	Key     string `json:"messageKey"`
	Message string `json:"message"`
}

func (e *Error) Error() string {
	if e.Message == "" {
		return "bbb: " + e.Key
	}
	return "bbb: " + e.Key + ": " + e.Message
}

// IsKey reports whether err is (or wraps) a FAILED answer with messageKey key.
func IsKey(err error, key string) bool {
	var e *Error
	return errors.As(err, &e) && e.Key == key
}

// ErrWrongSecret is returned by checksum detection when the server refuses
// every algorithm: the shared secret does not match the server's.
var ErrWrongSecret = errors.New("bbb: the server refused every checksum algorithm; the shared secret is wrong")

// HTTPError is an answer with an HTTP status other than 200 (BBB itself
// answers 200 even for FAILED; other statuses come from nginx, a proxy or a
// crashed service).
type HTTPError struct {
	Call       string
	StatusCode int
	// Snippet is the start of the body, for diagnosis.
	Snippet string
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("bbb: %s: the server answered HTTP %d instead of an API response", e.Call, e.StatusCode)
}

// NetworkError is a failure to reach the server or to read its answer.
// Its message never contains the request URL.
type NetworkError struct {
	Call    string
	Timeout bool
	Err     error
}

func (e *NetworkError) Error() string {
	if e.Timeout {
		return fmt.Sprintf("bbb: %s: the server did not answer in time: %v", e.Call, e.Err)
	}
	return fmt.Sprintf("bbb: %s: cannot reach the server: %v", e.Call, e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }

// ParseError is an answer that is not the expected XML or JSON.
type ParseError struct {
	Call string
	Err  error
	// Snippet is the start of the body, for diagnosis.
	Snippet string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("bbb: %s: the answer is not a valid API response: %v", e.Call, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// TooLargeError is an answer larger than the client's limit (see
// [WithMaxResponseBytes]).
type TooLargeError struct {
	Call  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("bbb: %s: the answer is larger than the limit of %d bytes", e.Call, e.Limit)
}

// ValidationError is a parameter the client refuses to send.
type ValidationError struct {
	Param  string
	Reason string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("bbb: parameter %s: %s", e.Param, e.Reason)
}

func invalid(param, format string, args ...any) error {
	return &ValidationError{Param: param, Reason: fmt.Sprintf(format, args...)}
}

func snippet(body []byte) string {
	const max = 200
	if len(body) > max {
		return string(body[:max]) + "…"
	}
	return string(body)
}
