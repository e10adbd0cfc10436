package bbb

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Client talks to one BBB server. It is safe for concurrent use.
type Client struct {
	base    string // https://host/bigbluebutton/api/
	secret  string
	http    *http.Client
	timeout time.Duration
	maxBody int64
	retries int
	backoff time.Duration
	logger  *slog.Logger

	mu       sync.Mutex
	alg      Algorithm // Auto until detected
	detected bool      // alg was found by DetectChecksum
	hooksAlg Algorithm // set when bbb-webhooks accepts only SHA-1
	detectMu sync.Mutex
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sends requests with hc. The client never follows
// redirects (join answers one); a copy of hc is changed accordingly.
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.http = hc } }

// WithTimeout bounds each attempt of a call (default 10 s). The context
// passed to a call can shorten it further.
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithChecksum selects the checksum algorithm (default SHA256). With Auto
// the client calls DetectChecksum before its first request; JoinURL and
// SignedURL, which make no request, use SHA256 until detection has run.
func WithChecksum(a Algorithm) Option { return func(c *Client) { c.alg = a } }

// WithRetry retries read-only calls (getMeetings, getMeetingInfo,
// isMeetingRunning, getRecordings, text tracks, hooks/list, version) up to
// attempts times in all on network errors and HTTP 502/503/504, waiting
// backoff, 2×backoff, 4×backoff… (with jitter) in between. Calls that
// change something are never retried.
func WithRetry(attempts int, backoff time.Duration) Option {
	return func(c *Client) { c.retries, c.backoff = attempts, backoff }
}

// WithMaxResponseBytes limits the size of an answer (default 64 MiB).
func WithMaxResponseBytes(n int64) Option { return func(c *Client) { c.maxBody = n } }

// WithLogger logs each request at debug level: call, URL with the checksum
// redacted, status and duration. The secret is never logged.
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.logger = l } }

// New returns a client for the server at endpoint with the shared secret.
// endpoint may be given as https://host/bigbluebutton/api/, without the
// trailing slash, or as https://host/bigbluebutton/ (what bbb-conf --secret
// prints).
func New(endpoint, secret string, opts ...Option) (*Client, error) {
	base, err := NormalizeEndpoint(endpoint)
	if err != nil {
		return nil, err
	}
	if secret == "" {
		return nil, errors.New("bbb: the shared secret is empty")
	}
	c := &Client{base: base, secret: secret, timeout: 10 * time.Second, maxBody: 64 << 20,
		retries: 1, backoff: 200 * time.Millisecond, alg: SHA256}
	for _, o := range opts {
		o(c)
	}
	if _, err := ParseAlgorithm(string(c.alg)); err != nil {
		return nil, err
	}
	hc := http.Client{}
	if c.http != nil {
		hc = *c.http
	}
	if hc.Transport == nil {
		hc.Transport = defaultTransport
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.http = &hc
	if c.retries < 1 {
		c.retries = 1
	}
	return c, nil
}

// defaultTransport keeps enough idle connections to the one BBB host for a portal's bursts
// (a class joining, the live view, end watchers); http.DefaultTransport keeps 2 per host, so
// the others would be closed and opened again with a new TLS handshake each.
var defaultTransport = func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 100, 64
	return t
}()

// NormalizeEndpoint turns any accepted endpoint form into the API base URL
// ending in "/api/".
func NormalizeEndpoint(endpoint string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(endpoint))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("bbb: endpoint %q is not an http(s) URL like https://bbb.example.com/bigbluebutton/api/", endpoint)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("bbb: endpoint %q must not contain a query, fragment or user info", endpoint)
	}
	path := strings.TrimRight(u.Path, "/")
	switch {
	case strings.HasSuffix(path, "/api"):
	case strings.HasSuffix(path, "/bigbluebutton"):
		path += "/api"
	default:
		return "", fmt.Errorf("bbb: endpoint %q should end in /bigbluebutton/api/ (or /bigbluebutton/)", endpoint)
	}
	u.Path, u.RawPath = path+"/", ""
	return u.String(), nil
}

// Endpoint returns the normalized API base URL.
func (c *Client) Endpoint() string { return c.base }

// Algorithm returns the checksum algorithm in use (Auto before detection).
func (c *Client) Algorithm() Algorithm {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.alg
}

// signingAlgorithm is the algorithm for URLs built without a request.
func (c *Client) signingAlgorithm() Algorithm {
	if a := c.Algorithm(); a != Auto {
		return a
	}
	return SHA256
}

// SignedURL returns the signed URL of call with params, ready to send or
// to hand to a browser. Every byte a browser or proxy could rewrite is
// percent-encoded, so the checksum stays valid.
func (c *Client) SignedURL(call string, params url.Values) (string, error) {
	return c.signedURL(c.signingAlgorithm(), call, params)
}

func (c *Client) signedURL(alg Algorithm, call string, params url.Values) (string, error) {
	q, err := signQuery(alg, call, EncodeQuery(params), c.secret)
	if err != nil {
		return "", err
	}
	return c.base + call + "?" + q, nil
}

// ChosenChecksum returns the algorithm the client signs with and whether
// DetectChecksum chose it (false: pinned with WithChecksum, or Auto not
// yet detected, in which case alg is Auto).
func (c *Client) ChosenChecksum() (alg Algorithm, detected bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.alg, c.detected
}

// DetectChecksum finds the strongest algorithm the server accepts, by
// asking isMeetingRunning for a meeting that does not exist, signed with
// SHA-512, SHA-384, SHA-256 and SHA-1 in turn. A checksumError in the
// answer, whatever its HTTP status (b3scale answers HTTP 500), moves on
// to the next algorithm; any other API answer, even a refusal, means the
// checksum passed. The client uses the result from then on (see
// ChosenChecksum) and logs it once at info level. If the server refuses
// all four, the secret is wrong: ErrWrongSecret. If it cannot be reached,
// the network error (see IsUnreachable).
func (c *Client) DetectChecksum(ctx context.Context) (Algorithm, error) {
	c.detectMu.Lock()
	defer c.detectMu.Unlock()
	return c.detect(ctx)
}

// detectOnce detects the algorithm unless a concurrent call just did.
func (c *Client) detectOnce(ctx context.Context) (Algorithm, error) {
	c.detectMu.Lock()
	defer c.detectMu.Unlock()
	if alg := c.Algorithm(); alg != Auto {
		return alg, nil
	}
	return c.detect(ctx)
}

// detect does DetectChecksum's work; called with detectMu held.
func (c *Client) detect(ctx context.Context) (Algorithm, error) {
	probe := url.Values{"meetingID": {"bbbportal-checksum-probe"}}
	for _, alg := range strongestFirst {
		resp, err := c.send(ctx, request{call: "isMeetingRunning", params: probe, alg: alg, readOnly: true})
		if err == nil {
			var x envelope
			err = decodeXML("isMeetingRunning", resp.Body, &x)
		}
		if IsKey(err, KeyChecksumError) {
			continue
		}
		var apiErr *Error
		if err != nil && !errors.As(err, &apiErr) {
			return "", err
		}
		c.mu.Lock()
		c.alg, c.detected = alg, true
		c.mu.Unlock()
		if c.logger != nil {
			c.logger.Info("BBB checksum algorithm detected", "checksum", string(alg))
		}
		return alg, nil
	}
	return "", ErrWrongSecret
}

// request is one API call to make.
type request struct {
	call        string // "create", "hooks/list"; "" is the version index
	params      url.Values
	alg         Algorithm // overrides the client's
	readOnly    bool      // may be retried
	unsigned    bool      // sent without checksum (hooks/ping)
	body        []byte
	contentType string
}

// Response is a raw answer.
type Response struct {
	StatusCode  int
	ContentType string
	Location    string // of a redirect (join)
	Body        []byte
}

// do sends req with the client's algorithm, detecting it first if needed.
func (c *Client) do(ctx context.Context, req request) (*Response, error) {
	if req.alg == "" {
		req.alg = c.Algorithm()
		if req.alg == Auto && req.call != "" && !req.unsigned {
			alg, err := c.detectOnce(ctx)
			if err != nil {
				return nil, err
			}
			req.alg = alg
		}
	}
	return c.send(ctx, req)
}

// send performs req, retrying read-only calls, and returns a 2xx or 3xx answer.
func (c *Client) send(ctx context.Context, req request) (*Response, error) {
	var target string
	switch {
	case req.call == "":
		target = strings.TrimSuffix(c.base, "/")
	case req.unsigned:
		target = c.base + req.call
	default:
		var err error
		if target, err = c.signedURL(req.alg, req.call, req.params); err != nil {
			return nil, err
		}
	}
	name := req.call
	if name == "" {
		name = "version"
	}
	attempts := 1
	if req.readOnly {
		attempts = c.retries
	}
	var lastErr error
	for attempt := 0; attempt < attempts; attempt++ {
		if attempt > 0 {
			wait := c.backoff << (attempt - 1)
			wait += rand.N(wait/2 + 1)
			select {
			case <-ctx.Done():
				return nil, &NetworkError{Call: name, Timeout: errors.Is(ctx.Err(), context.DeadlineExceeded), Err: ctx.Err()}
			case <-time.After(wait):
			}
		}
		resp, err := c.attempt(ctx, name, target, req)
		if err == nil {
			return resp, nil
		}
		lastErr = err
		if !retryable(err) || ctx.Err() != nil {
			break
		}
	}
	return nil, lastErr
}

func retryable(err error) bool {
	var ne *NetworkError
	if errors.As(err, &ne) {
		return true
	}
	var he *HTTPError
	return errors.As(err, &he) && (he.StatusCode == 502 || he.StatusCode == 503 || he.StatusCode == 504)
}

func (c *Client) attempt(ctx context.Context, name, target string, req request) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	method := http.MethodGet
	var body io.Reader
	if req.body != nil {
		method, body = http.MethodPost, bytes.NewReader(req.body)
	}
	hr, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, &NetworkError{Call: name, Err: errors.New("cannot build the request")}
	}
	if body == nil && !req.readOnly {
		// Go's transport silently sends a GET again when a reused connection dies before
		// the answer, though the server may have acted on it (a chat message posted twice).
		// A body it cannot rewind makes the request non-replayable; being empty, nothing
		// of it is sent.
		hr.Body = io.NopCloser(strings.NewReader(""))
	}
	if req.contentType != "" {
		hr.Header.Set("Content-Type", req.contentType)
	}
	start := time.Now()
	res, err := c.http.Do(hr)
	if err != nil {
		return nil, networkError(name, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, c.maxBody+1))
	if c.logger != nil {
		c.logger.Debug("bbb request", "call", name, "method", method, "url", RedactURL(target),
			"status", res.StatusCode, "duration", time.Since(start))
	}
	if err != nil {
		return nil, networkError(name, err)
	}
	if int64(len(data)) > c.maxBody {
		return nil, &TooLargeError{Call: name, Limit: c.maxBody}
	}
	resp := &Response{StatusCode: res.StatusCode, ContentType: res.Header.Get("Content-Type"),
		Location: res.Header.Get("Location"), Body: data}
	if res.StatusCode >= 300 && res.StatusCode < 400 && resp.Location != "" {
		return resp, nil
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return nil, &HTTPError{Call: name, StatusCode: res.StatusCode, Snippet: snippet(data), API: failureIn(name, data)}
	}
	return resp, nil
}

// failureIn returns the FAILED (or b3scale's ERROR) answer in the body of
// an HTTP error, or nil if the body is no API answer.
func failureIn(call string, body []byte) *Error {
	var x envelope
	if xml.Unmarshal(body, &x) != nil {
		return nil
	}
	rc, key := strings.TrimSpace(x.ReturnCode), strings.TrimSpace(x.MessageKey)
	if len(x.Errors) > 0 && key == "" {
		key, x.Message = strings.TrimSpace(x.Errors[0].Key), x.Errors[0].Message
	}
	if (rc != "FAILED" && rc != "ERROR") || key == "" {
		return nil
	}
	return &Error{Key: key, Message: strings.TrimSpace(x.Message), Call: call}
}

// networkError wraps a transport error without the URL, which carries the checksum.
func networkError(call string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	timeout := errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
	return &NetworkError{Call: call, Timeout: timeout, Err: err}
}

// readOnlyCalls may be retried.
var readOnlyCalls = map[string]bool{"": true, "getMeetings": true, "getMeetingInfo": true,
	"isMeetingRunning": true, "getRecordings": true, "getRecordingTextTracks": true,
	"hooks/list": true, "getSessions": true}

// Call signs and sends any API call with params (GET) and returns the raw
// answer. A FAILED answer is returned together with an *Error; a join
// redirect to an error page becomes an *Error too. call "" or "version"
// is the unsigned version index.
func (c *Client) Call(ctx context.Context, call string, params url.Values) (*Response, error) {
	if call == "version" {
		call = ""
	}
	return c.call(ctx, request{call: call, params: params, readOnly: readOnlyCalls[call]})
}

// CallBody is Call with a POST body of the given Content-Type: the
// <modules> XML of create or insertDocument (see [ModulesBody]), the
// multipart form of putRecordingTextTrack (see [TextTrackForm]). Only the
// query is signed, as BBB expects; the body is not. It is never retried.
func (c *Client) CallBody(ctx context.Context, call string, params url.Values, body []byte, contentType string) (*Response, error) {
	if body == nil {
		body = []byte{} // a POST even when empty
	}
	return c.call(ctx, request{call: call, params: params, body: body, contentType: contentType})
}

func (c *Client) call(ctx context.Context, req request) (*Response, error) {
	call := req.call
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.Location != "" {
		return resp, joinRedirectError(resp.Location)
	}
	if err := answerFailure(call, resp.Body); err != nil {
		return resp, err
	}
	return resp, nil
}

// answerFailure reports a FAILED answer (XML or JSON) as *Error and an
// unreadable answer as *ParseError.
func answerFailure(call string, body []byte) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		_, err := parseJSONEnvelope(call, body)
		return err
	}
	var x envelope
	return decodeXML(call, body, &x)
}
