package bbb

import (
	"bytes"
	"errors"
	"strconv"
	"time"
	"unicode/utf8"
)

// A streaming decoder for the two large answers, getMeetings and getMeetingInfo (a busy
// server's getMeetings is megabytes). It scans the bytes once over the known element set,
// parses numbers and booleans in place and allocates only the strings it keeps, which makes
// it several times faster than encoding/xml with a small fraction of the allocations. It
// handles what BBB and its proxies emit (prolog, comments, CDATA, entities, both empty-element
// forms, unknown elements); anything else (a FAILED answer, a DOCTYPE, a foreign encoding, a
// string field with markup inside) makes it give up, and the encoding/xml decoder answers
// instead, so both always agree.

var errSlowPath = errors.New("bbb: the fast decoder cannot read this answer")

type tokKind int

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
)

type xscan struct {
	b    []byte
	i    int
	name []byte   // of the last start or end tag
	self bool     // the last start tag was <x/>: an end token follows
	text []byte   // of the last text token, entities decoded (may alias b)
	buf  []byte   // scratch for decoded text
	open [][]byte // names of the open elements, to match end tags as encoding/xml does
}

func newXScan(b []byte) (*xscan, error) {
	for _, c := range b {
		// encoding/xml turns \r\n into \n; leave such answers to it.
		if c < 0x20 && c != '\t' && c != '\n' {
			return nil, errSlowPath
		}
	}
	if !utf8.Valid(b) {
		return nil, errSlowPath
	}
	return &xscan{b: b}, nil
}

// next returns the next token. Text between tags is one token (CDATA sections and entities
// included); comments and processing instructions are skipped.
func (s *xscan) next() (tokKind, error) {
	if s.self {
		s.self = false
		s.open = s.open[:len(s.open)-1]
		return tokEnd, nil
	}
	s.buf = s.buf[:0]
	var text []byte
	multi := false
	for {
		if s.i >= len(s.b) {
			if len(text) > 0 || multi {
				return s.textTok(text, multi), nil
			}
			if len(s.open) > 0 {
				return 0, errSlowPath
			}
			return tokEOF, nil
		}
		if s.b[s.i] != '<' {
			j := bytes.IndexByte(s.b[s.i:], '<')
			if j < 0 {
				j = len(s.b) - s.i
			}
			raw := s.b[s.i : s.i+j]
			s.i += j
			if bytes.IndexByte(raw, '&') >= 0 {
				if !multi {
					s.buf = append(s.buf, text...)
					multi = true
				}
				if err := s.unescape(raw); err != nil {
					return 0, err
				}
			} else if multi {
				s.buf = append(s.buf, raw...)
			} else if text == nil {
				text = raw
			} else {
				s.buf = append(append(s.buf, text...), raw...)
				multi = true
			}
			continue
		}
		rest := s.b[s.i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			end := bytes.Index(rest, []byte("]]>"))
			if end < 0 {
				return 0, errSlowPath
			}
			if !multi {
				s.buf = append(s.buf, text...)
				multi = true
			}
			s.buf = append(s.buf, rest[9:end]...)
			s.i += end + 3
			continue
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest[4:], []byte("-->"))
			if end < 0 || bytes.Contains(rest[4:4+end], []byte("--")) || bytes.HasSuffix(rest[4:4+end], []byte("-")) {
				return 0, errSlowPath
			}
			s.i += 4 + end + 3
			continue
		case bytes.HasPrefix(rest, []byte("<?")):
			// Only the usual prolog, at the very start.
			end := bytes.Index(rest, []byte("?>"))
			if s.i != 0 || end < 0 || !prolog(rest[:end+2]) {
				return 0, errSlowPath
			}
			s.i += end + 2
			continue
		case bytes.HasPrefix(rest, []byte("<!")):
			return 0, errSlowPath // DOCTYPE and the like
		}
		if len(text) > 0 || multi {
			return s.textTok(text, multi), nil
		}
		return s.tag()
	}
}

func (s *xscan) textTok(text []byte, multi bool) tokKind {
	if multi {
		s.text = s.buf
	} else {
		s.text = text
	}
	return tokText
}

// tag reads the tag at s.i; attributes are skipped (the known elements carry none that matter).
func (s *xscan) tag() (tokKind, error) {
	rest := s.b[s.i:]
	end := bytes.IndexByte(rest, '>')
	if end < 0 {
		return 0, errSlowPath
	}
	inner := rest[1:end]
	s.i += end + 1
	if len(inner) > 0 && inner[0] == '/' {
		s.name = bytes.TrimRight(inner[1:], " \t\r\n")
		if n := len(s.open); n == 0 || !bytes.Equal(s.open[n-1], s.name) {
			return 0, errSlowPath
		}
		s.open = s.open[:len(s.open)-1]
		return tokEnd, nil
	}
	if bytes.IndexByte(inner, '"') >= 0 || bytes.IndexByte(inner, '\'') >= 0 {
		// An attribute value may contain '>'; read the tag properly.
		return 0, errSlowPath
	}
	if n := len(inner); n > 0 && inner[n-1] == '/' {
		inner = inner[:n-1]
		s.self = true
	}
	if k := bytes.IndexAny(inner, " \t\r\n"); k >= 0 {
		if len(bytes.TrimSpace(inner[k:])) > 0 {
			return 0, errSlowPath // attributes
		}
		inner = inner[:k]
	}
	if !plainName(inner) {
		return 0, errSlowPath
	}
	s.name = inner
	s.open = append(s.open, inner)
	return tokStart, nil
}

// prolog reports whether pi is an XML declaration as servers write it.
func prolog(pi []byte) bool {
	for _, p := range []string{`<?xml version="1.0" encoding="UTF-8"?>`, `<?xml version="1.0" encoding="utf-8"?>`,
		`<?xml version="1.0"?>`, `<?xml version='1.0' encoding='UTF-8'?>`, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`} {
		if string(pi) == p {
			return true
		}
	}
	return false
}

// plainName reports whether b is an XML name without a namespace prefix (non-ASCII names are
// left to encoding/xml).
func plainName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_':
		case i > 0 && ('0' <= c && c <= '9' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

func (s *xscan) unescape(raw []byte) error {
	for len(raw) > 0 {
		amp := bytes.IndexByte(raw, '&')
		if amp < 0 {
			s.buf = append(s.buf, raw...)
			return nil
		}
		s.buf = append(s.buf, raw[:amp]...)
		raw = raw[amp:]
		semi := bytes.IndexByte(raw, ';')
		if semi < 0 {
			return errSlowPath
		}
		ent := raw[1:semi]
		raw = raw[semi+1:]
		switch string(ent) {
		case "amp":
			s.buf = append(s.buf, '&')
		case "lt":
			s.buf = append(s.buf, '<')
		case "gt":
			s.buf = append(s.buf, '>')
		case "quot":
			s.buf = append(s.buf, '"')
		case "apos":
			s.buf = append(s.buf, '\'')
		default:
			if len(ent) < 2 || ent[0] != '#' {
				return errSlowPath
			}
			var n uint64
			var err error
			if ent[1] == 'x' {
				n, err = strconv.ParseUint(string(ent[2:]), 16, 32)
			} else {
				n, err = strconv.ParseUint(string(ent[1:]), 10, 32)
			}
			r := rune(n)
			if err != nil || !utf8.ValidRune(r) || (r < 0x20 && r != '\t' && r != '\n' && r != '\r') {
				return errSlowPath
			}
			s.buf = utf8.AppendRune(s.buf, r)
		}
	}
	return nil
}

// skip consumes the rest of the element whose start tag was just read.
func (s *xscan) skip() error {
	depth := 1
	for depth > 0 {
		k, err := s.next()
		if err != nil {
			return err
		}
		switch k {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		case tokEOF:
			return errSlowPath
		}
	}
	return nil
}

// leaf reads the text of a leaf element whose start tag was just read; markup inside is
// beyond the fast path.
func (s *xscan) leaf() ([]byte, error) {
	var text []byte
	for {
		k, err := s.next()
		if err != nil {
			return nil, err
		}
		switch k {
		case tokText:
			text = s.text
		case tokEnd:
			return text, nil
		default:
			return nil, errSlowPath
		}
	}
}

// str copies text into a string, reusing constants for the values that repeat on every line.
func str(b []byte) string {
	switch string(b) {
	case "":
		return ""
	case "VIEWER":
		return "VIEWER"
	case "MODERATOR":
		return "MODERATOR"
	case "HTML5":
		return "HTML5"
	case "613-555-1234":
		return "613-555-1234"
	case "bbbportal":
		return "bbbportal"
	}
	return string(b)
}

func trimSpace(b []byte) []byte { return bytes.TrimSpace(b) }

func leafInt(b []byte) (int64, error) {
	var n xmlInt
	t := trimSpace(b)
	if v, err := strconv.ParseInt(string(t), 10, 64); err == nil {
		return v, nil
	}
	if err := n.UnmarshalText(t); err != nil {
		return 0, errSlowPath
	}
	return int64(n), nil
}

func leafBool(b []byte) bool {
	return len(trimSpace(b)) == 4 && bytes.EqualFold(trimSpace(b), []byte("true"))
}

// readMap reads a free-form element (<metadata>, <customdata>) like xmlMap.
func (s *xscan) readMap() (map[string]string, error) {
	out := map[string]string{}
	for {
		k, err := s.next()
		if err != nil {
			return nil, err
		}
		switch k {
		case tokEnd:
			return out, nil
		case tokEOF:
			return nil, errSlowPath
		case tokStart:
			name := str(s.name)
			text, err := s.mapValue()
			if err != nil {
				return nil, err
			}
			out[name] = str(trimSpace(text))
		}
	}
}

// mapValue is the text of a map entry: its own and its children's character data, as
// encoding/xml's ",chardata" collects it (only the entry's own text).
func (s *xscan) mapValue() ([]byte, error) {
	var own []byte
	depth := 1
	for depth > 0 {
		k, err := s.next()
		if err != nil {
			return nil, err
		}
		switch k {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		case tokText:
			if depth == 1 {
				own = append(own, s.text...)
			}
		case tokEOF:
			return nil, errSlowPath
		}
	}
	return own, nil
}

// meetingField reads one child of <meeting> (or of getMeetingInfo's <response>) into m.
// It reports false for an element that is not a meeting field (left unread).
func (s *xscan) meetingField(m *Meeting) (bool, error) {
	var err error
	var text []byte
	switch string(s.name) {
	case "attendees":
		return true, s.attendees(m)
	case "metadata":
		m.Metadata, err = s.readMap()
		return true, err
	case "breakoutRooms":
		return true, s.breakouts(m)
	case "meetingName", "meetingID", "internalMeetingID", "createDate", "voiceBridge", "dialNumber",
		"attendeePW", "moderatorPW", "parentMeetingID",
		"createTime", "startTime", "endTime", "duration", "participantCount", "listenerCount",
		"voiceParticipantCount", "videoCount", "maxUsers", "moderatorCount", "sequence",
		"running", "hasUserJoined", "recording", "hasBeenForciblyEnded", "isBreakout", "freeJoin":
	default:
		return false, nil
	}
	name := string(s.name) // the switch above does not allocate; this is for the second one
	if text, err = s.leaf(); err != nil {
		return true, err
	}
	var n int64
	switch name {
	case "meetingName":
		m.Name = string(text)
	case "meetingID":
		m.MeetingID = string(text)
	case "internalMeetingID":
		m.InternalMeetingID = string(text)
	case "createDate":
		m.CreateDate = str(text)
	case "voiceBridge":
		m.VoiceBridge = string(text)
	case "dialNumber":
		m.DialNumber = str(text)
	case "attendeePW":
		m.AttendeePW = string(text)
	case "moderatorPW":
		m.ModeratorPW = string(text)
	case "parentMeetingID":
		m.ParentMeetingID = string(text)
	case "running":
		m.Running = leafBool(text)
	case "hasUserJoined":
		m.HasUserJoined = leafBool(text)
	case "recording":
		m.Recording = leafBool(text)
	case "hasBeenForciblyEnded":
		m.HasBeenForciblyEnded = leafBool(text)
	case "isBreakout":
		m.IsBreakout = leafBool(text)
	case "freeJoin":
		m.FreeJoin = leafBool(text)
	default:
		if n, err = leafInt(text); err != nil {
			return true, err
		}
		switch name {
		case "createTime":
			m.CreateTime = millisToTime(xmlInt(n))
		case "startTime":
			m.StartTime = millisToTime(xmlInt(n))
		case "endTime":
			m.EndTime = millisToTime(xmlInt(n))
		case "duration":
			m.Duration = time.Duration(n) * time.Minute
		case "participantCount":
			m.ParticipantCount = int(n)
		case "listenerCount":
			m.ListenerCount = int(n)
		case "voiceParticipantCount":
			m.VoiceParticipantCount = int(n)
		case "videoCount":
			m.VideoCount = int(n)
		case "maxUsers":
			m.MaxUsers = int(n)
		case "moderatorCount":
			m.ModeratorCount = int(n)
		case "sequence":
			m.Sequence = int(n)
		}
	}
	return true, nil
}

func (s *xscan) attendees(m *Meeting) error {
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEnd:
			return nil
		case tokEOF:
			return errSlowPath
		case tokStart:
			if string(s.name) != "attendee" {
				if err := s.skip(); err != nil {
					return err
				}
				continue
			}
			a, err := s.attendee()
			if err != nil {
				return err
			}
			m.Attendees = append(m.Attendees, a)
		}
	}
}

func (s *xscan) attendee() (Attendee, error) {
	var a Attendee
	for {
		k, err := s.next()
		if err != nil {
			return a, err
		}
		switch k {
		case tokEnd:
			if a.CustomData == nil {
				a.CustomData = map[string]string{}
			}
			return a, nil
		case tokEOF:
			return a, errSlowPath
		case tokStart:
			if string(s.name) == "customdata" {
				if a.CustomData, err = s.readMap(); err != nil {
					return a, err
				}
				continue
			}
			switch string(s.name) {
			case "userID", "fullName", "role", "clientType", "isPresenter", "isListeningOnly", "hasJoinedVoice", "hasVideo":
			default:
				if err := s.skip(); err != nil {
					return a, err
				}
				continue
			}
			name := string(s.name)
			text, err := s.leaf()
			if err != nil {
				return a, err
			}
			switch name {
			case "userID":
				a.UserID = string(text)
			case "fullName":
				a.FullName = string(text)
			case "role":
				a.Role = Role(str(text))
			case "clientType":
				a.ClientType = str(text)
			case "isPresenter":
				a.IsPresenter = leafBool(text)
			case "isListeningOnly":
				a.IsListeningOnly = leafBool(text)
			case "hasJoinedVoice":
				a.HasJoinedVoice = leafBool(text)
			case "hasVideo":
				a.HasVideo = leafBool(text)
			}
		}
	}
}

func (s *xscan) breakouts(m *Meeting) error {
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEnd:
			return nil
		case tokEOF:
			return errSlowPath
		case tokStart:
			if string(s.name) != "breakout" {
				if err := s.skip(); err != nil {
					return err
				}
				continue
			}
			text, err := s.leaf()
			if err != nil {
				return err
			}
			m.BreakoutRooms = append(m.BreakoutRooms, string(text))
		}
	}
}

// response reads the root <response>, calling child for each child element; child reads the
// element (or returns false to have it skipped). Only SUCCESS answers take the fast path.
func (s *xscan) response(child func() (bool, error)) error {
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		if k == tokStart {
			break
		}
		if k != tokText || len(trimSpace(s.text)) > 0 {
			return errSlowPath
		}
	}
	if string(s.name) != "response" {
		return errSlowPath
	}
	success := false
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEOF:
			return errSlowPath
		case tokEnd:
			if !success {
				return errSlowPath
			}
			for {
				k, err := s.next()
				switch {
				case err != nil:
					return err
				case k == tokEOF:
					return nil
				case k != tokText || len(trimSpace(s.text)) > 0:
					return errSlowPath
				}
			}
		case tokStart:
			switch string(s.name) {
			case "returncode":
				text, err := s.leaf()
				if err != nil {
					return err
				}
				success = string(trimSpace(text)) == "SUCCESS"
				continue
			case "errors":
				return errSlowPath
			}
			used, err := child()
			if err != nil {
				return err
			}
			if !used {
				if err := s.skip(); err != nil {
					return err
				}
			}
		}
	}
}

// fastMeetings decodes a SUCCESS getMeetings answer, or returns errSlowPath.
func fastMeetings(body []byte) ([]Meeting, error) {
	s, err := newXScan(body)
	if err != nil {
		return nil, err
	}
	var out []Meeting
	err = s.response(func() (bool, error) {
		if string(s.name) != "meetings" {
			return false, nil
		}
		for {
			k, err := s.next()
			if err != nil {
				return true, err
			}
			switch k {
			case tokEnd:
				return true, nil
			case tokEOF:
				return true, errSlowPath
			case tokStart:
				if string(s.name) != "meeting" {
					if err := s.skip(); err != nil {
						return true, err
					}
					continue
				}
				m, err := s.meeting()
				if err != nil {
					return true, err
				}
				out = append(out, m)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []Meeting{}
	}
	return out, nil
}

func (s *xscan) meeting() (Meeting, error) {
	var m Meeting
	for {
		k, err := s.next()
		if err != nil {
			return m, err
		}
		switch k {
		case tokEnd:
			finishMeeting(&m)
			return m, nil
		case tokEOF:
			return m, errSlowPath
		case tokStart:
			used, err := s.meetingField(&m)
			if err != nil {
				return m, err
			}
			if !used {
				if err := s.skip(); err != nil {
					return m, err
				}
			}
		}
	}
}

// finishMeeting gives the fields the shapes the encoding/xml path gives them.
func finishMeeting(m *Meeting) {
	if m.Metadata == nil {
		m.Metadata = map[string]string{}
	}
	if m.Attendees == nil {
		m.Attendees = []Attendee{}
	}
}

// fastMeetingInfo decodes a SUCCESS getMeetingInfo answer, or returns errSlowPath.
func fastMeetingInfo(body []byte) (*Meeting, error) {
	s, err := newXScan(body)
	if err != nil {
		return nil, err
	}
	m := &Meeting{}
	err = s.response(func() (bool, error) { return s.meetingField(m) })
	if err != nil {
		return nil, err
	}
	finishMeeting(m)
	return m, nil
}
