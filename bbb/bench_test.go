package bbb_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
)

func BenchmarkJoinURL(b *testing.B) {
	c, err := bbb.New("https://bbb.example.com/bigbluebutton/", docsSecret, bbb.WithChecksum(bbb.SHA256))
	if err != nil {
		b.Fatal(err)
	}
	p := bbb.JoinParams{FullName: "Zoë Müller", MeetingID: "0f8a2c3e9b7d4e1f8a2c3e9b7d4e1f8a", Role: bbb.RoleViewer,
		UserID: "user-42", CreateTime: time.UnixMilli(1715261728123),
		UserData: map[string]string{"bbb_skip_check_audio": "true"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.JoinURL(p); err != nil {
			b.Fatal(err)
		}
	}
}

// getMeetingsXML renders a getMeetings answer like a busy server's.
func getMeetingsXML(meetings, attendees int) []byte {
	var sb strings.Builder
	sb.WriteString("<response><returncode>SUCCESS</returncode><meetings>")
	for m := 0; m < meetings; m++ {
		fmt.Fprintf(&sb, "<meeting><meetingName>Room %d</meetingName><meetingID>room-%d</meetingID>"+
			"<internalMeetingID>6367c48dd193d56ea7b0baad25b19455e529f5ee-17000000%05d</internalMeetingID>"+
			"<createTime>1700000000000</createTime><createDate>Tue Nov 14 22:13:20 UTC 2023</createDate>"+
			"<voiceBridge>7%04d</voiceBridge><dialNumber>613-555-1234</dialNumber><attendeePW>ap</attendeePW>"+
			"<moderatorPW>mp</moderatorPW><running>true</running><duration>0</duration><hasUserJoined>true</hasUserJoined>"+
			"<recording>true</recording><hasBeenForciblyEnded>false</hasBeenForciblyEnded><startTime>1700000000012</startTime>"+
			"<endTime>0</endTime><participantCount>%d</participantCount><listenerCount>3</listenerCount>"+
			"<voiceParticipantCount>10</voiceParticipantCount><videoCount>5</videoCount><maxUsers>0</maxUsers>"+
			"<moderatorCount>2</moderatorCount><attendees>", m, m, m, m, attendees)
		for a := 0; a < attendees; a++ {
			fmt.Fprintf(&sb, "<attendee><userID>w_user%04d</userID><fullName>Attendee %d</fullName><role>VIEWER</role>"+
				"<isPresenter>false</isPresenter><isListeningOnly>false</isListeningOnly><hasJoinedVoice>true</hasJoinedVoice>"+
				"<hasVideo>false</hasVideo><clientType>HTML5</clientType><customdata><bbb_client_title>x</bbb_client_title></customdata></attendee>", a, a)
		}
		sb.WriteString("</attendees><metadata><bbb-origin>bbbportal</bbb-origin><endcallbackurl>https://portal.example.com/end</endcallbackurl></metadata><isBreakout>false</isBreakout></meeting>")
	}
	sb.WriteString("</meetings></response>")
	return []byte(sb.String())
}

func BenchmarkParseGetMeetings200x25(b *testing.B) {
	body := getMeetingsXML(200, 25)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		ms, err := bbb.ParseMeetings(body)
		if err != nil || len(ms) != 200 || len(ms[199].Attendees) != 25 {
			b.Fatalf("%d meetings, %v", len(ms), err)
		}
	}
}

// BenchmarkGetRecordingsFirstPage is the raw getRecordings call an admin list of 10,000
// recordings needs for its first page (limit 100), against the simulator over loopback.
func BenchmarkGetRecordingsFirstPage(b *testing.B) {
	clock := bbbsim.NewManualClock(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	sim := bbbsim.New(bbbsim.Options{Secret: docsSecret, Clock: clock})
	defer sim.Close()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	sim.SeedRecordings(10000, bbbsim.SeedOptions{BaseURL: srv.URL})
	c, err := bbb.New(srv.URL+"/bigbluebutton/", docsSecret, bbb.WithChecksum(bbb.SHA256))
	if err != nil {
		b.Fatal(err)
	}
	q := bbb.RecordingsQuery{States: []bbb.RecordingState{bbb.StateAny}, Limit: 100}
	b.ReportAllocs()
	for b.Loop() {
		list, err := c.GetRecordings(context.Background(), q)
		if err != nil || len(list.Recordings) != 100 {
			b.Fatalf("%v, %v", list, err)
		}
	}
}

// BenchmarkDecodeGetMeetings compares the streaming decoder ParseMeetings uses with the
// encoding/xml one it replaced, on a busy server's answer (200 meetings × 25 attendees).
func BenchmarkDecodeGetMeetings(b *testing.B) {
	body := getMeetingsXML(200, 25)
	for _, d := range []struct {
		name  string
		parse func([]byte) ([]bbb.Meeting, error)
	}{{"encoding-xml", bbb.ParseMeetingsStd}, {"streaming", bbb.ParseMeetings}} {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				ms, err := d.parse(body)
				if err != nil || len(ms) != 200 || len(ms[199].Attendees) != 25 {
					b.Fatalf("%d meetings, %v", len(ms), err)
				}
			}
		})
	}
}
