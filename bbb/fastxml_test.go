package bbb_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"bbbportal/bbb"
)

// sameAnswer reports whether two decoders' results agree: equal values, or errors of the same
// kind and key.
func sameAnswer(got, want any, gotErr, wantErr error) bool {
	if (gotErr == nil) != (wantErr == nil) {
		return false
	}
	if gotErr != nil {
		var ge, we *bbb.Error
		var gp, wp *bbb.ParseError
		switch {
		case errors.As(wantErr, &we):
			return errors.As(gotErr, &ge) && *ge == *we
		case errors.As(wantErr, &wp):
			return errors.As(gotErr, &gp)
		}
		return false
	}
	return reflect.DeepEqual(got, want)
}

func checkDecoders(t *testing.T, name string, body []byte) {
	t.Helper()
	ms, err := bbb.ParseMeetings(body)
	wantMs, wantErr := bbb.ParseMeetingsStd(body)
	if !sameAnswer(ms, wantMs, err, wantErr) {
		t.Errorf("%s getMeetings:\n fast %#v, %v\n std  %#v, %v", name, ms, err, wantMs, wantErr)
	}
	m, err := bbb.ParseMeetingInfo(body)
	wantM, wantErr := bbb.ParseMeetingInfoStd(body)
	if !sameAnswer(m, wantM, err, wantErr) {
		t.Errorf("%s getMeetingInfo:\n fast %#v, %v\n std  %#v, %v", name, m, err, wantM, wantErr)
	}
}

// awkwardMeetings are answers that exercise what the fast decoder handles itself and what it
// hands over.
var awkwardMeetings = []string{
	`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<response>
  <returncode>SUCCESS</returncode>
  <!-- a comment -->
  <meetings>
    <meeting><meetingName>Maths &amp; Physics &lt;7b&gt; &#233;&#x263A;</meetingName><meetingID><![CDATA[a<b]]>c</meetingID>
      <attendees/><metadata><bbb-origin> greenlight </bbb-origin><x-y/><nested>out<in>inner</in>side</nested></metadata>
      <participantCount>1,000</participantCount><running>TRUE</running><unknown><deep>1</deep></unknown>
      <breakoutRooms><breakout>b1</breakout><breakout>b2</breakout></breakoutRooms>
    </meeting>
    <meeting><attendees><attendee><userID>u</userID><customdata/></attendee><attendee><fullName>Zoë</fullName><customdata><a>1</a></customdata></attendee></attendees></meeting>
  </meetings>
</response>`,
	`<response><returncode>SUCCESS</returncode><meetings/><messageKey>noMeetings</messageKey><message>no meetings were found on this server</message></response>`,
	`<response><returncode>SUCCESS</returncode><meetingName>Info</meetingName><createTime>1715261728123</createTime><attendees></attendees><metadata></metadata><messageKey></messageKey><isBreakout>true</isBreakout><parentMeetingID>p-1</parentMeetingID><sequence>2</sequence><freeJoin>true</freeJoin></response>`,
	`<response><returncode>FAILED</returncode><messageKey>notFound</messageKey><message>A meeting with that ID does not exist</message></response>`,
	`<response><returncode>FAILED</returncode><errors><error><key>k</key><message>m</message></error></errors></response>`,
	`<response><returncode>SUCCESS</returncode><meetings><meeting><meetingName>a</meetingID></meeting></meetings></response>`, // mismatched tags
	`<response><returncode>SUCCESS</returncode><meetings><meeting><meetingName>a`,                                             // truncated
	`<response><returncode>SUCCESS</returncode><participantCount>many</participantCount><meetings/></response>`,
	`<response><returncode>SUCCESS</returncode><meetingName>&unknown;</meetingName></response>`,
	`<response><returncode>SUCCESS</returncode><meetingName a="x>y">n</meetingName></response>`,
	"<response>\r\n<returncode>SUCCESS</returncode><meetingName>two\r\nlines</meetingName></response>",
	`<response><returncode>SUCCESS</returncode><meetingName>name<b>bold</b></meetingName></response>`,
	`<response><returncode>SUCCESS</returncode></response>trailing`,
	`<foo><returncode>SUCCESS</returncode><meetingName>root is not response</meetingName></foo>`,
	`<response><returncode>SUCCESS</returncode><meetings><meeting><attendees><attendee><role> VIEWER</role></attendee></attendees></meeting></meetings></response>`,
	``,
	`not xml`,
}

func TestFastDecoderAgreesWithEncodingXML(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/*/*.xml")
	more, _ := filepath.Glob("testdata/*/*/*.xml")
	for _, name := range append(files, more...) {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		checkDecoders(t, name, b)
	}
	for i, body := range awkwardMeetings {
		checkDecoders(t, "awkward #"+string(rune('0'+i)), []byte(body))
	}
	checkDecoders(t, "200×25", getMeetingsXML(200, 25))
}

// TestFastDecoderTakesRealAnswers makes sure the fast path, not the fallback, reads what real
// servers send, so the speed-up is real.
func TestFastDecoderTakesRealAnswers(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"bbb-docs/getMeetings.fixed.xml", "bigbluebutton-api-php/responses/get_meetings.xml"} {
		if _, err := bbb.FastMeetings(readFixture(t, name)); err != nil {
			t.Errorf("%s: fast path refused: %v", name, err)
		}
	}
	for _, name := range []string{"bbb-docs/getMeetingInfo-3.0.xml", "bigbluebutton-api-php/responses/get_meeting_info_with_breakout_rooms.xml"} {
		if _, err := bbb.FastMeetingInfo(readFixture(t, name)); err != nil {
			t.Errorf("%s: fast path refused: %v", name, err)
		}
	}
	if ms, err := bbb.FastMeetings(getMeetingsXML(3, 2)); err != nil || len(ms) != 3 || ms[2].Attendees[1].FullName != "Attendee 1" {
		t.Errorf("generated answer: %v, %v", ms, err)
	}
	if _, err := bbb.FastMeetings([]byte(awkwardMeetings[0])); err != nil {
		t.Errorf("prolog, comment, CDATA, entities: fast path refused: %v", err)
	}
}

func FuzzFastDecoder(f *testing.F) {
	for _, body := range awkwardMeetings {
		f.Add([]byte(body))
	}
	f.Add(getMeetingsXML(2, 2))
	f.Fuzz(func(t *testing.T, body []byte) {
		if strings.Contains(string(body), "\x00") {
			return
		}
		checkDecoders(t, "fuzz", body)
	})
}
