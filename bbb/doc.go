// Package bbb is a client for the BigBlueButton server API: every call of
// bbb-web 2.7/3.0 and of bbb-webhooks, with typed parameters, typed
// answers and checksums that real servers accept.
//
// # Signing
//
// A call is signed by hashing call name + query string + shared secret.
// The client builds the query once, percent-encodes every byte except
// A–Z a–z 0–9 - _ . ~ (so browsers, proxies and HTTP libraries have
// nothing left to rewrite), hashes exactly that string and appends
// &checksum=. SHA-1, SHA-256 (the default), SHA-384 and SHA-512 are
// supported; [WithChecksum]([Auto]) or [Client.DetectChecksum] finds the
// strongest one the server accepts and reports [ErrWrongSecret] when it
// accepts none.
//
// # Answers and errors
//
// Answers are parsed into typed structs: times from epoch milliseconds
// into time.Time, minutes and milliseconds into time.Duration, metadata
// and user custom data into maps. A FAILED answer is an [*Error] carrying
// messageKey and message (use [IsKey]); "no meetings" and "no recordings"
// are empty results. [*HTTPError], [*NetworkError], [*ParseError],
// [*TooLargeError] and [*ValidationError] say what else went wrong, and
// none of them contains a signed URL or the secret. Use [RedactURL] before
// logging a URL.
//
// Every call takes a context; [WithTimeout] bounds each attempt and
// [WithRetry] retries read-only calls. A call that changes something
// (create, join, end, sendChatMessage, publish, delete, hooks/create…) is
// sent once: neither the client nor Go's HTTP transport repeats it.
//
// # Testing
//
// Package bbbsim (bbbportal/bbb/bbbsim) is a BBB server simulator that
// runs in-process: point a Client at an httptest.Server around it (see the
// package example) and drive users and time from the test.
//
// The package imports only the standard library.
package bbb
