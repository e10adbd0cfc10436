package bbb_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"bbbportal/bbb"
)

func ExampleClient_JoinURL() {
	client, err := bbb.New("https://bbb.example.com/bigbluebutton/", "639259d4-9dd8-4b25-bf01-95f9567eaf4b",
		bbb.WithChecksum(bbb.SHA1))
	if err != nil {
		panic(err)
	}
	u, err := client.JoinURL(bbb.JoinParams{
		FullName:   "Zoë Müller",
		MeetingID:  "abc123",
		Role:       bbb.RoleViewer,
		CreateTime: time.UnixMilli(1700000000000),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(u)
	// Output:
	// https://bbb.example.com/bigbluebutton/api/join?createTime=1700000000000&fullName=Zo%C3%AB%20M%C3%BCller&meetingID=abc123&role=VIEWER&checksum=eb6519b2173656ae6b860352bfca535508db65de
}

func Example() {
	// A stand-in for a BBB server; use your server's URL and secret instead.
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<response><returncode>SUCCESS</returncode><meetingID>abc123</meetingID>`+
			`<internalMeetingID>6367c48dd193d56ea7b0baad25b19455e529f5ee-1700000000000</internalMeetingID>`+
			`<createTime>1700000000000</createTime><voiceBridge>70757</voiceBridge></response>`)
	}))
	defer server.Close()

	client, err := bbb.New(server.URL+"/bigbluebutton/api/", "secret", bbb.WithTimeout(5*time.Second))
	if err != nil {
		panic(err)
	}
	record := true
	meeting, err := client.Create(context.Background(), bbb.CreateParams{
		Name:      "Physics 101",
		MeetingID: "abc123",
		Record:    &record,
		Meta:      map[string]string{"bbb-origin": "bbbportal"},
	})
	if bbb.IsKey(err, "idNotUnique") {
		fmt.Println("the meeting exists with other passwords")
		return
	}
	if err != nil {
		panic(err)
	}
	fmt.Println(meeting.InternalMeetingID, meeting.CreateTime.UTC().Format(time.RFC3339))
	// Output: 6367c48dd193d56ea7b0baad25b19455e529f5ee-1700000000000 2023-11-14T22:13:20Z
}
