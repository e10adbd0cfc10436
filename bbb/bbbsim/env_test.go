package bbbsim_test

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb/bbbsim"
)

// The BBB docs' example secret, also used by the captured webhooks scenario.
const secret = "639259d4-9dd8-4b25-bf01-95f9567eaf4b"

var start = time.Date(2024, 5, 9, 13, 35, 28, 123e6, time.UTC)

// env is a simulator on a manual clock behind a real HTTP server.
type env struct {
	t     *testing.T
	sim   *bbbsim.Server
	clock *bbbsim.ManualClock
	srv   *httptest.Server
	http  *http.Client
}

func newEnv(t *testing.T, change ...func(*bbbsim.Options)) *env {
	t.Helper()
	clock := bbbsim.NewManualClock(start)
	opts := bbbsim.Options{Secret: secret, Clock: clock, Seed: 42,
		EndDelay: 2 * time.Second, ProcessingDelay: time.Minute, PublishDelay: 30 * time.Second}
	for _, c := range change {
		c(&opts)
	}
	sim := bbbsim.New(opts)
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	return &env{t: t, sim: sim, clock: clock, srv: srv, http: &http.Client{
		Timeout:       5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// query encodes key/value pairs in the given order.
func query(kv ...string) string {
	var parts []string
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, url.QueryEscape(kv[i])+"="+url.QueryEscape(kv[i+1]))
	}
	return strings.Join(parts, "&")
}

func sha1Hex(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// signed returns the URL of a call signed with SHA-1 over exactly the query sent.
func (e *env) signed(call string, kv ...string) string {
	q := query(kv...)
	sep := "&"
	if q == "" {
		sep = ""
	}
	return e.srv.URL + "/bigbluebutton/api/" + call + "?" + q + sep + "checksum=" + sha1Hex(call+q+secret)
}

func (e *env) fetch(method, target string, body io.Reader, contentType string) (*http.Response, string) {
	e.t.Helper()
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := e.http.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// call sends a signed GET and returns the body of a 200 answer.
func (e *env) call(call string, kv ...string) string {
	e.t.Helper()
	resp, body := e.fetch("GET", e.signed(call, kv...), nil, "")
	if resp.StatusCode != 200 {
		e.t.Fatalf("%s: HTTP %d: %s", call, resp.StatusCode, body)
	}
	return body
}

// ok sends a call and fails the test unless it answers SUCCESS.
func (e *env) ok(call string, kv ...string) string {
	e.t.Helper()
	body := e.call(call, kv...)
	if rc := xmlValue(body, "response/returncode"); rc != "SUCCESS" {
		e.t.Fatalf("%s answered %s: %s", call, rc, body)
	}
	return body
}

// failed sends a call and checks it answers FAILED with key.
func (e *env) failed(key, call string, kv ...string) {
	e.t.Helper()
	body := e.call(call, kv...)
	if xmlValue(body, "response/returncode") != "FAILED" || xmlValue(body, "response/messageKey") != key {
		e.t.Fatalf("%s: want FAILED %s, got %s", call, key, body)
	}
}

// enterURL joins and opens the simulated client page, as a browser following the join redirect does.
func (e *env) enter(meetingID, name, role string, extra ...string) string {
	e.t.Helper()
	resp, _ := e.fetch("GET", e.signed("join", append([]string{"meetingID", meetingID, "fullName", name, "role", role}, extra...)...), nil, "")
	if resp.StatusCode != http.StatusFound {
		e.t.Fatalf("join: HTTP %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	page, body := e.fetch("GET", loc, nil, "")
	if page.StatusCode != 200 {
		e.t.Fatalf("client page: HTTP %d: %s", page.StatusCode, body)
	}
	return loc
}

func (e *env) advance(d time.Duration) { e.clock.Advance(d) }

// xmlNode is a minimal DOM for assertions.
type xmlNode struct {
	name     string
	attrs    map[string]string
	text     string
	children []*xmlNode
}

func parseXML(t testing.TB, body string) *xmlNode {
	t.Helper()
	root, err := tryParseXML(body)
	if err != nil {
		t.Fatalf("not well-formed XML (%v): %s", err, body)
	}
	return root
}

func tryParseXML(body string) (*xmlNode, error) {
	dec := xml.NewDecoder(strings.NewReader(body))
	top := &xmlNode{}
	stack := []*xmlNode{top}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		cur := stack[len(stack)-1]
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			cur.children = append(cur.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			cur.text += string(tok)
		}
	}
	if len(top.children) != 1 {
		return nil, io.ErrUnexpectedEOF
	}
	return top.children[0], nil
}

// find returns the nodes at a slash-separated path starting with the root's name.
func (n *xmlNode) find(path string) []*xmlNode {
	parts := strings.Split(path, "/")
	if parts[0] != n.name {
		return nil
	}
	nodes := []*xmlNode{n}
	for _, p := range parts[1:] {
		var next []*xmlNode
		for _, c := range nodes {
			for _, child := range c.children {
				if child.name == p {
					next = append(next, child)
				}
			}
		}
		nodes = next
	}
	return nodes
}

func xmlValue(body, path string) string {
	root, err := tryParseXML(body)
	if err != nil {
		return ""
	}
	if nodes := root.find(path); len(nodes) > 0 {
		return strings.TrimSpace(nodes[0].text)
	}
	return ""
}

func xmlValues(body, path string) []string {
	root, err := tryParseXML(body)
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range root.find(path) {
		out = append(out, strings.TrimSpace(n.text))
	}
	return out
}

// freeForm elements hold maps whose element names are data, not schema.
var freeForm = map[string]bool{"metadata": true, "customdata": true}

// elementPaths lists every element path (and attribute, as path@name) of a document.
func elementPaths(n *xmlNode) []string {
	set := map[string]bool{}
	var walk func(n *xmlNode, prefix string)
	walk = func(n *xmlNode, prefix string) {
		p := prefix + n.name
		set[p] = true
		for a := range n.attrs {
			set[p+"@"+a] = true
		}
		if freeForm[n.name] {
			return
		}
		for _, c := range n.children {
			walk(c, p+"/")
		}
	}
	walk(n, "")
	var out []string
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// jsonPaths lists every object key path of a JSON document (arrays are transparent).
func jsonPaths(t testing.TB, body string) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("not JSON (%v): %s", err, body)
	}
	set := map[string]bool{}
	var walk func(v any, prefix string)
	walk = func(v any, prefix string) {
		switch v := v.(type) {
		case map[string]any:
			for k, c := range v {
				set[prefix+k] = true
				walk(c, prefix+k+"/")
			}
		case []any:
			for _, c := range v {
				walk(c, prefix)
			}
		}
	}
	walk(v, "")
	var out []string
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
