package bbbsim

import (
	"io"
	"net/http"
	"time"
)

// Fault changes how the simulator answers one API call, to test a client's error handling.
// Fields combine: Latency is waited first, then the first of Drop, Status, Malformed, FailKey applies.
type Fault struct {
	Latency     time.Duration // wait this long (real time) before answering
	Status      int           // answer with this HTTP status and a short HTML page
	Malformed   bool          // answer 200 with a truncated XML body
	Drop        bool          // close the connection without answering (Go's transport repeats a read-only GET once on a reused connection, so use Times 0 or ≥ 2 for those)
	FailKey     string        // answer FAILED with this messageKey
	FailMessage string        // the message for FailKey (default: a generic sentence)
	Times       int           // number of requests affected; 0 means until cleared
}

// SetFault injects f into every following request for call ("create", "getMeetingInfo",
// "hooks/list", … ; "" is the version index).
func (s *Server) SetFault(call string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[call] = &f
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = map[string]*Fault{}
}

func (s *Server) takeFault(call string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faults[call]
	if f == nil {
		return nil
	}
	taken := *f
	if f.Times > 0 {
		f.Times--
		if f.Times == 0 {
			delete(s.faults, call)
		}
	}
	return &taken
}

// applyFault plays an injected fault for call; it reports whether the request should still be answered normally.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, call string) bool {
	f := s.takeFault(call)
	if f == nil {
		return true
	}
	if f.Latency > 0 {
		select {
		case <-time.After(f.Latency):
		case <-r.Context().Done():
			return false
		}
	}
	switch {
	case f.Drop:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return false
			}
		}
		panic(http.ErrAbortHandler)
	case f.Status != 0:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(f.Status)
		io.WriteString(w, "<html><body><h1>"+http.StatusText(f.Status)+"</h1></body></html>")
		return false
	case f.Malformed:
		writeXML(w, "<response><returncode>SUCCESS</returncode><meetingID>trunc")
		return false
	case f.FailKey != "":
		msg := f.FailMessage
		if msg == "" {
			msg = "The simulator was told to fail this call."
		}
		s.writeFailed(w, f.FailKey, msg)
		return false
	}
	return true
}
