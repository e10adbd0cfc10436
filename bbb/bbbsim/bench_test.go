package bbbsim_test

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"bbbportal/bbb/bbbsim"
)

// BenchmarkGetMeetingInfo measures one signed getMeetingInfo of a meeting with 50 attendees,
// answered in-process (checksum, lookup and rendering; no network).
func BenchmarkGetMeetingInfo(b *testing.B) {
	sim := bbbsim.New(bbbsim.Options{Secret: secret, Seed: 1})
	defer sim.Close()
	q := query("meetingID", "bench", "name", "Bench")
	sim.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/bigbluebutton/api/create?"+q+"&checksum="+sha1Hex("create"+q+secret), nil))
	for i := range 50 {
		if _, err := sim.AddUser("bench", fmt.Sprintf("User %d", i), "VIEWER"); err != nil {
			b.Fatal(err)
		}
	}
	q = query("meetingID", "bench")
	target := "/bigbluebutton/api/getMeetingInfo?" + q + "&checksum=" + sha1Hex("getMeetingInfo"+q+secret)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		sim.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}
