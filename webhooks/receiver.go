package webhooks

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"hash"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"bbbportal/audit"
)

// Reactor is what the portal does on an event. Each method must return at
// once (poke a watcher, do not call BBB on the request's goroutine); every
// event is a hint, to be confirmed with BBB.
type Reactor interface {
	// EndHint: BBB says a meeting (external ID) ended; the end watcher asks BBB now.
	EndHint(meetingID string)
	// LiveChanged: a meeting started or someone joined or left; the live view refreshes.
	LiveChanged()
	// RecordingsChanged: a recording of the meeting moved on (processed, published, deleted).
	RecordingsChanged(meetingID string)
}

// Receiver limits, defaults of a zero Receiver.
const (
	DefaultMaxBody   = 256 << 10 // several events of a busy meeting
	DefaultWindow    = 15 * time.Minute
	maxRemembered    = 20_000
	refusedAction    = "hooks.event"
	eventsPerMinute  = 600 // per address: a school's BBB sends bursts at the top of the hour
	eventsBurst      = 300
	limiterAddresses = 10_000
)

// Receiver takes the events bbb-webhooks POSTs to the portal's own hook.
type Receiver struct {
	Secret      string // the BBB shared secret
	CallbackURL string // the URL registered (BASE_URL + CallbackPath), without the checksum
	Reactor     Reactor
	Refusals    *audit.Refusals // refused events, folded per address and minute
	// Limiter bounds events per client address (nil: 600 a minute after a burst of 300).
	Limiter *audit.RateLimiter
	// Window is how far an event's timestamp may be from now, and how long
	// its body is remembered against replays (bbb-webhooks retries for ~5 minutes
	// with the same timestamp).
	Window  time.Duration
	MaxBody int64
	Now     func() time.Time

	once sync.Once
	mu   sync.Mutex
	seen map[[32]byte]time.Time
	fifo []seenBody
}

type seenBody struct {
	key [32]byte
	at  time.Time
}

// Request is one incoming POST, as the HTTP layer read it.
type Request struct {
	ClientIP      string
	Checksum      string // the "checksum" query parameter
	Authorization string // the Authorization header (bbb-webhooks' bearer mode)
	Body          []byte // the raw form body, at most MaxBody bytes (read one more to detect larger)
}

// Event is one parsed bbb-webhooks event.
type Event struct {
	ID         string // "meeting-ended", "user-joined", …
	MeetingID  string // external meeting ID
	InternalID string
	RecordID   string
}

func (r *Receiver) init() {
	r.once.Do(func() {
		if r.Window <= 0 {
			r.Window = DefaultWindow
		}
		if r.MaxBody <= 0 {
			r.MaxBody = DefaultMaxBody
		}
		if r.Now == nil {
			r.Now = time.Now
		}
		if r.Limiter == nil {
			r.Limiter = audit.NewRateLimiter(eventsPerMinute, eventsBurst, limiterAddresses)
		}
		r.seen = map[[32]byte]time.Time{}
	})
}

// Receive verifies, parses and dispatches one request and returns the HTTP
// status to answer. Refusals are recorded through Refusals; accepted events are not audited.
func (r *Receiver) Receive(ctx context.Context, req Request) int {
	r.init()
	if !r.Limiter.Allow(req.ClientIP) {
		r.refuse(ctx, req, "too many events from this address")
		return http.StatusTooManyRequests
	}
	if int64(len(req.Body)) > r.MaxBody {
		r.refuse(ctx, req, "body too large")
		return http.StatusRequestEntityTooLarge
	}
	form, err := url.ParseQuery(string(req.Body))
	if err != nil || len(form) > 8 {
		r.refuse(ctx, req, "body is not the form bbb-webhooks sends")
		return http.StatusBadRequest
	}
	if !r.authentic(req, form) {
		r.refuse(ctx, req, "checksum does not verify")
		return http.StatusUnauthorized
	}
	ts, err := strconv.ParseInt(form.Get("timestamp"), 10, 64)
	now := r.Now()
	if err != nil {
		r.refuse(ctx, req, "no timestamp")
		return http.StatusBadRequest
	}
	if age := now.Sub(time.UnixMilli(ts)); age > r.Window || age < -r.Window {
		r.refuse(ctx, req, "timestamp outside the accepted window")
		return http.StatusConflict
	}
	events, err := ParseEvents(form.Get("event"))
	if err != nil {
		r.refuse(ctx, req, "event is not bbb-webhooks' JSON")
		return http.StatusBadRequest
	}
	if !r.firstTime(req.Body, now) {
		r.refuse(ctx, req, "replayed event")
		return http.StatusConflict
	}
	r.dispatch(events)
	return http.StatusOK
}

// authentic checks the bearer header (auth2_0 mode) or the checksum, in every
// form bbb-webhooks has computed it: over the form body (3.4+), over "{}"
// (3.0–3.3, a bug: constant per URL), over a JSON object of the fields (2.6);
// with SHA-1, -256, -384 or -512 as the length says.
func (r *Receiver) authentic(req Request, form url.Values) bool {
	if bearer, ok := strings.CutPrefix(req.Authorization, "Bearer "); ok && req.Checksum == "" {
		return subtle.ConstantTimeCompare([]byte(bearer), []byte(r.Secret)) == 1
	}
	var h func() hash.Hash
	switch len(req.Checksum) {
	case 40:
		h = sha1.New
	case 64:
		h = sha256.New
	case 96:
		h = sha512.New384
	case 128:
		h = sha512.New
	default:
		return false
	}
	got, err := hex.DecodeString(req.Checksum)
	if err != nil {
		return false
	}
	ok := false
	for _, body := range [][]byte{req.Body, []byte("{}"), legacyBody(form)} {
		if body == nil {
			continue
		}
		m := h()
		m.Write([]byte(r.CallbackURL))
		m.Write(body)
		m.Write([]byte(r.Secret))
		ok = subtle.ConstantTimeCompare(m.Sum(nil), got) == 1 || ok
	}
	return ok
}

// legacyBody is bbb-webhooks 2.6's JSON.stringify({event, timestamp, domain}).
func legacyBody(form url.Values) []byte {
	ts, err := strconv.ParseInt(form.Get("timestamp"), 10, 64)
	if err != nil {
		return nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // JSON.stringify leaves < > & alone
	enc.Encode(struct {
		Event     string `json:"event"`
		Timestamp int64  `json:"timestamp"`
		Domain    string `json:"domain"`
	}{form.Get("event"), ts, form.Get("domain")})
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// firstTime remembers the body for the window and reports whether it is new.
func (r *Receiver) firstTime(body []byte, now time.Time) bool {
	key := sha256.Sum256(body)
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.fifo) > 0 && (now.Sub(r.fifo[0].at) > 2*r.Window || len(r.fifo) >= maxRemembered) {
		delete(r.seen, r.fifo[0].key)
		r.fifo = r.fifo[1:]
	}
	if _, ok := r.seen[key]; ok {
		return false
	}
	r.seen[key] = now
	r.fifo = append(r.fifo, seenBody{key, now})
	return true
}

func (r *Receiver) refuse(ctx context.Context, req Request, why string) {
	if r.Refusals == nil {
		return
	}
	r.Refusals.Refuse(ctx, audit.Record{ActorEmail: "bbb-server", Action: refusedAction, TargetType: "hook",
		Result: audit.ResultDenied, ClientIP: req.ClientIP, Details: map[string]any{"problem": why}})
}

func (r *Receiver) dispatch(events []Event) {
	if r.Reactor == nil {
		return
	}
	live := false
	for _, e := range events {
		switch {
		case e.ID == "meeting-ended":
			r.Reactor.EndHint(e.MeetingID)
			live = true
		case e.ID == "meeting-created", e.ID == "user-joined", e.ID == "user-left":
			live = true
		case strings.HasPrefix(e.ID, "rap-") && (strings.HasSuffix(e.ID, "-ended") || e.ID == "rap-published" ||
			e.ID == "rap-unpublished" || e.ID == "rap-deleted"):
			r.Reactor.RecordingsChanged(e.MeetingID)
		}
	}
	if live {
		r.Reactor.LiveChanged()
	}
}

// ParseEvents reads bbb-webhooks' event field: a JSON array of mapped events
// ({"data":{"id":…,"attributes":{"meeting":{…}}}}). Raw (getRaw) messages
// and unknown shapes are skipped, not errors.
func ParseEvents(s string) ([]Event, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, err
	}
	var out []Event
	for _, m := range raw {
		var x struct {
			Data struct {
				Type       string `json:"type"`
				ID         string `json:"id"`
				Attributes struct {
					Meeting struct {
						Internal string `json:"internal-meeting-id"`
						External string `json:"external-meeting-id"`
					} `json:"meeting"`
					RecordID string `json:"record-id"`
				} `json:"attributes"`
			} `json:"data"`
		}
		if json.Unmarshal(m, &x) != nil || x.Data.ID == "" {
			continue
		}
		out = append(out, Event{ID: x.Data.ID, MeetingID: x.Data.Attributes.Meeting.External,
			InternalID: x.Data.Attributes.Meeting.Internal, RecordID: x.Data.Attributes.RecordID})
	}
	return out, nil
}

// ServeHTTP is Receive over net/http (the portal's Fiber handler calls
// Receive itself with its own client-IP logic and body limit).
func (r *Receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.init()
	if req.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, r.MaxBody+1))
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	ip := req.RemoteAddr
	if i := strings.LastIndexByte(ip, ':'); i > 0 {
		ip = strings.Trim(ip[:i], "[]")
	}
	status := r.Receive(req.Context(), Request{ClientIP: ip, Checksum: req.URL.Query().Get("checksum"),
		Authorization: req.Header.Get("Authorization"), Body: body})
	w.WriteHeader(status)
	io.WriteString(w, http.StatusText(status)+"\n")
}
