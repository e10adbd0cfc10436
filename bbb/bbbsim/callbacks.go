package bbbsim

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// outbox sends callbacks one at a time, in the order they were queued, off the request path.
type outbox struct {
	mu      sync.Mutex
	cond    *sync.Cond
	jobs    []func(context.Context)
	busy    bool
	closed  bool
	ctx     context.Context
	cancel  context.CancelFunc
	stopped chan struct{}
}

func newOutbox() *outbox {
	o := &outbox{stopped: make(chan struct{})}
	o.cond = sync.NewCond(&o.mu)
	o.ctx, o.cancel = context.WithCancel(context.Background())
	go o.run()
	return o
}

func (o *outbox) push(job func(context.Context)) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return
	}
	o.jobs = append(o.jobs, job)
	o.cond.Broadcast()
}

func (o *outbox) run() {
	defer close(o.stopped)
	for {
		o.mu.Lock()
		for len(o.jobs) == 0 && !o.closed {
			o.busy = false
			o.cond.Broadcast()
			o.cond.Wait()
		}
		if o.closed {
			o.mu.Unlock()
			return
		}
		job := o.jobs[0]
		o.jobs = o.jobs[1:]
		o.busy = true
		o.mu.Unlock()
		job(o.ctx)
	}
}

// wait blocks until every queued callback has been attempted.
func (o *outbox) wait() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for (len(o.jobs) > 0 || o.busy) && !o.closed {
		o.cond.Wait()
	}
}

func (o *outbox) close() {
	o.mu.Lock()
	o.closed = true
	o.cond.Broadcast()
	o.mu.Unlock()
	o.cancel()
	<-o.stopped
}

// FlushCallbacks waits until every callback queued so far (end callbacks, recording-ready
// callbacks, webhook events) has been attempted once.
func (s *Server) FlushCallbacks() { s.out.wait() }

func (s *Server) do(ctx context.Context, req *http.Request) (int, error) {
	resp, err := s.client.Do(req.WithContext(ctx))
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	return resp.StatusCode, nil
}

var endCallbackRetries = []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 5 * time.Minute}

// sendEndCallback calls a meeting-ended URL with GET, first probing it as bbb-web's
// CallbackUrlService does, and retries on failure; called with s.mu held.
func (s *Server) sendEndCallback(target string, attempt int) {
	s.out.push(func(ctx context.Context) {
		ok := false
		for i := 0; i < 2; i++ { // the probe, then the call
			req, err := http.NewRequest(http.MethodGet, target, nil)
			if err != nil {
				s.logf("end callback: invalid URL")
				return
			}
			status, err := s.do(ctx, req)
			ok = err == nil && status >= 200 && status < 300
			if !ok {
				break
			}
		}
		if ok || attempt >= len(endCallbackRetries) || ctx.Err() != nil {
			if !ok {
				s.logf("end callback failed; giving up")
			}
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.closed {
			s.after(endCallbackRetries[attempt], func() { s.sendEndCallback(target, attempt+1) })
		}
	})
}

// RecordingReadyJWT returns the signed_parameters token bbb-web's post-publish script sends:
// HS256 over {"meeting_id","record_id"} with the shared secret, header {"alg":"HS256"}.
func RecordingReadyJWT(secret, meetingID, recordID string) string {
	return RecordingReadyJWTWith("HS256", secret, meetingID, recordID)
}

// RecordingReadyJWTWith is RecordingReadyJWT signed with alg: "HS256" (bbb-web) or "HS512"
// (Scalelite, which sends the callback itself).
func RecordingReadyJWTWith(alg, secret, meetingID, recordID string) string {
	enc := base64.RawURLEncoding
	payload, _ := json.Marshal(struct {
		MeetingID string `json:"meeting_id"`
		RecordID  string `json:"record_id"`
	}{meetingID, recordID})
	signing := enc.EncodeToString([]byte(`{"alg":"`+alg+`"}`)) + "." + enc.EncodeToString(payload)
	h := sha256.New
	if alg == "HS512" {
		h = sha512.New
	}
	mac := hmac.New(h, []byte(secret))
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}

// sendRecordingReady POSTs signed_parameters once, without retry; called with s.mu held.
func (s *Server) sendRecordingReady(target, meetingID, recordID string) {
	s.sendRecordingReadyJWT(target, recordID, RecordingReadyJWT(s.opts.Secret, meetingID, recordID))
}

// sendRecordingReadyJWT POSTs a signed_parameters token; called with s.mu held.
func (s *Server) sendRecordingReadyJWT(target, recordID, token string) {
	body := "signed_parameters=" + url.QueryEscape(token)
	s.out.push(func(ctx context.Context) {
		req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(body))
		if err != nil {
			s.logf("recording-ready callback: invalid URL")
			return
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if status, err := s.do(ctx, req); err != nil || status >= 300 {
			s.logf("recording-ready callback for %s failed (status %d)", recordID, status)
		}
	})
}

// emitEvent delivers a mapped bbb-webhooks event to every hook that wants it; called with s.mu held.
func (s *Server) emitEvent(id string, m *meeting, user *session, meetingAttrs map[string]any) {
	attrs := map[string]any{"internal-meeting-id": m.intID, "external-meeting-id": m.extID}
	for k, v := range meetingAttrs {
		attrs[k] = v
	}
	attributes := map[string]any{"meeting": attrs}
	if user != nil {
		attributes["user"] = map[string]any{
			"internal-user-id": user.userID, "external-user-id": user.extUserID,
			"name": user.fullName, "role": user.role, "presenter": user.presenter,
			"guest": user.guestStatus != guestAllow, "stream": "",
		}
	}
	s.deliver(id, m.extID, attributes)
}

func (s *Server) emitRecordingEvent(id string, r *recording) {
	s.deliver(id, r.meetingID, map[string]any{
		"meeting":   map[string]any{"internal-meeting-id": r.recordID, "external-meeting-id": r.meetingID},
		"record-id": r.recordID,
		"success":   true,
		"step-time": 0,
	})
}

func (s *Server) deliver(id, extMeetingID string, attributes map[string]any) {
	if len(s.hooks) == 0 {
		return
	}
	ev, _ := json.Marshal([]any{map[string]any{"data": map[string]any{
		"type": "event", "id": id, "attributes": attributes,
		"event": map[string]any{"ts": s.nowMillis()},
	}}})
	timestamp := strconv.FormatInt(s.nowMillis(), 10)
	body := "domain=" + formEncode(s.domain) + "&event=" + formEncode(string(ev)) + "&timestamp=" + timestamp
	for _, h := range s.hooks {
		if h.wants(id, extMeetingID) {
			s.postHook(h, body, 0)
		}
	}
}

var hookRetries = []time.Duration{100 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second,
	4 * time.Second, 8 * time.Second, 10 * time.Second, 30 * time.Second, time.Minute, time.Minute, time.Minute, time.Minute}

// HookChecksum is the checksum bbb-webhooks 3.4+ appends to a callback: sha1(callbackURL + body + secret).
func HookChecksum(callbackURL, body, secret string) string {
	sum := sha1.Sum([]byte(callbackURL + body + secret))
	return hex.EncodeToString(sum[:])
}

// postHook POSTs one event to a hook, retrying like bbb-webhooks and destroying the hook when the
// retries run out; called with s.mu held.
func (s *Server) postHook(h *hook, body string, attempt int) {
	sep := "?"
	if strings.Contains(h.callbackURL, "?") {
		sep = "&"
	}
	target := h.callbackURL + sep + "checksum=" + HookChecksum(h.callbackURL, body, s.opts.Secret)
	s.out.push(func(ctx context.Context) {
		req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		status, err := s.do(ctx, req)
		if err == nil && (status/100 == 2 || status == http.StatusUnauthorized) || ctx.Err() != nil {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.closed {
			return
		}
		if attempt >= len(hookRetries) {
			s.logf("hook %s failed too often and was removed", h.id)
			s.removeHook(h.id)
			return
		}
		s.after(hookRetries[attempt], func() {
			for _, live := range s.hooks {
				if live == h {
					s.postHook(h, body, attempt+1)
				}
			}
		})
	})
}

// formEncode encodes like JavaScript's URLSearchParams: alphanumerics and *-._ stay, space is +.
func formEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', '0' <= ch && ch <= '9', strings.IndexByte("*-._", ch) >= 0:
			b.WriteByte(ch)
		case ch == ' ':
			b.WriteByte('+')
		default:
			b.WriteString("%" + strings.ToUpper(hexByte(ch)))
		}
	}
	return b.String()
}
