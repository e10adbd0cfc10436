package bbbsim_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"bbbportal/bbb/bbbsim"
)

// A test suite serves the simulator on loopback, points its BBB integration at it, and drives
// time and users itself.
func Example() {
	clock := bbbsim.NewManualClock(time.Date(2024, 5, 9, 13, 35, 28, 0, time.UTC))
	sim := bbbsim.New(bbbsim.Options{Secret: "s3cret", Clock: clock, Seed: 1})
	defer sim.Close()
	srv := httptest.NewServer(sim)
	defer srv.Close()

	get := func(call, query string) string {
		resp, err := http.Get(srv.URL + "/bigbluebutton/api/" + call + "?" + query + "&checksum=" + sha1Hex(call+query+"s3cret"))
		if err != nil {
			panic(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	get("create", "meetingID=demo&name=Demo")
	sim.AddUser("demo", "Ada", "MODERATOR") // enters without a browser
	fmt.Println(strings.Contains(get("isMeetingRunning", "meetingID=demo"), "<running>true</running>"))

	get("end", "meetingID=demo")
	clock.Advance(time.Second) // the default end delay
	fmt.Println(strings.Contains(get("getMeetingInfo", "meetingID=demo"), "notFound"))
	// Output:
	// true
	// true
}
