package recordings

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/models"
)

func TestRealServerFixturesBecomeListItems(t *testing.T) {
	t.Parallel()
	body, err := os.ReadFile("testdata/sample-get-recordings-response.xml")
	if err != nil {
		t.Fatal(err)
	}
	list, err := bbb.ParseRecordings(body)
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Recordings) != 8 {
		t.Fatalf("parsed %d recordings, want 8", len(list.Recordings))
	}
	items := map[string]models.RecordingItem{}
	for _, r := range list.Recordings {
		items[r.RecordID] = item(r)
	}
	ru := items["bc04628ab61776c9f65c695dc59f36abf8955bbc-1504087272607"]
	if ru.Name != "тест" || ru.State != models.RecPublished {
		t.Errorf("first recording: name %q state %q, want тест published", ru.Name, ru.State)
	}
	if len(ru.Formats) != 1 || ru.Formats[0].Type != "presentation" || !strings.HasPrefix(ru.Formats[0].URL, "https://") {
		t.Errorf("formats = %+v, want one presentation link", ru.Formats)
	}
	if ru.Start.IsZero() || !ru.End.After(ru.Start) {
		t.Errorf("start %v end %v", ru.Start, ru.End)
	}
	for id, it := range items {
		if len(it.Preview) > 0 && it.Preview[0].URL == "" {
			t.Errorf("%s: preview without URL", id)
		}
	}

	body, err = os.ReadFile("testdata/getRecordings.xml")
	if err != nil {
		t.Fatal(err)
	}
	// The docs' sample, with its presentation format reported twice and a format the portal
	// does not know: duplicates go, the unknown one stays under its own name.
	doc := string(body)
	i := strings.Index(doc, "<format>")
	j := strings.Index(doc, "</format>") + len("</format>")
	dup := doc[i:j]
	capture := strings.Replace(dup, "<type>podcast</type>", "<type>capture</type>", 1)
	capture = strings.Replace(capture, "<type>presentation</type>", "<type>capture</type>", 1)
	doc = doc[:j] + dup + capture + doc[j:]
	list, err = bbb.ParseRecordings([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	it := item(list.Recordings[0])
	var types []string
	for _, f := range it.Formats {
		types = append(types, f.Type)
	}
	if got := strings.Join(types, ","); got != "podcast,capture,presentation" && got != "presentation,capture,podcast" {
		t.Errorf("format types = %s, want podcast, presentation and capture once each", got)
	}
	if it.Name != "Fred's Room" || it.Size == 0 && list.Recordings[0].Size != 0 {
		t.Errorf("item = %+v", it)
	}
}

func TestStatesThroughTheSimulatorWithExpectedAndReady(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{})
	ctx := context.Background()
	id := e.meeting(e.kimRoom, 40*time.Minute, true)
	// Before BBB lists it at all, the end watcher's note makes it "being processed".
	yes := true
	if err := e.svc.NoteMeetingEnded(e.kimRoom.MeetingID, id, e.clock.Now(), &yes); err != nil {
		t.Fatal(err)
	}
	page, err := e.svc.ForRoom(ctx, e.kim, e.kimRoom.ID, Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].State != models.RecProcessing || page.Items[0].Expected {
		t.Fatalf("after the end: %+v, want one processing recording as BBB lists it", page.Items)
	}
	it := page.Items[0]
	if want := it.End.Add(it.End.Sub(it.Start)); !it.ReadyBy.Equal(want) || !it.ProcessingSince.Equal(it.End) {
		t.Errorf("processing since %v, ready by %v; want since the end and ready about one meeting length later (%v)", it.ProcessingSince, it.ReadyBy, want)
	}

	e.clock.Advance(6 * time.Second)
	page, _ = e.svc.ForRoom(ctx, e.kim, e.kimRoom.ID, Query{})
	if page.Items[0].State != models.RecProcessed {
		t.Errorf("after processing: %s, want processed", page.Items[0].State)
	}
	e.clock.Advance(6 * time.Second)
	e.sim.FlushCallbacks()
	page, _ = e.svc.ForRoom(ctx, e.kim, e.kimRoom.ID, Query{})
	it = page.Items[0]
	if it.State != models.RecPublished || len(it.Formats) != 2 || len(it.Preview) == 0 || it.RoomName != "Maths 7b" {
		t.Fatalf("after publishing: %+v", it)
	}
	if it.Length != 40*time.Minute || it.Participants != 1 || it.Size == 0 {
		t.Errorf("length %v participants %d size %d", it.Length, it.Participants, it.Size)
	}
	// The recording-ready callback (sent once per format) notified the owner once.
	if n, _ := e.svc.Unseen(e.kim.ID); n != 1 {
		t.Errorf("kim has %d unseen notices, want 1", n)
	}
	if n, _ := e.svc.Unseen(e.lee.ID); n != 0 {
		t.Errorf("lee has %d unseen notices, want 0", n)
	}
	notices, _ := e.svc.Notices(e.kim.ID, 10)
	if len(notices) != 1 || notices[0].Ref != id || notices[0].Subject != "Maths 7b" {
		t.Errorf("notices = %+v", notices)
	}
	if got := e.entries("recording.ready"); len(got) != 2 || got[0].Result != "ok" {
		t.Errorf("recording.ready audit entries = %d, want one per callback (2 formats)", len(got))
	}
	if err := e.svc.MarkSeen(e.kim.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.svc.Unseen(e.kim.ID); n != 0 {
		t.Errorf("after seeing: %d unseen", n)
	}
}

func TestExpectedRecordingWhileTheServerDoesNotListIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{})
	ctx := context.Background()
	// A load balancer like b3lb lists only published recordings: the portal's own knowledge
	// shows the meeting that ended with marks, and one without marks says none will appear.
	yes, no := true, false
	ended := e.clock.Now().Add(-10 * time.Minute)
	withMarks := meetingHash(e.kimRoom.MeetingID) + "-" + itoa(ended.Add(-50*time.Minute).UnixMilli())
	withoutMarks := meetingHash(e.kimRoom.MeetingID) + "-" + itoa(ended.Add(-3*time.Hour).UnixMilli())
	if err := e.svc.NoteMeetingEnded(e.kimRoom.MeetingID, withMarks, ended, &yes); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.NoteMeetingEnded(e.kimRoom.MeetingID, withoutMarks, ended.Add(-2*time.Hour), &no); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.NoteMeetingEnded(e.kimRoom.MeetingID, withMarks, ended, &yes); err != nil {
		t.Fatalf("a repeated note: %v", err)
	}
	page, err := e.svc.Mine(ctx, e.kim, Query{})
	if err != nil {
		t.Fatal(err)
	}
	items := byID(page.Items)
	if len(page.Items) != 2 {
		t.Fatalf("items = %+v, want the expected one and the one without marks", page.Items)
	}
	exp := items[withMarks]
	if !exp.Expected || exp.State != models.RecProcessing || !exp.ProcessingSince.Equal(ended) ||
		!exp.ReadyBy.Equal(ended.Add(50*time.Minute)) || exp.RoomName != "Maths 7b" {
		t.Errorf("expected recording = %+v", exp)
	}
	if items[withoutMarks].State != models.RecNone {
		t.Errorf("without marks: state %q, want none", items[withoutMarks].State)
	}
	if page, _ := e.svc.Mine(ctx, e.lee, Query{}); len(page.Items) != 0 {
		t.Errorf("lee sees %+v of kim's room", page.Items)
	}
	// The real recording replaces the expected entry once BBB lists it.
	id := e.meeting(e.kimRoom, 20*time.Minute, true)
	if err := e.svc.NoteMeetingEnded(e.kimRoom.MeetingID, id, e.clock.Now(), &yes); err != nil {
		t.Fatal(err)
	}
	page, _ = e.svc.Mine(ctx, e.kim, Query{State: models.RecProcessing})
	if len(page.Items) != 2 || page.Items[0].RecordID != id || page.Items[0].Expected {
		t.Errorf("processing = %+v, want the listed one first and the expected one", page.Items)
	}
	e.publish()
	page, _ = e.svc.Mine(ctx, e.kim, Query{State: models.RecPublished})
	if len(page.Items) != 1 || page.Items[0].RecordID != id {
		t.Errorf("published = %+v", page.Items)
	}
	got, err := models.ExpectedRecordingByID(e.db, id)
	if err != nil || got.ListedAt == nil || got.ReadyAt == nil {
		t.Errorf("expected row = %+v, %v; want listed and ready", got, err)
	}
}

func TestAdminListFiltersSortsPagesAndMarksForeignMeetings(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{})
	ctx := context.Background()
	kimIDs := e.sim.SeedRecordings(30, bbbsim.SeedOptions{MeetingIDs: []string{e.kimRoom.MeetingID}, End: e.clock.Now().Add(-time.Hour)})
	foreign := e.sim.SeedRecordings(20, bbbsim.SeedOptions{MeetingIDs: []string{"greenlight-room-1"}})
	if _, err := e.svc.All(ctx, e.kim, Query{}); err != ErrNotFound {
		t.Fatalf("a teacher asking for the admin list: %v, want ErrNotFound", err)
	}
	page, err := e.svc.All(ctx, e.admin, Query{PerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	n := len(kimIDs) + len(foreign) // the simulator skips a seed that would repeat a recordID
	if page.Total != n || len(page.Items) != 10 || page.Pages() != (n+9)/10 || !page.RefreshedAt.Equal(e.clock.Now()) {
		t.Fatalf("total %d, items %d, pages %d, refreshed %v", page.Total, len(page.Items), page.Pages(), page.RefreshedAt)
	}
	for i := 1; i < len(page.Items); i++ {
		if page.Items[i].Start.After(page.Items[i-1].Start) {
			t.Fatalf("not newest first at %d", i)
		}
	}
	if it := page.Items[0]; !it.Foreign || it.RecordID != foreign[len(foreign)-1] {
		t.Errorf("newest = %+v, want the foreign meeting's latest, marked", it)
	}
	page, _ = e.svc.All(ctx, e.admin, Query{RoomID: e.kimRoom.ID, Sort: SortOldest, PerPage: 100})
	if page.Total != len(kimIDs) || page.Items[0].RoomName != "Maths 7b" || page.Items[0].Foreign {
		t.Errorf("room filter: total %d first %+v", page.Total, page.Items[0])
	}
	for i := 1; i < len(page.Items); i++ {
		if page.Items[i].Start.Before(page.Items[i-1].Start) {
			t.Fatalf("not oldest first at %d", i)
		}
	}
	page, _ = e.svc.All(ctx, e.admin, Query{State: models.RecDeleted, PerPage: 100})
	for _, it := range page.Items {
		if it.State != models.RecDeleted {
			t.Errorf("state filter let %s through", it.State)
		}
	}
	page, _ = e.svc.All(ctx, e.admin, Query{Text: "COURSE 3", PerPage: 100}) // metadata course "Course 3", "Course 30"…
	if page.Total == 0 {
		t.Error("text filter on metadata found nothing")
	}
	for _, it := range page.Items {
		if !strings.HasPrefix(it.Metadata["course"], "Course 3") {
			t.Errorf("text filter let %q through", it.Metadata["course"])
		}
	}
	from := e.clock.Now().Add(-10 * time.Hour)
	page, _ = e.svc.All(ctx, e.admin, Query{From: from, PerPage: 100})
	for _, it := range page.Items {
		if it.Start.Before(from) {
			t.Errorf("date filter let %v through", it.Start)
		}
	}
	if page.Total == 0 || page.Total >= n {
		t.Errorf("date range: %d of %d", page.Total, n)
	}
	// The cached listing is served until it expires, then re-read while the old one is shown.
	e.sim.SeedRecordings(1, bbbsim.SeedOptions{MeetingIDs: []string{"greenlight-room-2"}})
	if page, _ := e.svc.All(ctx, e.admin, Query{}); page.Total != n {
		t.Errorf("within the cache's lifetime: %d, want the cached %d", page.Total, n)
	}
	e.clock.Advance(3 * time.Minute)
	page, _ = e.svc.All(ctx, e.admin, Query{})
	if !page.Stale {
		t.Error("an expired listing is not marked as being refreshed")
	}
	if err := e.svc.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if page, _ := e.svc.All(ctx, e.admin, Query{}); page.Total != n+1 || page.Stale {
		t.Errorf("after the refresh: %d (stale %v), want %d", page.Total, page.Stale, n+1)
	}
}

func TestWebhookEventUpdatesTheCachedListing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{})
	ctx := context.Background()
	if _, err := e.svc.All(ctx, e.admin, Query{}); err != nil {
		t.Fatal(err)
	}
	id := e.meeting(e.kimRoom, 10*time.Minute, true)
	if page, _ := e.svc.All(ctx, e.admin, Query{}); page.Total != 0 {
		t.Fatalf("cached listing already has %d", page.Total)
	}
	if err := e.svc.RecordingsChanged(ctx, e.kimRoom.MeetingID); err != nil {
		t.Fatal(err)
	}
	page, _ := e.svc.All(ctx, e.admin, Query{})
	if page.Total != 1 || page.Items[0].RecordID != id || page.Items[0].State != models.RecProcessing {
		t.Errorf("after the event: %+v", page.Items)
	}
}

func TestScaleliteListsPerRoomAndSaysSo(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{Profile: bbbsim.ProfileScalelite})
	ctx := context.Background()
	e.sim.SeedRecordings(5, bbbsim.SeedOptions{MeetingIDs: []string{e.kimRoom.MeetingID}})
	e.sim.SeedRecordings(5, bbbsim.SeedOptions{MeetingIDs: []string{"elsewhere"}})
	page, err := e.svc.All(ctx, e.admin, Query{})
	if err != nil {
		t.Fatal(err)
	}
	if !page.Limited || page.Total == 0 {
		t.Fatalf("limited %v total %d, want the portal's rooms only, marked limited", page.Limited, page.Total)
	}
	for _, it := range page.Items {
		if it.Foreign {
			t.Errorf("a foreign recording through a filtered server: %+v", it)
		}
	}
	if page, err := e.svc.Mine(ctx, e.kim, Query{}); err != nil || page.Total == 0 {
		t.Errorf("per-teacher list through Scalelite: %v, %+v", err, page)
	}
}
