package bbbsim

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Profile is a kind of server to behave like (Options.Profile): a BBB release, or a load
// balancer in front of BBB 3.0 servers.
type Profile string

const (
	// ProfileBBB27 is bbb-web 2.7: no sendChatMessage (HTTP 404), <totalElements> pagination,
	// no GraphQL URLs in the index, 2.x layouts.
	ProfileBBB27 Profile = "bbb-2.7"
	// ProfileBBB30 is bbb-web 3.0 (the default).
	ProfileBBB30 Profile = "bbb-3.0"
	// ProfileBBB40 is bbb-web 4.0 (formerly 3.1): UNIFIED_LAYOUT and four more layouts, the
	// 2.x layouts fall back to the default, "layouts" is no longer a disabled feature,
	// lockSettingsDisableNote, copyright and webVoice are not read, lockSettingsPresenterPolicy,
	// requireUserConsentBeforeUnmuting and notifyRecordingAppend are.
	ProfileBBB40 Profile = "bbb-4.0"
	// ProfileScalelite is Scalelite with GET_MEETINGS_API_DISABLED and
	// GET_RECORDINGS_API_FILTERED: getMeetings answers noMeetings, getRecordings needs a
	// meetingID or recordID (missingParameters), hooks/*, sendChatMessage, text tracks and
	// getSessions are unsupportedRequest, the recording-ready callback comes from the load
	// balancer signed HS512, and its meeting records expire 24 h after create.
	ProfileScalelite Profile = "scalelite"
	// ProfileB3scale is b3scale: only SHA-1 and SHA-256 checksums, a checksum error is HTTP 500
	// with a FAILED checksumError body, the index is refused the same way (b3scale checks every
	// request), insertDocument, sendChatMessage and hooks/* are unknown resources (HTTP 500,
	// b3scale_gateway_error), and join always redirects (redirect=false is ignored).
	ProfileB3scale Profile = "b3scale"
)

// Profiles lists every profile.
func Profiles() []Profile {
	return []Profile{ProfileBBB27, ProfileBBB30, ProfileBBB40, ProfileScalelite, ProfileB3scale}
}

// ParseProfile reads a profile name as the simulator's --profile flag takes it ("" is bbb-3.0).
func ParseProfile(s string) (Profile, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return ProfileBBB30, nil
	}
	for _, p := range Profiles() {
		if string(p) == s || strings.TrimPrefix(string(p), "bbb-") == s {
			return p, nil
		}
	}
	names := make([]string, 0, 5)
	for _, p := range Profiles() {
		names = append(names, string(p))
	}
	return "", fmt.Errorf("bbbsim: unknown profile %q (want one of %s)", s, strings.Join(names, ", "))
}

// Version40 is BBB 4.0 (Options.Version).
const Version40 = "4.0"

// scaleliteMeetingTTL is Scalelite's DEFAULT_MEETING_TTL: how long it remembers a meeting.
const scaleliteMeetingTTL = 24 * time.Hour

// applyProfile sets what a profile implies and the options do not override; called from New.
func (s *Server) applyProfile() {
	if s.opts.Profile == "" {
		s.opts.Profile = ProfileBBB30
		switch {
		case strings.HasPrefix(s.opts.Version, "2."):
			s.opts.Profile = ProfileBBB27
		case strings.HasPrefix(s.opts.Version, "4."):
			s.opts.Profile = ProfileBBB40
		}
	}
	// A BBB profile names its release; a load balancer fronts the Version given (default 3.0).
	switch s.opts.Profile {
	case ProfileBBB27:
		s.opts.Version = Version27
	case ProfileBBB30:
		s.opts.Version = Version30
	case ProfileBBB40:
		s.opts.Version = Version40
	default:
		if s.opts.Version == "" {
			s.opts.Version = Version30
		}
	}
	if s.opts.Profile == ProfileB3scale && len(s.opts.AcceptedChecksums) == 0 {
		s.accepted = []string{"sha1", "sha256"}
	}
}

func (s *Server) is40() bool      { return strings.HasPrefix(s.opts.Version, "4.") }
func (s *Server) scalelite() bool { return s.opts.Profile == ProfileScalelite }
func (s *Server) b3scale() bool   { return s.opts.Profile == ProfileB3scale }

// Profile returns the profile the simulator behaves like.
func (s *Server) Profile() Profile { return s.opts.Profile }

// scaleliteUnsupported are the calls Scalelite answers with unsupportedRequest.
var scaleliteUnsupported = map[string]bool{"sendChatMessage": true, "getSessions": true,
	"getRecordingTextTracks": true, "putRecordingTextTrack": true}

// b3scaleUnknown are the calls b3scale has no handler for.
var b3scaleUnknown = map[string]bool{"insertDocument": true, "sendChatMessage": true}

// refuseByProfile answers a call the profile's server does not offer and reports whether it did.
func (s *Server) refuseByProfile(w http.ResponseWriter, call string) bool {
	hook := strings.HasPrefix(call, "hooks/")
	switch {
	case s.scalelite() && (hook || scaleliteUnsupported[call]):
		s.writeFailed(w, "unsupportedRequest", "This request is not supported.")
		return true
	case s.b3scale() && (hook || b3scaleUnknown[call]):
		resource := call[strings.LastIndex(call, "/")+1:]
		writeB3scaleFailure(w, "b3scale_gateway_error", "unknown resource: "+resource)
		return true
	}
	return false
}

// writeB3scaleFailure answers like b3scale's Echo handlers: HTTP 500, an XML prolog and a
// FAILED envelope.
func writeB3scaleFailure(w http.ResponseWriter, key, message string) {
	w.Header().Set("Content-Type", "application/xml; charset=UTF-8")
	w.WriteHeader(http.StatusInternalServerError)
	fmt.Fprintf(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<response><returncode>FAILED</returncode><message>%s</message><messageKey>%s</messageKey></response>",
		escapeXML(message), escapeXML(key))
}

// expiredOnBalancer reports whether Scalelite has forgotten the meeting (its record expired),
// so that API calls about it answer as if it did not exist; called with s.mu held.
func (s *Server) expiredOnBalancer(m *meeting) bool {
	return s.scalelite() && s.clock.Now().Sub(time.UnixMilli(m.createTime)) >= scaleliteMeetingTTL
}

// apiMeeting is meetingByExt as the API caller sees it through the profile; called with s.mu held.
func (s *Server) apiMeeting(extID string) *meeting {
	m := s.meetingByExt(extID)
	if m != nil && s.expiredOnBalancer(m) {
		return nil
	}
	return m
}

// Layouts per release (bbb-web's defaultMeetingLayout falls back for any other value).
var (
	layouts2x = []string{"CUSTOM_LAYOUT", "SMART_LAYOUT", "PRESENTATION_FOCUS", "VIDEO_FOCUS"}
	layouts30 = append(append([]string{}, layouts2x...), "CAMERAS_ONLY", "PRESENTATION_ONLY", "PARTICIPANTS_AND_CHAT_ONLY", "MEDIA_ONLY")
	layouts40 = []string{"UNIFIED_LAYOUT", "CAMERAS_ONLY", "PRESENTATION_ONLY", "PARTICIPANTS_AND_CHAT_ONLY", "MEDIA_ONLY"}
)

// effectiveLayout is the layout the meeting gets for the requested value.
func (s *Server) effectiveLayout(requested string) string {
	switch {
	case s.is40():
		if contains(layouts40, requested) {
			return requested
		}
		return "UNIFIED_LAYOUT"
	case s.is27():
		if contains(layouts2x, requested) {
			return requested
		}
	default:
		if contains(layouts30, requested) {
			return requested
		}
	}
	return "CUSTOM_LAYOUT"
}

// Create parameters that only some releases read.
var (
	params40Only   = []string{"lockSettingsPresenterPolicy", "requireUserConsentBeforeUnmuting", "notifyRecordingAppend"}
	paramsBefore40 = []string{"lockSettingsDisableNote", "copyright", "webVoice"}
	params30Only   = []string{"loginURL", "darklogo", "presentationConversionCacheEnabled", "maxNumPages",
		"multiUserWhiteboardEnabled", "pluginManifests", "pluginManifestsFetchUrl",
		"allowOverrideClientSettingsOnCreateCall", "cameraBridge", "screenShareBridge", "audioBridge",
		"clientSettingsOverrideJsonUrl", "sharedNotesEditor", "sharedNotesInitialContentJsonUrl",
		"sharedNotesInitialContentMarkdown", "sharedNotesInitialContentMarkdownUrl"}
)

// ignoredParams lists the create parameters in p that this release does not read.
func (s *Server) ignoredParams(p *params) []string {
	var out []string
	for _, kv := range p.list {
		name := kv.key
		ignored := false
		switch {
		case contains(params40Only, name):
			ignored = !s.is40()
		case contains(paramsBefore40, name):
			ignored = s.is40()
		case contains(params30Only, name), strings.HasPrefix(name, "plugin_"):
			ignored = s.is27()
		}
		if ignored && !contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// effectiveDisabledFeatures applies disabledFeaturesExclude as bbb-web does and drops the
// names this release no longer knows.
func (s *Server) effectiveDisabledFeatures(p *params) []string {
	exclude := splitList(p.get("disabledFeaturesExclude"))
	var out []string
	for _, f := range splitList(p.get("disabledFeatures")) {
		if contains(exclude, f) || (s.is40() && f == "layouts") || contains(out, f) {
			continue
		}
		out = append(out, f)
	}
	return out
}
