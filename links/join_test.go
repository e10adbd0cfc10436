package links

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/createopts"
	"bbbportal/models"
)

func TestEveryRoomHasAnAttendeeLinkThatJoins(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Maths 7b", nil)
	l := e.defaultLink(room)
	if l.Role != models.LinkAttendee || !l.IsDefault {
		t.Fatalf("default link is %q (default %v), want an attendee link", l.Role, l.IsDefault)
	}
	inv := e.open(l)
	if inv.Room.Name != "Maths 7b" || inv.State != StateUsable || inv.NeedsAccessCode || inv.Records {
		t.Fatalf("join page of the default link: %+v", inv)
	}
	if d := e.join(l, JoinRequest{Name: "Ana"}); d.Outcome != OutcomeWait {
		t.Fatalf("attendee before the start: %q, want the waiting page", d.Outcome)
	}
	e.start(room)
	// The "not running" answer is cached for the status interval: wait until the link's status has it.
	for deadline := time.Now().Add(5 * time.Second); !e.svc.Status(context.Background(), inv).Running; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the link's status never learned that the meeting started")
		}
	}
	d := e.join(l, JoinRequest{Name: "Ana"})
	if d.Outcome != OutcomeJoin {
		t.Fatalf("attendee after the start: %q", d.Outcome)
	}
	u := e.follow(d.JoinURL, room)
	if u.FullName != "Ana" || u.Role != "VIEWER" {
		t.Fatalf("BBB got %q as %s", u.FullName, u.Role)
	}
	q, _ := url.Parse(d.JoinURL)
	if q.Query().Get("createTime") == "" || q.Query().Get("guest") != "" {
		t.Fatalf("join URL params: %v", q.Query())
	}
	if n := e.auditEntries("link.join"); len(n) != 1 || !strings.Contains(n[0].Details, `"name":"Ana"`) || !strings.Contains(n[0].Details, `"role":"attendee"`) || n[0].ClientIP != "192.0.2.10" {
		t.Fatalf("join audit: %+v", n)
	}
}

func TestExpiredLinkIsRefused(t *testing.T) {
	t.Parallel()
	var ahead atomic.Int64 // how far the service's clock runs ahead
	e := newEnv(t, Config{Now: func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }})
	room := e.newRoom("Chemistry", nil)
	e.start(room)
	expires := time.Now().Add(time.Hour)
	l := e.newLink(room, Form{Role: "attendee", Label: "Parents' evening", ExpiresAt: expires.UTC().Format("2006-01-02T15:04")})
	if d := e.join(l, JoinRequest{Name: "Ben"}); d.Outcome != OutcomeJoin {
		t.Fatalf("before expiry: %q", d.Outcome)
	}
	ahead.Store(int64(61 * time.Minute))
	if inv := e.open(l); inv.State != StateExpired {
		t.Fatalf("page state after expiry: %q", inv.State)
	}
	if d := e.join(l, JoinRequest{Name: "Cem"}); d.Outcome != OutcomeExpired || d.JoinURL != "" {
		t.Fatalf("after expiry: %q %q", d.Outcome, d.JoinURL)
	}
	if got := e.reload(l).Uses; got != 1 {
		t.Fatalf("uses = %d, want 1", got)
	}
}

func TestUseLimitHoldsUnderConcurrentLastUses(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Physics", nil)
	e.start(room)
	const limit, browsers = 7, 50
	l := e.newLink(room, Form{Role: "attendee", MaxUses: fmt.Sprint(limit)})
	inv := e.open(l)
	var wg sync.WaitGroup
	outcomes := make([]string, browsers)
	for i := range browsers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := e.svc.Join(context.Background(), inv, JoinRequest{Name: fmt.Sprintf("Student %d", i), BrowserID: NewBrowserID()})
			if err != nil {
				t.Error(err)
				return
			}
			outcomes[i] = d.Outcome
		}()
	}
	wg.Wait()
	counts := map[string]int{}
	for _, o := range outcomes {
		counts[o]++
	}
	if counts[OutcomeJoin] != limit || counts[OutcomeUsedUp] != browsers-limit {
		t.Fatalf("outcomes %v, want %d joins and %d used up", counts, limit, browsers-limit)
	}
	if got := e.reload(l); got.Uses != limit || got.LastUsedAt == nil {
		t.Fatalf("uses = %d (last %v), want %d", got.Uses, got.LastUsedAt, limit)
	}
	if inv := e.open(l); inv.State != StateUsedUp {
		t.Fatalf("page state: %q", inv.State)
	}
}

func TestSameBrowserCountsOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Art", nil)
	e.start(room)
	l := e.newLink(room, Form{Role: "attendee", MaxUses: "1"})
	first := e.join(l, JoinRequest{Name: "Dana"})
	if first.Outcome != OutcomeJoin {
		t.Fatal(first.Outcome)
	}
	again := e.join(l, JoinRequest{Name: "Dana", BrowserID: first.BrowserID})
	if again.Outcome != OutcomeJoin {
		t.Fatalf("reconnect of the same browser: %q", again.Outcome)
	}
	u1, _ := url.Parse(first.JoinURL)
	u2, _ := url.Parse(again.JoinURL)
	if u1.Query().Get("userID") != u2.Query().Get("userID") {
		t.Fatal("a reconnect got another BBB userID")
	}
	if other := e.join(l, JoinRequest{Name: "Eli"}); other.Outcome != OutcomeUsedUp {
		t.Fatalf("another browser on a used-up link: %q", other.Outcome)
	}
	if got := e.reload(l).Uses; got != 1 {
		t.Fatalf("uses = %d, want 1", got)
	}
}

func TestRevokedLinkIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("History", nil)
	other := e.newRoom("Other teacher's room", nil)
	e.start(room)
	l := e.newLink(room, Form{Role: "guest", Label: "Visitors"})
	who := audit.Record{ActorID: e.user.ID, ActorEmail: e.user.Email}
	if err := e.svc.Revoke(context.Background(), other, l.ID, e.user, who); err != ErrNotFound {
		t.Fatalf("revoking through another room: %v, want not found", err)
	}
	if err := e.svc.Revoke(context.Background(), room, l.ID, e.user, who); err != nil {
		t.Fatal(err)
	}
	got := e.reload(l)
	if got.RevokedAt == nil || got.RevokedByID == nil || *got.RevokedByID != e.user.ID {
		t.Fatalf("revocation not stored: %+v", got)
	}
	if d := e.join(l, JoinRequest{Name: "Finn"}); d.Outcome != OutcomeRevoked {
		t.Fatalf("revoked link: %q", d.Outcome)
	}
	if a := e.auditEntries("link.revoke"); len(a) != 1 {
		t.Fatalf("revocation audit: %+v", a)
	}
}

func TestAccessCode(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Biology", nil)
	e.start(room)
	l := e.newLink(room, Form{Role: "attendee", AccessCode: "frog-42"})
	if !e.open(l).NeedsAccessCode {
		t.Fatal("the page does not ask for the access code")
	}
	if d := e.join(l, JoinRequest{Name: "Gil", AccessCode: "frog-43"}); d.Outcome != OutcomeWrongAccessCode {
		t.Fatalf("wrong code: %q", d.Outcome)
	}
	if d := e.join(l, JoinRequest{Name: "Gil", AccessCode: "frog-42"}); d.Outcome != OutcomeJoin {
		t.Fatalf("right code: %q", d.Outcome)
	}
	var stored models.Link
	e.db.First(&stored, l.ID)
	if stored.AccessCodeHash == "" || strings.Contains(stored.AccessCodeHash, "frog") {
		t.Fatalf("access code stored as %q", stored.AccessCodeHash)
	}
	// Wrong access codes count as guesses: the tenth from one address ends the budget.
	for range 12 {
		e.join(l, JoinRequest{Name: "Gil", AccessCode: "nope", Who: audit.Record{ClientIP: "198.51.100.7"}})
	}
	if d := e.join(l, JoinRequest{Name: "Gil", AccessCode: "frog-42", Who: audit.Record{ClientIP: "198.51.100.7"}}); d.Outcome != OutcomeTooManyGuesses {
		t.Fatalf("after many wrong codes: %q", d.Outcome)
	}
}

func TestFixedNameCannotBeOverridden(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Staff room", nil)
	e.start(room)
	l := e.newLink(room, Form{Role: "attendee", FixedName: "Interpreter"})
	d := e.join(l, JoinRequest{Name: "Mallory the Moderator"})
	if d.Outcome != OutcomeJoin || d.Name != "Interpreter" {
		t.Fatalf("outcome %q name %q", d.Outcome, d.Name)
	}
	if u := e.follow(d.JoinURL, room); u.FullName != "Interpreter" {
		t.Fatalf("BBB got %q", u.FullName)
	}
	// No typed name is needed either.
	if d := e.join(l, JoinRequest{}); d.Outcome != OutcomeJoin {
		t.Fatalf("fixed-name link without a typed name: %q", d.Outcome)
	}
}

func TestNameWithMarkupReachesBBBAsText(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Computing", nil)
	e.start(room)
	name := `<img src=x onerror=alert(1)> "Bob" & co`
	d := e.join(e.defaultLink(room), JoinRequest{Name: "  " + name + "\x00\n"})
	if d.Outcome != OutcomeJoin {
		t.Fatal(d.Outcome)
	}
	// BBB receives exactly the text typed (control characters removed), URL-encoded: the
	// client shows it as text, neither interpreted nor turned into &lt;…
	if u := e.follow(d.JoinURL, room); u.FullName != name {
		t.Fatalf("BBB got %q, want %q", u.FullName, name)
	}
	if strings.Contains(d.JoinURL, "<") || strings.Contains(d.JoinURL, `"`) {
		t.Fatalf("join URL not encoded: %s", d.JoinURL)
	}
}

func TestNameAndConsentRequired(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Recorded lecture", createopts.Values{"record": "true"})
	e.start(room)
	l := e.defaultLink(room)
	if !e.open(l).Records {
		t.Fatal("the page does not say that the room records")
	}
	if d := e.join(l, JoinRequest{Name: "   "}); d.Outcome != OutcomeNameRequired {
		t.Fatalf("blank name: %q", d.Outcome)
	}
	if d := e.join(l, JoinRequest{Name: "Hana"}); d.Outcome != OutcomeConsentRequired {
		t.Fatalf("no consent: %q", d.Outcome)
	}
	if d := e.join(l, JoinRequest{Name: "Hana", Consent: true}); d.Outcome != OutcomeJoin {
		t.Fatalf("with consent: %q", d.Outcome)
	}
	if a := e.auditEntries("link.join"); len(a) != 1 || !strings.Contains(a[0].Details, `"recording_consent":true`) {
		t.Fatalf("consent not audited: %+v", a)
	}
}

func TestGuestLinksFollowTheGuestPolicy(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	lobby := e.newRoom("Open day", createopts.Values{"guestPolicy": "ASK_MODERATOR"})
	closed := e.newRoom("Exam", createopts.Values{"guestPolicy": "ALWAYS_DENY"})
	e.start(lobby)
	e.start(closed)
	d := e.join(e.newLink(lobby, Form{Role: "guest"}), JoinRequest{Name: "Visitor"})
	if d.Outcome != OutcomeJoin {
		t.Fatal(d.Outcome)
	}
	if u := e.follow(d.JoinURL, lobby); u.Query.Get("guest") != "true" || u.GuestStatus != "WAIT" {
		t.Fatalf("guest join: guest=%q status %q, want the lobby", u.Query.Get("guest"), u.GuestStatus)
	}
	if d := e.join(e.newLink(closed, Form{Role: "guest"}), JoinRequest{Name: "Visitor"}); d.Outcome != OutcomeGuestDenied {
		t.Fatalf("guest of a room that denies guests: %q", d.Outcome)
	}
}

func TestFullRoom(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{StatusInterval: time.Nanosecond})
	room := e.newRoom("Small group", createopts.Values{"maxParticipants": "2"})
	e.start(room)
	l := e.defaultLink(room)
	var first *Decision
	for _, name := range []string{"Ida", "Jon"} {
		d := e.join(l, JoinRequest{Name: name})
		if d.Outcome != OutcomeJoin {
			t.Fatal(d.Outcome)
		}
		u := e.follow(d.JoinURL, room)
		if err := e.sim.EnterUser(room.MeetingID, u.UserID); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = d
		}
	}
	if d := e.join(l, JoinRequest{Name: "Kai"}); d.Outcome != OutcomeFull {
		t.Fatalf("third participant: %q", d.Outcome)
	}
	if d := e.join(l, JoinRequest{Name: "Ida", BrowserID: first.BrowserID}); d.Outcome != OutcomeJoin {
		t.Fatalf("a participant reconnecting to a full room: %q", d.Outcome)
	}
}

func TestModeratorLinkBurstCreatesOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Assembly", nil)
	l := e.newLink(room, Form{Role: "moderator", Label: "Teachers"})
	inv := e.open(l)
	const n = 40
	var wg sync.WaitGroup
	urls := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := e.svc.Join(context.Background(), inv, JoinRequest{Name: fmt.Sprintf("Teacher %d", i)})
			if err != nil || d.Outcome != OutcomeJoin {
				t.Errorf("join %d: %v %+v", i, err, d)
				return
			}
			urls[i] = d.JoinURL
		}()
	}
	wg.Wait()
	if got := e.count("create"); got != 1 {
		t.Fatalf("BBB received %d create calls, want 1", got)
	}
	u := e.follow(urls[0], room)
	if u.Role != "MODERATOR" {
		t.Fatalf("moderator link joined as %s", u.Role)
	}
	ct := map[string]bool{}
	for _, s := range urls {
		q, _ := url.Parse(s)
		ct[q.Query().Get("createTime")] = true
	}
	if len(ct) != 1 {
		t.Fatalf("joins carry %d different createTimes", len(ct))
	}
	// Waiting attendees see the start at once.
	if d := e.join(e.defaultLink(room), JoinRequest{Name: "Pupil"}); d.Outcome != OutcomeJoin {
		t.Fatalf("attendee after the moderator link started: %q", d.Outcome)
	}
}

func TestAttendeesMayStartWhenTheRoomAllows(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{AttendeesMayStart: func(r *models.Room) bool { return r.Name == "Study hall" }})
	room := e.newRoom("Study hall", nil)
	d := e.join(e.defaultLink(room), JoinRequest{Name: "Lea"})
	if d.Outcome != OutcomeJoin || !d.Started {
		t.Fatalf("outcome %q started %v", d.Outcome, d.Started)
	}
	if u := e.follow(d.JoinURL, room); u.Role != "VIEWER" {
		t.Fatalf("attendee who started joined as %s", u.Role)
	}
}

func TestInvitationAndDefaultURL(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Parents", nil)
	other := e.newRoom("Other", nil)
	l := e.newLink(room, Form{Role: "guest", Label: "Parents' evening"})
	start := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
	if err := e.db.Create(&models.Schedule{RoomID: room.ID, Title: "Evening", StartsAt: start, EndsAt: start.Add(time.Hour)}).Error; err != nil {
		t.Fatal(err)
	}
	inv, err := e.svc.Invitation(room, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Link.URL != e.svc.URL(l) || inv.Link.Code == "" || inv.CodeURL != "http://portal.test/j" || len(inv.Schedules) != 1 || !inv.Schedules[0].Start.Equal(start) {
		t.Fatalf("invitation: %+v", inv)
	}
	if _, err := e.svc.Invitation(other, l.ID); err != ErrNotFound {
		t.Fatalf("another room's link: %v, want not found", err)
	}
	u, err := e.svc.DefaultURL(room.ID)
	if err != nil || !strings.HasPrefix(u, "http://portal.test/j/") {
		t.Fatalf("default URL %q %v", u, err)
	}
	if inv, err := e.svc.Open(strings.TrimPrefix(u, "http://portal.test/j/")); err != nil || !inv.Link.IsDefault {
		t.Fatalf("default URL does not open the default link: %v", err)
	}
	if err := e.svc.Revoke(context.Background(), other, e.defaultLink(other).ID, e.user, audit.Record{}); err != nil {
		t.Fatal(err)
	}
	urls, err := e.svc.DefaultURLs([]uint{room.ID, other.ID})
	if err != nil || len(urls) != 1 || urls[room.ID] != u {
		t.Fatalf("dashboard URLs %v %v, want only the unrevoked one", urls, err)
	}
}
