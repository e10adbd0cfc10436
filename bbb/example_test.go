package bbb_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"time"

	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
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

// A meeting's life against the built-in simulator (any BBB server works the same way: use its
// endpoint and secret).
func Example() {
	clock := bbbsim.NewManualClock(time.Date(2024, 5, 9, 13, 35, 28, 0, time.UTC))
	sim := bbbsim.New(bbbsim.Options{Secret: "s3cret", Clock: clock, Seed: 1})
	defer sim.Close()
	server := httptest.NewServer(sim)
	defer server.Close()

	ctx := context.Background()
	client, err := bbb.New(server.URL+"/bigbluebutton/api/", "s3cret", bbb.WithTimeout(5*time.Second))
	if err != nil {
		panic(err)
	}
	record := true
	meeting, err := client.Create(ctx, bbb.CreateParams{
		Name:      "Physics 101",
		MeetingID: "physics-101",
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
	joinURL, err := client.JoinURL(bbb.JoinParams{FullName: "Ada", MeetingID: "physics-101",
		Role: bbb.RoleModerator, CreateTime: meeting.CreateTime})
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.HasPrefix(joinURL, server.URL+"/bigbluebutton/api/join?"))

	sim.AddUser("physics-101", "Ada", "MODERATOR") // as if Ada had opened the join URL
	info, err := client.GetMeetingInfo(ctx, "physics-101")
	if err != nil {
		panic(err)
	}
	fmt.Println(info.Name, info.Running, info.ParticipantCount, info.Metadata["bbb-origin"])

	// end is asynchronous: the meeting disappears a moment later.
	if err := client.End(ctx, "physics-101"); err != nil {
		panic(err)
	}
	clock.Advance(time.Second)
	_, err = client.GetMeetingInfo(ctx, "physics-101")
	fmt.Println(bbb.IsKey(err, "notFound"))
	// Output:
	// true
	// Physics 101 true 1 bbbportal
	// true
}
