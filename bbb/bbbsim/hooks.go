package bbbsim

import (
	"io"
	"net/http"
	"net/url"
	"strings"
)

// hook is a bbb-webhooks registration.
type hook struct {
	id          string
	callbackURL string
	meetingID   string // external; empty for a global hook
	eventIDs    []string
	raw         bool
}

func (h *hook) wants(eventID, extMeetingID string) bool {
	if h.meetingID != "" && h.meetingID != extMeetingID {
		return false
	}
	return len(h.eventIDs) == 0 || contains(h.eventIDs, eventID)
}

// serveHooks answers /bigbluebutton/api/hooks/… as bbb-webhooks 3.5 does: single-line XML,
// strict lowercase checksums, HTTP 500 for a checksum of unknown length.
func (s *Server) serveHooks(w http.ResponseWriter, r *http.Request, method string) {
	if method == "hooks/ping" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "bbb-webhooks API up!")
		return
	}
	if method != "hooks/create" && method != "hooks/destroy" && method != "hooks/list" {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	query, _ := url.ParseQuery(r.URL.RawQuery)
	switch s.checkHookChecksum(method, r.URL.RawQuery, query["checksum"]) {
	case checksumOK:
	case checksumBadLength:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Internal Server Error</pre>\n</body>\n</html>\n")
		return
	default:
		writeHooksXML(w, hookFailed("checksumError", "You did not pass the checksum security check."))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch method {
	case "hooks/create":
		s.hookCreate(w, query)
	case "hooks/destroy":
		s.hookDestroy(w, query)
	case "hooks/list":
		s.hookList(w, query)
	}
}

func writeHooksXML(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "text/xml")
	io.WriteString(w, body)
}

func hookFailed(key, message string) string {
	return newLiteralXML().open("response").elem("returncode", "FAILED").elem("messageKey", key).elem("message", message).close().String()
}

func (s *Server) hookCreate(w http.ResponseWriter, q url.Values) {
	callbackURL := q.Get("callbackURL")
	if callbackURL == "" {
		writeHooksXML(w, hookFailed("missingParamCallbackURL", "You must specify a callbackURL in the parameters."))
		return
	}
	raw := false
	if v, ok := q["getRaw"]; ok {
		switch strings.ToLower(v[0]) {
		case "true":
			raw = true
		case "false":
		default: // JSON.parse throws in bbb-webhooks
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, "Internal Server Error")
			return
		}
	}
	for _, h := range s.hooks {
		if h.callbackURL == callbackURL {
			writeHooksXML(w, newLiteralXML().open("response").elem("returncode", "SUCCESS").elem("hookID", h.id).
				elem("messageKey", "duplicateWarning").elem("message", "There is already a hook for this callback URL.").close().String())
			return
		}
	}
	h := &hook{id: s.uuid4(), callbackURL: callbackURL, meetingID: q.Get("meetingID"), raw: raw}
	for _, e := range splitList(q.Get("eventID")) {
		h.eventIDs = append(h.eventIDs, strings.ToLower(e))
	}
	s.hooks = append(s.hooks, h)
	s.logf("hook %s registered", h.id)
	writeHooksXML(w, newLiteralXML().open("response").elem("returncode", "SUCCESS").elem("hookID", h.id).
		boolElem("permanentHook", false).boolElem("rawData", h.raw).close().String())
}

func (s *Server) hookDestroy(w http.ResponseWriter, q url.Values) {
	id := q.Get("hookID")
	if id == "" {
		writeHooksXML(w, hookFailed("missingParamHookID", "You must specify a hookID in the parameters."))
		return
	}
	if !s.removeHook(id) {
		writeHooksXML(w, hookFailed("destroyMissingHook", "The hook informed was not found."))
		return
	}
	writeHooksXML(w, newLiteralXML().open("response").elem("returncode", "SUCCESS").elem("removed", "true").close().String())
}

func (s *Server) removeHook(id string) bool {
	for i, h := range s.hooks {
		if h.id == id {
			s.hooks = append(s.hooks[:i], s.hooks[i+1:]...)
			return true
		}
	}
	return false
}

// hookList lists every hook, or with meetingID the first hook of that meeting plus the global
// hooks, failing when the meeting has none (as bbb-webhooks 3.5 does).
func (s *Server) hookList(w http.ResponseWriter, q url.Values) {
	list := s.hooks
	if mid, ok := q["meetingID"]; ok {
		var first *hook
		var globals []*hook
		for _, h := range s.hooks {
			switch {
			case h.meetingID == "":
				globals = append(globals, h)
			case h.meetingID == mid[0] && first == nil:
				first = h
			}
		}
		if first == nil {
			writeHooksXML(w, hookFailed("listHookError", "An error happened while listing registered hooks. Check the logs."))
			return
		}
		list = append([]*hook{first}, globals...)
	}
	x := newLiteralXML().open("response").elem("returncode", "SUCCESS").open("hooks")
	for _, h := range list {
		x.open("hook").elem("hookID", h.id).cdata("callbackURL", h.callbackURL)
		if h.meetingID != "" {
			x.cdata("meetingID", h.meetingID)
		}
		if len(h.eventIDs) > 0 {
			x.elem("eventID", strings.Join(h.eventIDs, ","))
		}
		x.boolElem("permanentHook", false).boolElem("rawData", h.raw).close()
	}
	writeHooksXML(w, x.close().close().String())
}
