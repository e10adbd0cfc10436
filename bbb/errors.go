package bbb

import (
	"errors"
	"fmt"
	"strings"
)

// Error is a FAILED answer of the server: its messageKey and message.
// Match on Key (see [IsKey]); messages differ between BBB versions.
type Error struct {
	Key     string `json:"messageKey"`
	Message string `json:"message"`
	// Call is the API call that was answered ("" when unknown).
	Call string `json:"-"`
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
// answers 200 even for FAILED; other statuses come from nginx, a proxy, a
// load balancer or a crashed service).
type HTTPError struct {
	Call       string
	StatusCode int
	// Snippet is the start of the body, for diagnosis.
	Snippet string
	// API is the FAILED answer in the body, when there is one: b3scale
	// answers a checksum error with HTTP 500 and a checksumError body.
	// [IsKey] and errors.As see it through Unwrap.
	API *Error
}

func (e *HTTPError) Error() string {
	if e.API != nil {
		return fmt.Sprintf("bbb: %s: HTTP %d: %s", e.Call, e.StatusCode, e.API.Error())
	}
	return fmt.Sprintf("bbb: %s: the server answered HTTP %d instead of an API response", e.Call, e.StatusCode)
}

func (e *HTTPError) Unwrap() error {
	if e.API == nil {
		return nil
	}
	return e.API
}

// IsUnreachable reports whether err means the server did not answer: a
// network error, a timeout, or an HTTP 5xx without an API answer in the
// body (a proxy's error page). A server that answers anything BBB-shaped,
// even a refusal or an HTTP error with a FAILED body, is reachable.
func IsUnreachable(err error) bool {
	var ne *NetworkError
	if errors.As(err, &ne) {
		return true
	}
	var he *HTTPError
	return errors.As(err, &he) && he.API == nil && he.StatusCode >= 500
}

// IsChecksumError reports whether the server refused the request's
// checksum: the shared secret (or the pinned algorithm) is wrong. The
// unsigned version index never counts: b3scale refuses it with a
// checksumError because it checks every request.
func IsChecksumError(err error) bool {
	if errors.Is(err, ErrWrongSecret) {
		return true
	}
	var e *Error
	return errors.As(err, &e) && e.Key == KeyChecksumError && e.Call != "" && e.Call != "version"
}

// optionalCalls are the calls load balancers and older servers may not
// offer; a server error without an API answer counts as a refusal there.
var optionalCalls = map[string]bool{"sendChatMessage": true, "getSessions": true, "insertDocument": true,
	"getRecordingTextTracks": true, "putRecordingTextTrack": true, "hooks/create": true,
	"hooks/destroy": true, "hooks/list": true, "hooks/ping": true, "version": true}

// IsUnsupported reports whether the server does not offer the call:
// Scalelite's unsupportedRequest, b3scale's "unknown resource", HTTP 404
// (BBB 2.7 has no sendChatMessage; no bbb-webhooks installed), or an HTTP
// error on a call that load balancers leave out (hooks/*, sendChatMessage,
// text tracks, getSessions, insertDocument, the version index).
func IsUnsupported(err error) bool {
	var e *Error
	if errors.As(err, &e) {
		switch {
		case e.Key == KeyUnsupportedRequest:
			return true
		case e.Key == KeyB3scaleGatewayError && strings.Contains(e.Message, "unknown resource"):
			return true
		case e.Call == "version":
			return true // b3scale refuses the index as a checksum error
		}
	}
	var he *HTTPError
	if !errors.As(err, &he) {
		return false
	}
	return he.StatusCode == 404 || he.StatusCode == 405 || (he.StatusCode >= 500 && optionalCalls[he.Call])
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
