package bbb_test

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

const docsSecret = "639259d4-9dd8-4b25-bf01-95f9567eaf4b"

// verifyChecksum checks a request the way bbb-web 2.7/3.0 does (§2.1 of the
// API reference): the raw query as received, the checksum removed by three
// literal replacements, the algorithm chosen by the checksum's length and
// allowed by the server, hex compared without regard to case.
func verifyChecksum(call, rawQuery, secret string, allowed map[string]bool) bool {
	checksum := ""
	if q, err := url.ParseQuery(rawQuery); err == nil {
		checksum = strings.TrimSpace(q.Get("checksum"))
	} else {
		for _, kv := range strings.Split(rawQuery, "&") {
			if v, ok := strings.CutPrefix(kv, "checksum="); ok {
				checksum = v
				break
			}
		}
	}
	if checksum == "" {
		return false
	}
	q := rawQuery
	q = strings.Replace(q, "&checksum="+checksum, "", -1)
	q = strings.Replace(q, "checksum="+checksum+"&", "", -1)
	q = strings.Replace(q, "checksum="+checksum, "", -1)
	var h hash.Hash
	var name string
	switch len(checksum) {
	case 40:
		h, name = sha1.New(), "sha1"
	case 64:
		h, name = sha256.New(), "sha256"
	case 96:
		h, name = sha512.New384(), "sha384"
	case 128:
		h, name = sha512.New(), "sha512"
	default:
		return false
	}
	if !allowed[name] {
		return false
	}
	h.Write([]byte(call + q + secret))
	return strings.EqualFold(hex.EncodeToString(h.Sum(nil)), checksum)
}

var allAlgorithms = map[string]bool{"sha1": true, "sha256": true, "sha384": true, "sha512": true}

// fakeServer is a BBB stand-in that validates every checksum and records
// what it received. Answers come from the answer function (or a generic
// SUCCESS).
type fakeServer struct {
	*httptest.Server
	secret  string
	allowed map[string]bool
	answer  func(call string, r *http.Request) string

	mu       sync.Mutex
	requests []received
}

type received struct {
	call        string
	rawQuery    string
	params      url.Values
	method      string
	contentType string
	body        string
	valid       bool
}

const checksumErrorXML = `<response><returncode>FAILED</returncode><messageKey>checksumError</messageKey><message>Checksums do not match</message></response>`

func newFakeServer(t *testing.T, allowed map[string]bool, answer func(call string, r *http.Request) string) *fakeServer {
	t.Helper()
	s := &fakeServer{secret: docsSecret, allowed: allowed, answer: answer}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *fakeServer) serve(w http.ResponseWriter, r *http.Request) {
	call, ok := strings.CutPrefix(r.URL.Path, "/bigbluebutton/api/")
	if !ok {
		call = strings.TrimPrefix(r.URL.Path, "/bigbluebutton/api")
	}
	body := new(strings.Builder)
	if r.Body != nil {
		buf := make([]byte, 1<<20)
		for {
			n, err := r.Body.Read(buf)
			body.Write(buf[:n])
			if err != nil {
				break
			}
		}
	}
	rec := received{call: call, rawQuery: r.URL.RawQuery, params: r.URL.Query(), method: r.Method,
		contentType: r.Header.Get("Content-Type"), body: body.String()}
	rec.valid = call == "" || verifyChecksum(call, r.URL.RawQuery, s.secret, s.allowed)
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/xml;charset=utf-8")
	if !rec.valid {
		fmt.Fprint(w, checksumErrorXML)
		return
	}
	if s.answer != nil {
		if a := s.answer(call, r); a != "" {
			fmt.Fprint(w, a)
			return
		}
	}
	fmt.Fprint(w, `<response><returncode>SUCCESS</returncode></response>`)
}

func (s *fakeServer) last(t *testing.T) received {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.requests) == 0 {
		t.Fatal("the server received no request")
	}
	return s.requests[len(s.requests)-1]
}

func (s *fakeServer) all() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.requests...)
}

func (s *fakeServer) endpoint() string { return s.URL + "/bigbluebutton/api/" }

// browserHref returns what a browser makes of a URL (new URL(u).href,
// WHATWG URL standard) as far as the query and fragment go: a raw '#'
// starts the fragment, and space, '"', '<', '>', '\” and non-ASCII bytes
// in the query are percent-encoded. Host case and the path are normalised
// too, but signed URLs never depend on them.
func browserHref(u string) string {
	frag := ""
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u, frag = u[:i], u[i:]
	}
	base, query, hasQuery := strings.Cut(u, "?")
	if scheme, rest, ok := strings.Cut(base, "://"); ok {
		host, path, _ := strings.Cut(rest, "/")
		base = strings.ToLower(scheme) + "://" + strings.ToLower(host) + "/" + path
	}
	if !hasQuery {
		return base + frag
	}
	var b strings.Builder
	for i := 0; i < len(query); i++ {
		c := query[i]
		if c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\'' {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return base + "?" + b.String() + frag
}
