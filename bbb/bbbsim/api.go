package bbbsim

import (
	"encoding/json"
	"io"
	"mime"
	"net"
	"net/http"
	"strings"
)

// callCtx is one API request being answered.
type callCtx struct {
	w    http.ResponseWriter
	r    *http.Request
	call string
	p    *params
	body []byte // an XML body (create modules, insertDocument), unsigned
	base string // scheme://host as the client sees this server
}

type apiCall struct {
	methods    []string
	xmlBody    bool // accepts application/xml and text/xml bodies
	formBody   bool // accepts form bodies
	legacy     bool // RecordingController: legacy checksum wording
	noChecksum bool
	handle     func(s *Server, c *callCtx)
}

var apiCalls map[string]apiCall

func init() {
	get, getPost, post := []string{"GET"}, []string{"GET", "POST"}, []string{"POST"}
	apiCalls = map[string]apiCall{
		"create":                 {methods: getPost, xmlBody: true, formBody: true, handle: (*Server).handleCreate},
		"join":                   {methods: get, handle: (*Server).handleJoin},
		"end":                    {methods: getPost, formBody: true, handle: (*Server).handleEnd},
		"isMeetingRunning":       {methods: getPost, formBody: true, handle: (*Server).handleIsMeetingRunning},
		"getMeetingInfo":         {methods: getPost, formBody: true, handle: (*Server).handleGetMeetingInfo},
		"getMeetings":            {methods: getPost, formBody: true, handle: (*Server).handleGetMeetings},
		"getSessions":            {methods: getPost, formBody: true, handle: (*Server).handleGetSessions},
		"insertDocument":         {methods: post, xmlBody: true, handle: (*Server).handleInsertDocument},
		"sendChatMessage":        {methods: get, handle: (*Server).handleSendChatMessage},
		"getRecordings":          {methods: getPost, formBody: true, legacy: true, handle: (*Server).handleGetRecordings},
		"publishRecordings":      {methods: get, legacy: true, handle: (*Server).handlePublishRecordings},
		"deleteRecordings":       {methods: get, legacy: true, handle: (*Server).handleDeleteRecordings},
		"updateRecordings":       {methods: getPost, formBody: true, legacy: true, handle: (*Server).handleUpdateRecordings},
		"getRecordingTextTracks": {methods: getPost, formBody: true, legacy: true, handle: (*Server).handleGetRecordingTextTracks},
		"putRecordingTextTrack":  {methods: post, noChecksum: true, handle: (*Server).handlePutRecordingTextTrack},
	}
}

// baseURL is scheme://host as the client addressed this server (X-Forwarded-Proto honoured).
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p != "" {
		scheme = strings.TrimSpace(strings.Split(p, ",")[0])
	}
	return scheme + "://" + r.Host
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, call string) {
	if !s.applyFault(w, r, call) {
		return
	}
	if call == "" {
		if s.b3scale() { // b3scale checks the checksum of every request, the index's too
			writeB3scaleFailure(w, "checksumError", "Checksums do not match")
			return
		}
		s.handleIndex(w, r)
		return
	}
	if s.refuseByProfile(w, call) {
		return
	}
	if strings.HasPrefix(call, "hooks/") {
		s.serveHooks(w, r, call)
		return
	}
	spec, ok := apiCalls[call]
	if !ok || (call == "sendChatMessage" && s.is27()) {
		http.NotFound(w, r)
		return
	}
	if !contains(spec.methods, r.Method) {
		w.Header().Set("Allow", strings.Join(spec.methods, ", "))
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	c := &callCtx{w: w, r: r, call: call, p: &params{}, base: baseURL(r)}
	parseParams(r.URL.RawQuery, c.p)
	if r.Method == http.MethodPost && call != "putRecordingTextTrack" {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 4<<20))
		if len(body) > 0 {
			mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			switch {
			case spec.formBody && mediaType == "application/x-www-form-urlencoded":
				parseParams(string(body), c.p)
			case spec.formBody && mediaType == "multipart/form-data":
				// Accepted but carries nothing the simulator uses.
			case spec.xmlBody && (mediaType == "application/xml" || mediaType == "text/xml"):
				c.body = body
			default:
				s.writeFailed(w, "unsupportedContentType", "POST request Content-Type is missing or unsupported")
				return
			}
		}
	}
	if !spec.noChecksum {
		res := s.checkWebChecksum(call, r.URL.RawQuery, c.p.get("checksum"))
		if res != checksumOK {
			msg := "Checksums do not match"
			switch {
			case spec.legacy:
				msg = "You did not pass the checksum security check"
			case res == checksumMissing:
				msg = "You must provide the checksum"
			}
			if s.b3scale() {
				writeB3scaleFailure(w, "checksumError", "Checksums do not match")
				return
			}
			if call == "join" {
				s.joinFailed(c, "checksumError", msg)
				return
			}
			s.writeFailed(w, "checksumError", msg)
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.domain = hostname(r.Host)
	spec.handle(s, c)
}

func hostname(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return hostport
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	base := baseURL(r)
	ws := "ws" + strings.TrimPrefix(base, "http")
	x := newTemplateXML().open("response").elem("returncode", "SUCCESS").elem("version", "2.0")
	if s.scalelite() { // Scalelite's own index names no release
		writeXML(w, x.close().String())
		return
	}
	x.elem("apiVersion", "2.0").elem("bbbVersion", "")
	sdk := "0.0.95"
	if s.is40() {
		sdk = "0.1.20"
	}
	if !s.is27() {
		x.elem("html5PluginSdkVersion", sdk).
			elem("graphqlWebsocketUrl", ws+"/graphql").
			elem("graphqlApiUrl", base+"/api/rest")
	}
	writeXML(w, x.close().String())
}

// serverErrorPage answers like Tomcat when bbb-web throws: HTTP 500 and an HTML page.
func serverErrorPage(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html;charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	io.WriteString(w, `<!doctype html><html lang="en"><head><title>HTTP Status 500 – Internal Server Error</title></head>`+
		`<body><h1>HTTP Status 500 – Internal Server Error</h1><hr class="line" /><p><b>Type</b> Exception Report</p>`+
		`<p><b>Description</b> The server encountered an unexpected condition that prevented it from fulfilling the request.</p>`+
		`<hr class="line" /><h3>Apache Tomcat</h3></body></html>`)
}

func writeXML(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "text/xml;charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	io.WriteString(w, body)
}

// writeFailed writes bbb-web's single-error envelope (api-error.ftlx).
func (s *Server) writeFailed(w http.ResponseWriter, key, message string) {
	writeXML(w, failedXML(key, message))
}

func failedXML(key, message string) string {
	return newTemplateXML().open("response").
		elem("returncode", "FAILED").
		elem("messageKey", key).
		elem("message", message).
		close().String()
}

// joinFailed answers a join error: XML with redirect=false, else a 302 to errorRedirectUrl,
// the logoutURL parameter or the server's default page, with errors=[{"key":…,"message":…}].
func (s *Server) joinFailed(c *callCtx, key, message string) {
	if c.p.has("redirect") && !c.p.boolParam("redirect", true) && !s.b3scale() {
		s.writeFailed(c.w, key, message)
		return
	}
	target := c.p.get("errorRedirectUrl")
	if target == "" {
		target = c.p.get("logoutURL")
	}
	if target == "" {
		target = c.base + "/"
	}
	errs, _ := json.Marshal([]map[string]string{{"key": key, "message": message}})
	sep := "?"
	if strings.Contains(target, "?") {
		sep = "&"
	}
	c.w.Header().Set("Location", target+sep+"errors="+escapeLikeJavaURI(string(errs)))
	c.w.WriteHeader(http.StatusFound)
}

// escapeLikeJavaURI percent-encodes the way bbb-web's redirect does: brackets, colons and commas
// stay as they are, quotes, braces and spaces are encoded.
func escapeLikeJavaURI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', '0' <= ch && ch <= '9',
			strings.IndexByte("-._~[]:,!'()*@/?;$", ch) >= 0:
			b.WriteByte(ch)
		default:
			b.WriteString("%" + strings.ToUpper(hexByte(ch)))
		}
	}
	return b.String()
}

func hexByte(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}
