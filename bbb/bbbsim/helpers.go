package bbbsim

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Errors returned by the test helpers.
var (
	ErrNoMeeting      = errors.New("bbbsim: no such meeting")
	ErrNoUser         = errors.New("bbbsim: no such user in the meeting")
	ErrMeetingEnded   = errors.New("bbbsim: the meeting has ended")
	ErrGuestWaiting   = errors.New("bbbsim: the guest is waiting for a moderator's approval")
	ErrGuestDenied    = errors.New("bbbsim: the guest was denied")
	ErrMeetingFull    = errors.New("bbbsim: the meeting has reached its maximum number of participants")
	ErrNotRecordable  = errors.New("bbbsim: the meeting was not created with record=true")
	ErrNoManualClock  = errors.New("bbbsim: the simulator does not run on a manual clock")
	ErrInvalidRequest = errors.New("bbbsim: invalid request")
)

// UserInfo describes a user who called join.
type UserInfo struct {
	UserID         string // external userID (the generated internal ID when none was given)
	InternalUserID string
	FullName       string
	Role           string // MODERATOR or VIEWER
	GuestStatus    string // ALLOW, WAIT or DENY
	Entered        bool   // the user is in the meeting now
	SessionToken   string
	Query          url.Values // the join parameters as received, without checksum
}

// MeetingInfo is a snapshot of a live meeting.
type MeetingInfo struct {
	MeetingID, InternalMeetingID, Name string
	CreateTime                         int64
	Running                            bool
	Record                             bool // create's record parameter
	MuteOnStart                        bool // create's muteOnStart, or the version's default (3.0 true, 2.7 false)
	RecordingMarks                     bool // someone started recording (or autoStartRecording)
	EndRequested                       bool // end was called; the meeting ends after the end delay
	Metadata                           map[string]string
	Users                              []UserInfo // everyone who joined, in join order
	Chat                               []string   // "sender: text"
	Documents                          []string
	BreakoutRooms                      []string // external IDs
	Layout                             string   // the meetingLayout in effect (the release's default for one it does not accept)
	DisabledFeatures                   []string // after disabledFeaturesExclude, without names the release dropped
	IgnoredParams                      []string // create parameters the release does not read
}

// Meeting returns a snapshot of the live meeting with this external ID.
func (s *Server) Meeting(meetingID string) (MeetingInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.meetingByExt(meetingID)
	if m == nil {
		return MeetingInfo{}, false
	}
	info := MeetingInfo{
		MeetingID: m.extID, InternalMeetingID: m.intID, Name: m.name, CreateTime: m.createTime,
		Running: len(m.attendees) > 0, Record: m.record, MuteOnStart: m.muteOnStart, RecordingMarks: m.marks, EndRequested: m.endTimer != nil,
		Metadata: m.meta.toMap(), Documents: append([]string(nil), m.documents...),
		Layout: m.layout, DisabledFeatures: append([]string(nil), m.disabledFeatures...),
		IgnoredParams: append([]string(nil), m.ignoredParams...),
	}
	for _, sess := range s.sessionsOf(m) {
		info.Users = append(info.Users, userInfo(sess))
	}
	for _, c := range m.chat {
		info.Chat = append(info.Chat, c.From+": "+c.Text)
	}
	for _, id := range m.breakouts {
		if b := s.meetings[id]; b != nil {
			info.BreakoutRooms = append(info.BreakoutRooms, b.extID)
		}
	}
	return info, true
}

func userInfo(sess *session) UserInfo {
	return UserInfo{
		UserID: sess.extUserID, InternalUserID: sess.userID, FullName: sess.fullName, Role: sess.role,
		GuestStatus: sess.guestStatus, Entered: sess.entered && !sess.left, SessionToken: sess.token, Query: sess.query,
	}
}

// sessionsOf lists a meeting's sessions in join order; called with s.mu held.
func (s *Server) sessionsOf(m *meeting) []*session {
	var list []*session
	for _, sess := range s.sessions {
		if sess.meeting == m {
			list = append(list, sess)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].seq < list[j].seq })
	return list
}

// nextSessionSeq numbers sessions in join order; called with s.mu held.
func (s *Server) nextSessionSeq() int {
	s.sessionSeq++
	return s.sessionSeq
}

// latestSession finds the most recent session of an external user in a meeting; called with s.mu held.
func (s *Server) latestSession(meetingID, userID string) (*session, error) {
	m := s.meetingByExt(meetingID)
	if m == nil {
		return nil, ErrNoMeeting
	}
	var found *session
	for _, sess := range s.sessionsOf(m) {
		if sess.extUserID == userID {
			found = sess
		}
	}
	if found == nil {
		return nil, ErrNoUser
	}
	return found, nil
}

// LastCreateQuery returns the parameters of the last create call for meetingID (without the
// checksum), whether or not it made a new meeting; nil if none was received.
func (s *Server) LastCreateQuery(meetingID string) url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastCreate[meetingID].query
}

// LastCreateBody returns the XML body (<modules>) of the last create call for meetingID.
func (s *Server) LastCreateBody(meetingID string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastCreate[meetingID].body
}

// AddUser joins a user and makes them enter at once, without a browser. role is MODERATOR or
// VIEWER; it returns the user's ID.
func (s *Server) AddUser(meetingID, fullName, role string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.meetingByExt(meetingID)
	if m == nil {
		return "", ErrNoMeeting
	}
	role = strings.ToUpper(role)
	if role != roleModerator {
		role = roleViewer
	}
	id := "w_" + s.randString(lowerAlnum, 12)
	sess := &session{
		seq: s.nextSessionSeq(), token: s.randString(lowerAlnum, 16), authToken: s.randString(lowerAlnum, 12),
		userID: id, extUserID: id, fullName: fullName, role: role, guestStatus: guestAllow,
		meeting: m, joinedAt: s.clock.Now(), customdata: &orderedMap{}, query: url.Values{},
	}
	s.sessions[sess.token] = sess
	return id, s.enter(sess)
}

// EnterUser makes the user who last joined with this userID enter the meeting, as opening the
// join URL in a browser would.
func (s *Server) EnterUser(meetingID, userID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, err := s.latestSession(meetingID, userID)
	if err != nil {
		return err
	}
	return s.enter(sess)
}

// EnterSession makes the user behind a join's session token enter the meeting.
func (s *Server) EnterSession(sessionToken string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := s.sessions[sessionToken]
	if sess == nil {
		return ErrNoUser
	}
	return s.enter(sess)
}

// RemoveUser makes a user leave the meeting.
func (s *Server) RemoveUser(meetingID, userID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, err := s.latestSession(meetingID, userID)
	if err != nil {
		return err
	}
	if !sess.entered || sess.left {
		return ErrNoUser
	}
	s.leave(sess)
	return nil
}

// ApproveGuest lets a waiting guest in (they still have to enter).
func (s *Server) ApproveGuest(meetingID, userID string) error {
	return s.decideGuest(meetingID, userID, guestAllow)
}

// DenyGuest turns a waiting guest away.
func (s *Server) DenyGuest(meetingID, userID string) error {
	return s.decideGuest(meetingID, userID, guestDeny)
}

func (s *Server) decideGuest(meetingID, userID, status string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, err := s.latestSession(meetingID, userID)
	if err != nil {
		return err
	}
	if sess.guestStatus != guestWait {
		return ErrNoUser
	}
	sess.guestStatus = status
	if status == guestAllow && s.opts.AutoEnter {
		return s.enter(sess)
	}
	return nil
}

// StartRecording sets a recording mark, as a moderator pressing "Start recording" does.
func (s *Server) StartRecording(meetingID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.meetingByExt(meetingID)
	if m == nil {
		return ErrNoMeeting
	}
	if !m.record {
		return ErrNotRecordable
	}
	if !m.marks {
		s.markRecording(m)
	}
	return nil
}

// CreateBreakoutRooms opens n breakout rooms in a meeting, as a moderator in the client does,
// and returns their external meeting IDs.
func (s *Server) CreateBreakoutRooms(meetingID string, n int) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.meetingByExt(meetingID)
	if m == nil {
		return nil, ErrNoMeeting
	}
	if n < 1 || n > 16 {
		return nil, ErrInvalidRequest
	}
	return s.createBreakouts(m, n), nil
}

// RecordingInfo is a snapshot of a recording.
type RecordingInfo struct {
	RecordID, MeetingID, Name, State string
	Formats                          []string // published playback formats
	Metadata                         map[string]string
}

// Recording returns a snapshot of a recording by its record ID.
func (s *Server) Recording(recordID string) (RecordingInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.recordings[recordID]
	if r == nil {
		return RecordingInfo{}, false
	}
	info := RecordingInfo{RecordID: r.recordID, MeetingID: r.meetingID, Name: r.name, State: r.state, Metadata: r.meta.toMap()}
	for _, f := range r.formats {
		info.Formats = append(info.Formats, f.typ)
	}
	return info, true
}

// SeedOptions shape the recordings SeedRecordings makes. The zero value is usable.
type SeedOptions struct {
	// MeetingIDs are the external meeting IDs the recordings belong to, in turn; nil means
	// 100 rooms "seed-room-000" … "seed-room-099".
	MeetingIDs []string
	// Meta is added to every recording's metadata (e.g. "bbb-origin": "bbbportal").
	Meta map[string]string
	// BaseURL is scheme://host of playback links; "" means http://localhost.
	BaseURL string
	// End is when the newest recording ended; zero means the clock's now. Recordings are
	// spread over the hours before it, one per hour.
	End time.Time
}

var seedStates = []string{statePublished, statePublished, statePublished, statePublished, stateUnpublished,
	stateProcessing, stateProcessed, stateDeleted}

// SeedRecordings adds n finished recordings at once, without running meetings, for benchmarks
// and tests of long lists: mostly published, some unpublished, processing, processed and
// deleted; formats presentation (with preview images), video, podcast and one the portal does
// not know ("capture"); varied lengths, sizes and participants; metadata with a course name.
// It returns their record IDs, oldest first.
func (s *Server) SeedRecordings(n int, o SeedOptions) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	rooms := o.MeetingIDs
	if len(rooms) == 0 {
		for i := range 100 {
			rooms = append(rooms, fmt.Sprintf("seed-room-%03d", i))
		}
	}
	end := o.End
	if end.IsZero() {
		end = s.clock.Now()
	}
	base := strings.TrimSuffix(o.BaseURL, "/")
	if base == "" {
		base = "http://localhost"
	}
	ids := make([]string, 0, n)
	for i := range n {
		room := rooms[i%len(rooms)]
		minutes := int64(5 + s.rng.IntN(115))
		stop := end.Add(-time.Duration(n-i) * time.Hour).UnixMilli()
		startMs := stop - minutes*60000
		r := &recording{
			recordID:     sha1hex(room) + "-" + strconv.FormatInt(startMs, 10),
			meetingID:    room,
			name:         fmt.Sprintf("Lesson %d of %s", i/len(rooms)+1, room),
			state:        seedStates[s.rng.IntN(len(seedStates))],
			startTime:    startMs,
			endTime:      stop,
			participants: 1 + s.rng.IntN(40),
			meta:         &orderedMap{},
			base:         base,
			trackFiles:   map[string][]byte{},
		}
		r.rawSize = 1_000_000 + (stop-startMs)*50
		r.meta.set("course", fmt.Sprintf("Course %d", i%37))
		for k, v := range o.Meta {
			r.meta.set(strings.ToLower(k), v)
		}
		if r.state != stateProcessing && r.state != stateProcessed {
			r.formats = s.seedFormats(r, minutes)
		}
		if _, dup := s.recordings[r.recordID]; dup {
			continue
		}
		s.recordings[r.recordID] = r
		s.recordingOrder = append(s.recordingOrder, r.recordID)
		ids = append(ids, r.recordID)
	}
	return ids
}

// seedFormats picks one to four playback formats for a seeded recording; called with s.mu held.
func (s *Server) seedFormats(r *recording, minutes int64) []playbackFormat {
	all := []string{"presentation", "video", "podcast", "capture"}
	count := 1 + s.rng.IntN(len(all))
	var out []playbackFormat
	for _, typ := range all[:count] {
		f := playbackFormat{typ: typ, length: minutes, processingTime: int64(1000 + s.rng.IntN(60000)),
			size: int64(100_000 + s.rng.IntN(50_000_000))}
		switch typ {
		case "presentation":
			f.url = r.base + "/bigbluebutton/sim/playback/presentation/2.3/" + r.recordID
			for j := range 1 + s.rng.IntN(3) {
				f.previews = append(f.previews, fmt.Sprintf("%s/bigbluebutton/sim/presentation/%s/presentation/%s/thumbnails/thumb-%d.png",
					r.base, r.recordID, sha1hex(r.recordID), j+1))
			}
		case "video":
			f.url = r.base + "/bigbluebutton/sim/playback/video/" + r.recordID + "/"
		default:
			f.url = r.base + "/bigbluebutton/sim/playback/" + typ + "/" + r.recordID + "/"
		}
		out = append(out, f)
	}
	return out
}
