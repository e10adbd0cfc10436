package bbbsim

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

type meeting struct {
	extID, intID, name      string
	createTime              int64
	attendeePW, moderatorPW string
	voiceBridge, dialNumber string
	duration, maxUsers      int
	record                  bool
	autoStartRecording      bool
	allowStartStopRecording bool
	recordFullDurationMedia bool
	breakoutRoomsRecord     bool
	meta                    *orderedMap
	guestPolicy             string
	logoutURL               string
	meetingEndedURL         string
	base                    string
	disabledFeatures        []string
	layout                  string   // the meetingLayout in effect
	ignoredParams           []string // create parameters this release does not read
	expireNoJoinMinutes     int
	expireLastLeftMinutes   int
	endWhenNoModerator      bool
	endWhenNoModeratorDelay int
	muteOnStart             bool

	attendees     []*session
	everUsers     map[string]bool
	maxConcurrent int
	hasUserJoined bool
	startTime     int64
	endTime       int64
	marks         bool
	finished      bool
	chat          []chatMessage
	documents     []string

	isBreakout  bool
	parentIntID string
	sequence    int
	freeJoin    bool
	breakouts   []string // internal IDs of its breakout rooms

	endTimer, expiryTimer, durationTimer, lastLeftTimer, noModeratorTimer Timer
}

type chatMessage struct{ From, Text string }

type session struct {
	token, authToken string
	seq              int    // join order
	userID           string // internal w_… id
	extUserID        string
	fullName, role   string
	guestStatus      string
	meeting          *meeting
	entered, left    bool
	joinedAt         time.Time
	customdata       *orderedMap
	logoutURL        string
	query            url.Values
	presenter        bool
}

const (
	roleModerator = "MODERATOR"
	roleViewer    = "VIEWER"
	guestAllow    = "ALLOW"
	guestWait     = "WAIT"
	guestDeny     = "DENY"

	// enteredUsersTimeout is how long a joined user who never enters keeps a seat.
	enteredUsersTimeout = 45 * time.Second
	// sessionRetention is how long the sessions of an ended meeting are kept.
	sessionRetention = time.Hour
)

func sha1hex(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// meetingByExt finds the live meeting for an external meeting ID; called with s.mu held.
func (s *Server) meetingByExt(extID string) *meeting {
	prefix := sha1hex(extID) + "-"
	for id, m := range s.meetings {
		if strings.HasPrefix(id, prefix) {
			return m
		}
	}
	return nil
}

func javaDate(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("Mon Jan 02 15:04:05 MST 2006")
}

func intParam(p *params, key string, def int) int {
	v, err := strconv.Atoi(p.get(key))
	if err != nil {
		return def
	}
	return v
}

func isBoolLike(v string) bool {
	switch strings.ToLower(v) {
	case "true", "false", "0", "1":
		return true
	}
	return false
}

// validateCreate returns the first violation of create's constraints.
func validateCreate(p *params) (key, message string) {
	id := p.get("meetingID")
	name := p.get("name")
	switch {
	case id == "":
		return "missingParamMeetingID", "You must provide a meeting ID"
	case len([]rune(id)) < 2 || len([]rune(id)) > 256:
		return "sizeError", "Meeting ID must be between 2 and 256 characters"
	case strings.Contains(id, ","):
		return "validationError", "Meeting ID cannot contain ','"
	case !p.has("name"):
		return "nullError", "You must provide a meeting name"
	case name == "":
		return "emptyError", "You must provide a meeting name"
	case len([]rune(name)) < 2 || len([]rune(name)) > 256:
		return "sizeError", "Meeting name must be between 2 and 256 characters"
	}
	if vb := p.get("voiceBridge"); vb != "" {
		if _, err := strconv.Atoi(vb); err != nil {
			return "validationError", "Voice bridge must be an integral value"
		}
	}
	if p.has("record") && !isBoolLike(p.get("record")) {
		return "validationError", "Record must be a boolean value (true or false)"
	}
	if p.has("isBreakout") && !isBoolLike(p.get("isBreakout")) {
		return "validationError", "Is breakout must be a boolean value (true or false)"
	}
	if u := p.get("presentationUploadExternalUrl"); u != "" {
		if parsed, err := url.ParseRequestURI(u); err != nil || parsed.Host == "" {
			return "validationError", "Param 'presentationUploadExternalUrl' is not a valid URL"
		}
	}
	for _, pw := range []string{"attendeePW", "moderatorPW"} {
		if v := p.get(pw); v != "" && (len([]rune(v)) < 2 || len([]rune(v)) > 64) {
			return "invalidPassword", "Invalid password"
		}
	}
	return "", ""
}

func (s *Server) handleCreate(c *callCtx) {
	p := c.p
	if key, msg := validateCreate(p); key != "" {
		s.writeFailed(c.w, key, msg)
		return
	}
	extID := p.get("meetingID")
	s.lastCreate[extID] = createRecord{query: p.values(), body: c.body}

	if m := s.meetingByExt(extID); m != nil {
		// bbb-web returns the existing meeting when the request names no password, or both
		// passwords and both match; anything else (one password, a different one) is refused.
		attendeePW, moderatorPW := p.get("attendeePW"), p.get("moderatorPW")
		noneGiven := attendeePW == "" && moderatorPW == ""
		bothMatch := attendeePW == m.attendeePW && moderatorPW == m.moderatorPW
		if !noneGiven && !bothMatch {
			s.writeFailed(c.w, "idNotUnique", "A meeting already exists with that meeting ID.  Please use a different meeting ID.")
			return
		}
		writeXML(c.w, createXML(m, "duplicateWarning", "This conference was already in existence and may currently be in progress."))
		return
	}

	var parent *meeting
	if p.boolParam("isBreakout", false) {
		parentID := p.get("parentMeetingID")
		if parentID == "" {
			s.writeFailed(c.w, "parentMeetingIdMissing", "No parent meeting ID was provided for the breakout room")
			return
		}
		if parent = s.meetings[parentID]; parent == nil {
			s.writeFailed(c.w, "parentMeetingDoesNotExist", "No parent meeting exists for the breakout room")
			return
		}
	}
	voiceBridge := p.get("voiceBridge")
	if voiceBridge != "" && s.voiceBridgeInUse(voiceBridge) {
		writeXML(c.w, newTemplateXML().open("response").elem("returncode", "FAILED").
			open("errors").open("error").elem("key", "nonUniqueVoiceBridge").
			elem("message", "The selected voice bridge is already in use.").close().close().close().String())
		return
	}
	m := s.newMeeting(extID, p, c.base)
	if voiceBridge != "" {
		m.voiceBridge = voiceBridge
	}
	if parent != nil {
		s.attachBreakout(parent, m, intParam(p, "sequence", len(parent.breakouts)+1), p.boolParam("freeJoin", false))
	}
	s.startMeeting(m)
	writeXML(c.w, createXML(m, "", ""))
}

// newMeeting builds a meeting from create parameters; called with s.mu held.
func (s *Server) newMeeting(extID string, p *params, base string) *meeting {
	ct := s.nowMillis()
	if ct <= s.lastCreateTime {
		ct = s.lastCreateTime + 1
	}
	s.lastCreateTime = ct
	m := &meeting{
		extID:                   extID,
		intID:                   sha1hex(extID) + "-" + strconv.FormatInt(ct, 10),
		name:                    p.get("name"),
		createTime:              ct,
		startTime:               ct + 12,
		attendeePW:              p.get("attendeePW"),
		moderatorPW:             p.get("moderatorPW"),
		dialNumber:              p.get("dialNumber"),
		duration:                intParam(p, "duration", 0),
		maxUsers:                intParam(p, "maxParticipants", 0),
		record:                  p.boolParam("record", false),
		autoStartRecording:      p.boolParam("autoStartRecording", false),
		allowStartStopRecording: p.boolParam("allowStartStopRecording", true),
		recordFullDurationMedia: p.boolParam("recordFullDurationMedia", false),
		breakoutRoomsRecord:     p.boolParam("breakoutRoomsRecord", false),
		meta:                    p.metadata(),
		guestPolicy:             p.get("guestPolicy"),
		logoutURL:               p.get("logoutURL"),
		meetingEndedURL:         p.get("meetingEndedURL"),
		base:                    base,
		expireNoJoinMinutes:     intParam(p, "meetingExpireIfNoUserJoinedInMinutes", 5),
		expireLastLeftMinutes:   intParam(p, "meetingExpireWhenLastUserLeftInMinutes", 1),
		endWhenNoModerator:      p.boolParam("endWhenNoModerator", false),
		endWhenNoModeratorDelay: intParam(p, "endWhenNoModeratorDelayInMinutes", 1),
		muteOnStart:             p.boolParam("muteOnStart", !s.is27()),
		everUsers:               map[string]bool{},
	}
	if m.attendeePW == "" {
		m.attendeePW = s.randString(alnum, 8)
	}
	if m.moderatorPW == "" {
		m.moderatorPW = s.randString(alnum, 8)
	}
	if m.dialNumber == "" {
		m.dialNumber = "613-555-1234"
	}
	if m.guestPolicy == "" {
		m.guestPolicy = "ALWAYS_ACCEPT"
	}
	if m.logoutURL == "" {
		m.logoutURL = base + "/"
	}
	m.disabledFeatures = s.effectiveDisabledFeatures(p)
	m.layout = s.effectiveLayout(p.get("meetingLayout"))
	m.ignoredParams = s.ignoredParams(p)
	if m.duration < 0 {
		m.duration = 0
	}
	m.voiceBridge = s.newVoiceBridge()
	return m
}

func (s *Server) voiceBridgeInUse(vb string) bool {
	for _, m := range s.meetings {
		if m.voiceBridge == vb {
			return true
		}
	}
	return false
}

func (s *Server) newVoiceBridge() string {
	for {
		vb := strconv.Itoa(70000 + s.rng.IntN(30000))
		if !s.voiceBridgeInUse(vb) {
			return vb
		}
	}
}

// startMeeting registers a new meeting and arms its expiry and duration timers; called with s.mu held.
func (s *Server) startMeeting(m *meeting) {
	s.meetings[m.intID] = m
	if m.expireNoJoinMinutes > 0 {
		m.expiryTimer = s.after(time.Duration(m.expireNoJoinMinutes)*time.Minute, func() {
			if !m.hasUserJoined {
				s.logf("meeting %q expired: nobody joined", m.extID)
				s.finishMeeting(m)
			}
		})
	}
	if m.duration > 0 && !s.opts.IgnoreDuration {
		m.durationTimer = s.after(time.Duration(m.duration)*time.Minute, func() {
			s.logf("meeting %q reached its duration", m.extID)
			s.finishMeeting(m)
		})
	}
	s.logf("meeting %q created (%s)", m.extID, m.intID)
	s.emitEvent("meeting-created", m, nil, map[string]any{
		"name": m.name, "is-breakout": m.isBreakout, "duration": m.duration,
		"create-time": m.createTime, "create-date": javaDate(m.createTime),
		"moderator-pass": m.moderatorPW, "viewer-pass": m.attendeePW, "record": m.record,
		"voice-conf": m.voiceBridge, "dial-number": m.dialNumber, "max-users": m.maxUsers,
		"metadata": m.meta.toMap(),
	})
}

func createXML(m *meeting, key, message string) string {
	parent := "bbb-none"
	if m.isBreakout {
		parent = m.parentIntID
	}
	return newTemplateXML().open("response").
		elem("returncode", "SUCCESS").
		elem("meetingID", m.extID).
		elem("internalMeetingID", m.intID).
		elem("parentMeetingID", parent).
		elem("attendeePW", m.attendeePW).
		elem("moderatorPW", m.moderatorPW).
		elem("createTime", strconv.FormatInt(m.createTime, 10)).
		elem("voiceBridge", m.voiceBridge).
		elem("dialNumber", m.dialNumber).
		elem("createDate", javaDate(m.createTime)).
		boolElem("hasUserJoined", m.hasUserJoined).
		elem("duration", strconv.Itoa(m.duration)).
		boolElem("hasBeenForciblyEnded", false).
		elem("messageKey", key).
		elem("message", message).
		close().String()
}

// activeSeats counts the distinct external user IDs holding a seat: users inside, and users who
// joined recently and may still enter.
func (s *Server) activeSeats(m *meeting) map[string]bool {
	seats := map[string]bool{}
	now := s.clock.Now()
	for _, sess := range s.sessions {
		if sess.meeting != m || sess.left || sess.guestStatus == guestDeny {
			continue
		}
		if sess.entered || now.Sub(sess.joinedAt) < enteredUsersTimeout {
			seats[sess.extUserID] = true
		}
	}
	return seats
}

func guestStatusFor(m *meeting, role string, p *params) string {
	if role == roleModerator || (p.has("guest") && !p.boolParam("guest", false)) {
		return guestAllow
	}
	guest := p.boolParam("guest", false)
	switch m.guestPolicy {
	case "ALWAYS_ACCEPT":
		return guestAllow
	case "ALWAYS_DENY":
		return guestDeny
	case "ASK_MODERATOR":
		return guestWait
	case "ALWAYS_ACCEPT_AUTH":
		if guest {
			return guestWait
		}
		return guestAllow
	}
	if guest {
		return guestDeny
	}
	return guestAllow
}

func (s *Server) handleJoin(c *callCtx) {
	p := c.p
	if p.get("fullName") == "" {
		s.joinFailed(c, "missingParamFullName", "You must provide your name")
		return
	}
	if p.get("meetingID") == "" {
		s.joinFailed(c, "missingParamMeetingID", "You must provide a meeting ID")
		return
	}
	m := s.apiMeeting(p.get("meetingID"))
	if m == nil {
		s.joinFailed(c, "invalidMeetingIdentifier", "A meeting with that ID does not exist")
		return
	}
	if ct := p.get("createTime"); ct != "" && ct != strconv.FormatInt(m.createTime, 10) {
		s.joinFailed(c, "mismatchCreateTimeParam", "The createTime parameter submitted mismatches with the current meeting.")
		return
	}
	role := strings.ToUpper(p.get("role"))
	if role != roleModerator && role != roleViewer {
		switch pw := p.get("password"); {
		case pw != "" && pw == m.moderatorPW:
			role = roleModerator
		case pw != "" && pw == m.attendeePW:
			role = roleViewer
		default:
			s.joinFailed(c, "Params required", "You must enter a valid password")
			return
		}
	}
	userID := "w_" + s.randString(lowerAlnum, 12)
	extUserID := p.get("userID")
	if extUserID == "" {
		extUserID = userID
	}
	if m.maxUsers > 0 {
		seats := s.activeSeats(m)
		if !seats[extUserID] && len(seats) >= m.maxUsers {
			s.joinFailed(c, "maxParticipantsReached", "The number of participants allowed for this meeting has been reached.")
			return
		}
	}
	status := guestStatusFor(m, role, p)
	if status == guestDeny {
		s.joinFailed(c, "guestDeniedAccess", "You have been denied access to this meeting based on the meeting's guest policy")
		return
	}
	sess := &session{
		seq:         s.nextSessionSeq(),
		token:       s.randString(lowerAlnum, 16),
		authToken:   s.randString(lowerAlnum, 12),
		userID:      userID,
		extUserID:   extUserID,
		fullName:    p.get("fullName"),
		role:        role,
		guestStatus: status,
		meeting:     m,
		joinedAt:    s.clock.Now(),
		customdata:  &orderedMap{},
		logoutURL:   p.get("logoutURL"),
		query:       p.values(),
	}
	for _, kv := range p.list {
		if key, ok := strings.CutPrefix(kv.key, "userdata-"); ok && !strings.Contains(key, "-") && key != "" {
			sess.customdata.set(key, kv.value)
		}
	}
	s.sessions[sess.token] = sess
	s.limitConcurrentAccesses(m, extUserID)
	s.logf("%s %q joined meeting %q (%s)", strings.ToLower(role), sess.fullName, m.extID, status)
	if status == guestAllow && s.opts.AutoEnter {
		s.enter(sess)
	}
	clientURL := c.base + "/bigbluebutton/sim/client?sessionToken=" + sess.token
	if !p.has("redirect") || p.boolParam("redirect", true) || s.b3scale() {
		c.w.Header().Set("Cache-Control", "no-store")
		c.w.Header().Set("Location", clientURL)
		c.w.WriteHeader(http.StatusFound)
		return
	}
	key, msg := "successfullyJoined", "You have joined successfully."
	if status == guestWait {
		key, msg = "guestWait", "Guest waiting for approval to join meeting."
	}
	writeXML(c.w, newTemplateXML().open("response").
		elem("returncode", "SUCCESS").
		elem("messageKey", key).
		elem("message", msg).
		elem("meeting_id", m.intID).
		elem("user_id", sess.userID).
		elem("auth_token", sess.authToken).
		elem("session_token", sess.token).
		elem("guestStatus", status).
		elem("url", clientURL).
		close().String())
}

// enter makes a joined user an attendee, as the HTML5 client does when it connects; called with s.mu held.
func (s *Server) enter(sess *session) error {
	m := sess.meeting
	switch {
	case m.finished:
		return ErrMeetingEnded
	case sess.guestStatus == guestWait:
		return ErrGuestWaiting
	case sess.guestStatus == guestDeny:
		return ErrGuestDenied
	case sess.entered && !sess.left:
		return nil
	case m.maxUsers > 0 && !m.hasAttendee(sess.extUserID) && len(m.attendees) >= m.maxUsers:
		// Seats are checked again when the client connects: a user whose join was allowed
		// but who comes after the meeting filled up is turned away here.
		return ErrMeetingFull
	}
	for _, other := range m.attendees { // the same external user reconnecting replaces the old session
		if other.extUserID == sess.extUserID {
			s.leave(other)
		}
	}
	sess.entered, sess.left = true, false
	if sess.role == roleModerator && !m.hasPresenter() {
		sess.presenter = true
	}
	m.attendees = append(m.attendees, sess)
	m.hasUserJoined = true
	m.endTime = 0
	m.everUsers[sess.extUserID] = true
	if len(m.attendees) > m.maxConcurrent {
		m.maxConcurrent = len(m.attendees)
	}
	s.stopTimer(m.expiryTimer)
	s.stopTimer(m.lastLeftTimer)
	s.watchModerators(m)
	if m.record && m.autoStartRecording && !m.marks {
		s.markRecording(m)
	}
	s.logf("%q entered meeting %q", sess.fullName, m.extID)
	s.emitEvent("user-joined", m, sess, nil)
	return nil
}

// watchModerators keeps the endWhenNoModerator timer in step with the room: it runs while users
// are in the meeting and none of them is a moderator (the last one left, or none has come yet),
// and stops when a moderator is back or the room is empty (the last-user-left expiry applies
// then). Breakout rooms are exempt, as in akka-apps. Called with s.mu held.
func (s *Server) watchModerators(m *meeting) {
	if !m.endWhenNoModerator || m.isBreakout || m.finished {
		return
	}
	if len(m.attendees) == 0 || m.moderatorCount() > 0 {
		s.stopTimer(m.noModeratorTimer)
		m.noModeratorTimer = nil
		return
	}
	if m.noModeratorTimer != nil {
		return
	}
	m.noModeratorTimer = s.after(time.Duration(m.endWhenNoModeratorDelay)*time.Minute, func() {
		m.noModeratorTimer = nil
		if len(m.attendees) > 0 && m.moderatorCount() == 0 {
			s.logf("meeting %q ended: no moderator", m.extID)
			s.finishMeeting(m)
		}
	})
}

// limitConcurrentAccesses invalidates the oldest sessions of extUserID in m beyond
// MaxUserConcurrentAccesses, as bbb-web does on join; called with s.mu held.
func (s *Server) limitConcurrentAccesses(m *meeting, extUserID string) {
	limit := s.opts.MaxUserConcurrentAccesses
	if limit < 0 {
		return
	}
	var same []*session
	for _, sess := range s.sessionsOf(m) {
		if sess.extUserID == extUserID {
			same = append(same, sess)
		}
	}
	for _, old := range same[:max(0, len(same)-limit)] {
		s.leave(old)
		delete(s.sessions, old.token)
		s.logf("%q: oldest session of user %q in meeting %q invalidated", old.fullName, extUserID, m.extID)
	}
}

func (m *meeting) hasAttendee(extUserID string) bool {
	for _, a := range m.attendees {
		if a.extUserID == extUserID {
			return true
		}
	}
	return false
}

func (m *meeting) hasPresenter() bool {
	for _, a := range m.attendees {
		if a.presenter {
			return true
		}
	}
	return false
}

func (m *meeting) moderatorCount() int {
	n := 0
	for _, a := range m.attendees {
		if a.role == roleModerator {
			n++
		}
	}
	return n
}

// leave takes an attendee out of the meeting; called with s.mu held.
func (s *Server) leave(sess *session) {
	m := sess.meeting
	if !sess.entered || sess.left {
		return
	}
	sess.left = true
	sess.presenter = false
	for i, a := range m.attendees {
		if a == sess {
			m.attendees = append(m.attendees[:i], m.attendees[i+1:]...)
			break
		}
	}
	s.logf("%q left meeting %q", sess.fullName, m.extID)
	s.emitEvent("user-left", m, sess, nil)
	if m.finished {
		return
	}
	if len(m.attendees) == 0 {
		m.endTime = s.nowMillis()
		if m.expireLastLeftMinutes > 0 {
			m.lastLeftTimer = s.after(time.Duration(m.expireLastLeftMinutes)*time.Minute, func() {
				if len(m.attendees) == 0 {
					s.logf("meeting %q ended: the last user left", m.extID)
					s.finishMeeting(m)
				}
			})
		}
	}
	s.watchModerators(m)
}

func (s *Server) markRecording(m *meeting) {
	m.marks = true
	s.emitEvent("meeting-recording-started", m, nil, nil)
}

func (s *Server) handleEnd(c *callCtx) {
	extID := c.p.get("meetingID")
	if extID == "" {
		s.writeFailed(c.w, "missingParamMeetingID", "You must provide a meeting ID")
		return
	}
	m := s.apiMeeting(extID)
	if m == nil {
		s.writeFailed(c.w, "notFound", "A meeting with that ID does not exist")
		return
	}
	if m.endTimer == nil {
		m.endTimer = s.after(delayOr(s.opts.EndDelay, defaultEndDelay), func() { s.finishMeeting(m) })
	}
	writeXML(c.w, newTemplateXML().open("response").
		elem("returncode", "SUCCESS").
		elem("messageKey", "sentEndMeetingRequest").
		elem("message", "A request to end the meeting was sent.  Please wait a few seconds, and then use the getMeetingInfo or isMeetingRunning API calls to verify that it was ended.").
		close().String())
}

// finishMeeting ends a meeting for good: users are ejected, callbacks fire, the recording is
// queued and the meeting is forgotten; called with s.mu held.
func (s *Server) finishMeeting(m *meeting) {
	if m.finished {
		return
	}
	for _, t := range []Timer{m.endTimer, m.expiryTimer, m.durationTimer, m.lastLeftTimer, m.noModeratorTimer} {
		s.stopTimer(t)
	}
	for _, a := range append([]*session(nil), m.attendees...) {
		s.leave(a)
	}
	m.finished = true
	m.endTime = s.nowMillis()
	delete(s.meetings, m.intID)
	for _, id := range m.breakouts {
		if b := s.meetings[id]; b != nil {
			s.finishMeeting(b)
		}
	}
	s.logf("meeting %q ended", m.extID)
	s.emitEvent("meeting-ended", m, nil, nil)
	if !m.isBreakout {
		if u, ok := m.meta.get("endcallbackurl"); ok && u != "" {
			s.sendEndCallback(addQuery(u, "recordingmarks", strconv.FormatBool(m.marks), "meetingID", m.extID), 0)
		}
		if m.meetingEndedURL != "" {
			s.sendEndCallback(m.meetingEndedURL, 0)
		}
	}
	if m.record && (m.marks || m.recordFullDurationMedia) {
		s.startRecording(m)
	}
	// Its users' client pages say "ended" for a while; then the sessions are forgotten.
	s.after(sessionRetention, func() {
		for token, sess := range s.sessions {
			if sess.meeting == m {
				delete(s.sessions, token)
			}
		}
	})
}

// addQuery appends parameters to a URL, re-serialising its query as the server's URIBuilder does.
func addQuery(raw string, kv ...string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		q.Add(kv[i], kv[i+1])
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func (s *Server) handleIsMeetingRunning(c *callCtx) {
	extID := c.p.get("meetingID")
	if extID == "" {
		s.writeFailed(c.w, "missingParamMeetingID", "You must provide a meeting ID")
		return
	}
	m := s.apiMeeting(extID)
	writeXML(c.w, newTemplateXML().open("response").
		elem("returncode", "SUCCESS").
		boolElem("running", m != nil && len(m.attendees) > 0).
		close().String())
}

func (s *Server) handleGetMeetingInfo(c *callCtx) {
	extID := c.p.get("meetingID")
	if extID == "" {
		s.writeFailed(c.w, "missingParamMeetingID", "You must provide a meeting ID")
		return
	}
	m := s.apiMeeting(extID)
	if m == nil {
		s.writeFailed(c.w, "notFound", "A meeting with that ID does not exist")
		return
	}
	x := newTemplateXML().open("response").elem("returncode", "SUCCESS")
	s.writeMeeting(x, m)
	writeXML(c.w, x.close().String())
}

func (s *Server) handleGetMeetings(c *callCtx) {
	list := s.sortedMeetings()
	if s.scalelite() {
		list = nil // GET_MEETINGS_API_DISABLED: every server looks empty
	}
	x := newTemplateXML().open("response").elem("returncode", "SUCCESS")
	if len(list) == 0 {
		x.raw("<meetings/>").elem("messageKey", "noMeetings").elem("message", "no meetings were found on this server")
	} else {
		x.open("meetings")
		for _, m := range list {
			x.open("meeting")
			s.writeMeeting(x, m)
			x.close()
		}
		x.close()
	}
	writeXML(c.w, x.close().String())
}

func (s *Server) sortedMeetings() []*meeting {
	list := make([]*meeting, 0, len(s.meetings))
	for _, m := range s.meetings {
		list = append(list, m)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].createTime < list[j].createTime })
	return list
}

// writeMeeting writes the children shared by getMeetingInfo and getMeetings' <meeting>.
func (s *Server) writeMeeting(x *xmlWriter, m *meeting) {
	x.elem("meetingName", m.name).
		elem("meetingID", m.extID).
		elem("internalMeetingID", m.intID).
		elem("createTime", strconv.FormatInt(m.createTime, 10)).
		elem("createDate", javaDate(m.createTime)).
		elem("voiceBridge", m.voiceBridge).
		elem("dialNumber", m.dialNumber).
		elem("attendeePW", m.attendeePW).
		elem("moderatorPW", m.moderatorPW).
		boolElem("running", len(m.attendees) > 0).
		elem("duration", strconv.Itoa(m.duration)).
		boolElem("hasUserJoined", m.hasUserJoined).
		boolElem("recording", m.record).
		boolElem("hasBeenForciblyEnded", false).
		elem("startTime", strconv.FormatInt(m.startTime, 10)).
		elem("endTime", strconv.FormatInt(m.endTime, 10)).
		elem("participantCount", strconv.Itoa(len(m.attendees))).
		elem("listenerCount", "0").
		elem("voiceParticipantCount", "0").
		elem("videoCount", "0").
		elem("maxUsers", strconv.Itoa(m.maxUsers)).
		elem("moderatorCount", strconv.Itoa(m.moderatorCount()))
	x.open("attendees")
	for _, a := range m.attendees {
		x.open("attendee").
			elem("userID", a.extUserID).
			elem("fullName", a.fullName).
			elem("role", a.role).
			boolElem("isPresenter", a.presenter).
			boolElem("isListeningOnly", false).
			boolElem("hasJoinedVoice", false).
			boolElem("hasVideo", false).
			elem("clientType", "HTML5").
			mapElem("customdata", a.customdata).
			close()
	}
	x.close()
	x.mapElem("metadata", m.meta)
	x.boolElem("isBreakout", m.isBreakout)
	if m.isBreakout {
		x.elem("parentMeetingID", m.parentIntID).
			elem("sequence", strconv.Itoa(m.sequence)).
			boolElem("freeJoin", m.freeJoin)
	}
	if len(m.breakouts) > 0 {
		x.open("breakoutRooms")
		for _, id := range m.breakouts {
			if b := s.meetings[id]; b != nil {
				x.elem("breakout", b.extID)
			}
		}
		x.close()
	}
}

func (s *Server) handleGetSessions(c *callCtx) {
	var list []*session
	for _, sess := range s.sessions {
		if !sess.meeting.finished && !sess.left && sess.guestStatus == guestAllow {
			list = append(list, sess)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].seq < list[j].seq })
	x := newTemplateXML().open("response").elem("returncode", "SUCCESS")
	if len(list) == 0 {
		x.raw("<sessions/>").elem("messageKey", "noSessions").elem("message", "no sessions were found on this serverr")
	} else {
		x.open("sessions")
		for _, sess := range list {
			x.open("meeting").elem("meetingID", sess.meeting.intID).elem("meetingName", sess.meeting.name).elem("userName", sess.fullName).close()
		}
		x.close()
	}
	writeXML(c.w, x.close().String())
}

func (s *Server) handleInsertDocument(c *callCtx) {
	extID := c.p.get("meetingID")
	if extID == "" {
		s.writeFailed(c.w, "missingParamMeetingID", "You must provide a meeting ID")
		return
	}
	m := s.meetingByExt(extID)
	if m == nil {
		s.writeFailed(c.w, "notFound", "A meeting with that ID does not exist")
		return
	}
	if contains(m.disabledFeatures, "presentation") {
		s.writeFailed(c.w, "presentationDisabled", "Presentation feature is disabled, ignoring.")
		return
	}
	m.documents = append(m.documents, documentNames(c.body)...)
	writeXML(c.w, newTemplateXML().open("response").
		elem("returncode", "SUCCESS").
		elem("messageKey", "").
		elem("message", "Presentation is being uploaded").
		close().String())
}

// documentNames lists the presentations of a <modules> body.
func documentNames(body []byte) []string {
	var mods struct {
		Modules []struct {
			Name      string `xml:"name,attr"`
			Documents []struct {
				URL      string `xml:"url,attr"`
				Filename string `xml:"filename,attr"`
				Name     string `xml:"name,attr"`
			} `xml:"document"`
		} `xml:"module"`
	}
	if xml.Unmarshal(body, &mods) != nil {
		return nil
	}
	var names []string
	for _, mod := range mods.Modules {
		if mod.Name != "presentation" {
			continue
		}
		for _, d := range mod.Documents {
			switch {
			case d.Filename != "":
				names = append(names, d.Filename)
			case d.Name != "":
				names = append(names, d.Name)
			default:
				names = append(names, d.URL)
			}
		}
	}
	return names
}

func (s *Server) handleSendChatMessage(c *callCtx) {
	extID := c.p.get("meetingID")
	if extID == "" {
		// 3.0 throws on the missing parameter (later trees answer missingParamMeetingID).
		serverErrorPage(c.w)
		return
	}
	msg := c.p.get("message")
	switch n := len([]rune(msg)); {
	case !c.p.has("message"):
		s.writeFailed(c.w, "nullError", "You must provide a message")
		return
	case n < 1 || n > 500:
		s.writeFailed(c.w, "sizeError", "Message must be between 1 and 500 characters")
		return
	}
	m := s.meetingByExt(extID)
	if m == nil || len(m.attendees) == 0 {
		// 3.0.x and later: the message needs a running meeting (PR #25507).
		s.writeFailed(c.w, "meetingNotFound", "Meeting not found or not active")
		return
	}
	from := c.p.get("userName")
	if from == "" {
		from = "System"
	}
	m.chat = append(m.chat, chatMessage{From: from, Text: msg})
	writeXML(c.w, newTemplateXML().open("response").
		elem("returncode", "SUCCESS").elem("messageKey", "").elem("message", "").close().String())
}

// attachBreakout makes b a breakout room of parent; called with s.mu held.
func (s *Server) attachBreakout(parent, b *meeting, sequence int, freeJoin bool) {
	b.isBreakout = true
	b.parentIntID = parent.intID
	b.sequence = sequence
	b.freeJoin = freeJoin
	b.record = parent.record && parent.breakoutRoomsRecord
	b.meta = parent.meta.clone()
	parent.breakouts = append(parent.breakouts, b.intID)
}

// createBreakouts creates n breakout rooms the way akka-apps does; called with s.mu held.
func (s *Server) createBreakouts(parent *meeting, n int) []string {
	var ids []string
	for i := 1; i <= n; i++ {
		seq := len(parent.breakouts) + 1
		ts := strconv.FormatInt(s.nowMillis(), 10)
		extID := sha1hex(parent.intID+"-"+ts+"-"+strconv.Itoa(seq)) + "-" + ts
		p := &params{list: []param{{"name", fmt.Sprintf("%s (Room %d)", parent.name, seq)}}}
		b := s.newMeeting(extID, p, parent.base)
		b.logoutURL = parent.logoutURL
		s.attachBreakout(parent, b, seq, false)
		s.startMeeting(b)
		ids = append(ids, extID)
	}
	return ids
}
