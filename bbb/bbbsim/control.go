package bbbsim

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"
)

// control serves /bigbluebutton/sim/control/<action>, signed like an API call whose name is the
// action (checksum = H(action + query + secret)). Actions: enter (meetingID, fullName, role,
// or userID of a user who joined), leave, approve, deny (meetingID, userID), record (meetingID),
// breakouts (meetingID, count), fault (call, latency, status, malformed, drop, failKey,
// failMessage, times), clearFaults, advance (duration; manual clock only).
func (s *Server) control(w http.ResponseWriter, r *http.Request, action string) {
	p := &params{}
	parseParams(r.URL.RawQuery, p)
	if r.Method == http.MethodPost {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
			body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
			parseParams(string(body), p)
		}
	}
	switch s.checkWebChecksum(action, r.URL.RawQuery, p.get("checksum")) {
	case checksumOK:
	case checksumMissing:
		s.writeFailed(w, "checksumError", "You must provide the checksum")
		return
	default:
		s.writeFailed(w, "checksumError", "Checksums do not match")
		return
	}
	meetingID, userID := p.get("meetingID"), p.get("userID")
	var err error
	var result string
	switch action {
	case "enter":
		if userID != "" {
			err = s.EnterUser(meetingID, userID)
			result = userID
		} else {
			result, err = s.AddUser(meetingID, p.get("fullName"), p.get("role"))
		}
	case "leave":
		err = s.RemoveUser(meetingID, userID)
	case "approve":
		err = s.ApproveGuest(meetingID, userID)
	case "deny":
		err = s.DenyGuest(meetingID, userID)
	case "record":
		err = s.StartRecording(meetingID)
	case "breakouts":
		var ids []string
		ids, err = s.CreateBreakoutRooms(meetingID, intParam(p, "count", 2))
		for i, id := range ids {
			if i > 0 {
				result += ","
			}
			result += id
		}
	case "fault":
		latency, _ := time.ParseDuration(p.get("latency"))
		s.SetFault(p.get("call"), Fault{
			Latency: latency, Status: intParam(p, "status", 0), Malformed: p.boolParam("malformed", false),
			Drop: p.boolParam("drop", false), FailKey: p.get("failKey"), FailMessage: p.get("failMessage"),
			Times: intParam(p, "times", 0),
		})
	case "clearFaults":
		s.ClearFaults()
	case "advance":
		mc, ok := s.clock.(*ManualClock)
		d, perr := time.ParseDuration(p.get("duration"))
		switch {
		case !ok:
			err = ErrNoManualClock
		case perr != nil || d < 0:
			err = ErrInvalidRequest
		default:
			mc.Advance(d)
			result = strconv.FormatInt(mc.Now().UnixMilli(), 10)
		}
	default:
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.writeFailed(w, "simulatorError", err.Error())
		return
	}
	x := newTemplateXML().open("response").elem("returncode", "SUCCESS")
	if result != "" {
		x.elem("result", result)
	}
	writeXML(w, x.close().String())
}
