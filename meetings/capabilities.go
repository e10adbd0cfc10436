package meetings

import (
	"context"
	"sync"
	"time"

	"bbbportal/bbb"
	"bbbportal/createopts"
)

// Features a BBB server or a load balancer in front of it may not offer. The pages say
// "not available on this server" for each (views.NotAvailable).
const (
	FeatureChat         = "chat"         // sendChatMessage: the end warning in the chat
	FeatureHooks        = "hooks"        // hooks/*: BBB's webhooks
	FeatureRecordings   = "recordings"   // getRecordings without a meetingID (Scalelite GET_RECORDINGS_API_FILTERED)
	FeatureMeetingsList = "meetingsList" // getMeetings listing every meeting (Scalelite GET_MEETINGS_API_DISABLED)
)

// ServerInfo is what the portal knows about the BBB server it talks to.
type ServerInfo struct {
	Release      bbb.Release // zero: unknown, so the forms offer every option
	ReleaseExact bool        // the server named its release; false: inferred from the API index
	// Follow is the release the forms and the create call follow: Release, with the newest
	// patch level known when it was inferred (the index tells 3.0 from 4.0, not 3.0.10 from
	// 3.0.33).
	Follow      bbb.Release
	Checksum    string    // the algorithm the client signs with ("auto" until detected)
	Detected    bool      // Checksum was found by auto-detection
	CheckedAt   time.Time // when the server was last asked; zero: never
	Unavailable map[string]bool
}

// Lacks reports whether the server refused a feature (Feature* constants).
func (i ServerInfo) Lacks(feature string) bool { return i.Unavailable[feature] }

// Lacking lists the unavailable features in a fixed order.
func (i ServerInfo) Lacking() []string {
	var out []string
	for _, f := range []string{FeatureChat, FeatureHooks, FeatureRecordings, FeatureMeetingsList} {
		if i.Unavailable[f] {
			out = append(out, f)
		}
	}
	return out
}

// ServerProbe is what asking the server about itself needs (*bbb.Client has it).
type ServerProbe interface {
	Version(ctx context.Context) (*bbb.Version, error)
	SendChatMessage(ctx context.Context, meetingID, message, userName string) error
	ListHooks(ctx context.Context, meetingID string) ([]bbb.Hook, error)
	GetRecordings(ctx context.Context, q bbb.RecordingsQuery) (*bbb.RecordingList, error)
	ChosenChecksum() (alg bbb.Algorithm, detected bool)
}

const (
	serverRecheck  = 10 * time.Minute // a server may be upgraded while the portal runs
	serverRetry    = 30 * time.Second // after a check that could not reach the server
	probeTimeout   = 5 * time.Second
	probeMeetingID = "bbbportal-capability-probe" // no such meeting: the probes change nothing
)

// serverState keeps ServerInfo; the probes run one at a time.
type serverState struct {
	probing sync.Mutex
	mu      sync.Mutex
	info    ServerInfo
	tried   time.Time // last check, reached or not
	checked time.Time // last check that reached the server
	said    map[string]bool
}

func (s *Service) initServer() {
	s.server = &serverState{info: ServerInfo{Unavailable: map[string]bool{}}, said: map[string]bool{}}
	s.Live.fallback = &listFallback{svc: s, infos: map[string]cachedInfo{}}
}

// Server returns what is known about the BBB server (a page that depends on it calls this).
// The first call asks the server (again after serverRetry while it cannot be reached); an
// answer older than serverRecheck is renewed in the background.
func (s *Service) Server(ctx context.Context) ServerInfo {
	st := s.server
	st.mu.Lock()
	since := time.Since(st.tried)
	first := st.info.CheckedAt.IsZero() && (st.tried.IsZero() || since > serverRetry)
	old := !st.info.CheckedAt.IsZero() && since > serverRecheck
	if old {
		st.tried = time.Now() // one renewal at a time
	}
	st.mu.Unlock()
	switch {
	case first:
		s.RefreshServer(ctx)
	case old:
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.RefreshServer(s.ctx)
		}()
	}
	return s.ServerKnown()
}

// ServerKnown returns what is known without asking the server (for /healthz and jobs).
func (s *Service) ServerKnown() ServerInfo {
	st := s.server
	st.mu.Lock()
	defer st.mu.Unlock()
	info := st.info
	info.Unavailable = make(map[string]bool, len(st.info.Unavailable))
	for k, v := range st.info.Unavailable {
		info.Unavailable[k] = v
	}
	if p, ok := s.bbb.(ServerProbe); ok {
		alg, detected := p.ChosenChecksum()
		info.Checksum, info.Detected = string(alg), detected
	}
	return info
}

// RefreshServer asks the server for its version and which optional calls it offers: the
// version index, then sendChatMessage, hooks/list and getRecordings about a meeting that
// does not exist. A refusal of the kind load balancers give marks the feature unavailable;
// a server that cannot be reached leaves what was known.
func (s *Service) RefreshServer(ctx context.Context) {
	probe, ok := s.bbb.(ServerProbe)
	if !ok {
		return
	}
	st := s.server
	asked := time.Now()
	st.probing.Lock()
	defer st.probing.Unlock()
	st.mu.Lock()
	if !st.info.CheckedAt.IsZero() && st.checked.After(asked) {
		st.mu.Unlock()
		return // answered while this call waited
	}
	st.tried = time.Now()
	st.mu.Unlock()

	call := func(f func(context.Context) error) error {
		c, cancel := context.WithTimeout(context.WithoutCancel(ctx), probeTimeout)
		defer cancel()
		return f(c)
	}
	var release bbb.Release
	exact := false
	err := call(func(c context.Context) error {
		v, err := probe.Version(c)
		if err == nil {
			release, exact = v.Release()
		}
		return err
	})
	if bbb.IsUnreachable(err) {
		return // the other calls would wait for the same timeouts
	}
	results := map[string]error{
		FeatureChat: call(func(c context.Context) error {
			return probe.SendChatMessage(c, probeMeetingID, "-", "bbbportal")
		}),
		FeatureHooks: call(func(c context.Context) error { _, err := probe.ListHooks(c, probeMeetingID); return err }),
		FeatureRecordings: call(func(c context.Context) error {
			_, err := probe.GetRecordings(c, bbb.RecordingsQuery{Meta: map[string]string{"bbbportal-probe": probeMeetingID}})
			return err
		}),
	}
	st.mu.Lock()
	st.info.Release, st.info.ReleaseExact, st.info.CheckedAt = release, exact, s.now()
	st.checked = time.Now()
	st.info.Follow = release
	if !exact {
		st.info.Follow = latestPatch(release)
	}
	st.mu.Unlock()
	for feature, err := range results {
		if bbb.IsUnreachable(err) {
			continue
		}
		unavailable := bbb.IsUnsupported(err)
		if feature == FeatureRecordings {
			unavailable = RecordingsNeedFilter(err)
		}
		s.setUnavailable(feature, unavailable)
	}
}

// latestPatch is the newest patch level of r's major.minor that the option catalogue knows
// of: a server whose index names only its minor release is offered everything of it.
func latestPatch(r bbb.Release) bbb.Release {
	out := r
	see := func(since bbb.Release) {
		if since.Major == r.Major && since.Minor == r.Minor && since.Patch > out.Patch {
			out.Patch = since.Patch
		}
	}
	for i := range createopts.All {
		o := &createopts.All[i]
		see(o.SinceRelease())
		for _, c := range o.Choices {
			see(o.ChoiceSince(c))
		}
	}
	return out
}

// RecordingsNeedFilter reports whether a getRecordings answer means the server lists
// recordings only per meeting or record ID (Scalelite's GET_RECORDINGS_API_FILTERED).
func RecordingsNeedFilter(err error) bool { return bbb.IsKey(err, bbb.KeyMissingParameters) }

// NoteRefused records that a call was refused the way a server without the feature refuses
// it; it reports whether err was such a refusal. The first time, it says so in the log.
func (s *Service) NoteRefused(feature string, err error) bool {
	unsupported := bbb.IsUnsupported(err)
	if feature == FeatureRecordings {
		unsupported = RecordingsNeedFilter(err)
	}
	if unsupported {
		s.setUnavailable(feature, true)
	}
	return unsupported
}

// setUnavailable marks a feature; a newly missing one is logged once per run of the portal.
func (s *Service) setUnavailable(feature string, unavailable bool) {
	st := s.server
	st.mu.Lock()
	was := st.info.Unavailable[feature]
	st.info.Unavailable[feature] = unavailable
	first := unavailable && !was && !st.said[feature]
	if first {
		st.said[feature] = true
	}
	st.mu.Unlock()
	if first {
		s.log.Warn(unavailableLog[feature])
	}
}

var unavailableLog = map[string]string{
	FeatureChat:         "the BBB server does not offer sendChatMessage: the end warning in the chat is not available on this server",
	FeatureHooks:        "the BBB server does not offer webhooks (hooks/*): meeting events are not pushed, the portal polls",
	FeatureRecordings:   "the BBB server lists recordings only per meeting: recordings are listed room by room",
	FeatureMeetingsList: "the BBB server's getMeetings does not list running meetings: the portal asks for its own rooms one by one; meetings started elsewhere cannot be listed",
}

// forServer adapts a room's effective options to the server's release: options it does not
// read are left out and a layout it removed becomes its default (createopts.ForRelease).
func (s *Service) forServer(values createopts.Values) createopts.Values {
	sent, _ := createopts.ForRelease(values, s.Server(s.ctx).Follow)
	return sent
}
