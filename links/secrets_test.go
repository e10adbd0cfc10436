package links

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"bbbportal/bbb/bbbsim"
	"bbbportal/models"
)

func TestShortCodeOpensTheLink(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Music", nil)
	e.start(room)
	l := e.defaultLink(room)
	code := e.svc.Code(l)
	if len(code) != 11 || code[3] != ' ' || code[7] != ' ' {
		t.Fatalf("code %q is not grouped as 123 456 789", code)
	}
	inv, err := e.svc.OpenCode(strings.ReplaceAll(code, " ", "-"), "192.0.2.1")
	if err != nil || inv.Link.ID != l.ID || inv.Token != e.svc.Token(l) {
		t.Fatalf("open by code: %v %+v", err, inv)
	}
	if d, _ := e.svc.Join(context.Background(), inv, JoinRequest{Name: "Mo"}); d.Outcome != OutcomeJoin {
		t.Fatalf("join by code: %q", d.Outcome)
	}
	if mod := e.newLink(room, Form{Role: "moderator"}); e.svc.Code(mod) != "" {
		t.Fatal("a moderator link has a short code")
	}
	var stored models.Link
	e.db.First(&stored, l.ID)
	if stored.CodeLookup == nil || strings.Contains(*stored.CodeLookup, strings.ReplaceAll(code, " ", "")) {
		t.Fatalf("code stored in the clear: %v", stored.CodeLookup)
	}
}

func TestWrongCodesAreLimited(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Drama", nil)
	good := strings.ReplaceAll(e.svc.Code(e.defaultLink(room)), " ", "")
	wrong := "000000000"
	if wrong == good {
		wrong = "000000001"
	}
	for i := range 10 {
		if _, err := e.svc.OpenCode(wrong, "203.0.113.5"); err != ErrNotFound {
			t.Fatalf("wrong code %d: %v, want not found", i, err)
		}
	}
	if _, err := e.svc.OpenCode(good, "203.0.113.5"); err != ErrTooManyGuesses {
		t.Fatalf("after 10 wrong codes from one address: %v, want too many guesses", err)
	}
	// A right code costs nothing: a class behind another address keeps typing it.
	for i := range 50 {
		if _, err := e.svc.OpenCode(good, "203.0.113.6"); err != nil {
			t.Fatalf("right code %d: %v", i, err)
		}
	}
	// The portal-wide budget (30 a minute) stops guessing from many addresses.
	for i := range 20 {
		e.svc.OpenCode(wrong, "198.51.100."+string(rune('a'+i)))
	}
	if _, err := e.svc.OpenCode(good, "192.0.2.99"); err != ErrTooManyGuesses {
		t.Fatalf("after 30 wrong codes portal-wide: %v", err)
	}
}

func TestDatabaseCopyAloneMakesNoWorkingLink(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Geography", nil)
	l := e.newLink(room, Form{Role: "moderator", Label: "Co-teacher"})
	token, code := e.svc.Token(l), strings.ReplaceAll(e.svc.Code(e.defaultLink(room)), " ", "")
	if len(token) < 22 {
		t.Fatalf("token %q is shorter than 128 bits", token)
	}
	if _, err := e.svc.Open(token); err != nil {
		t.Fatal(err)
	}
	e.audit.Close()
	models.Close(e.db)

	raw, err := os.ReadFile(filepath.Join(e.dir, "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	wal, _ := os.ReadFile(filepath.Join(e.dir, "portal.db-wal"))
	for _, secret := range []string{token, code} {
		if bytes.Contains(raw, []byte(secret)) || bytes.Contains(wal, []byte(secret)) {
			t.Fatalf("the database file holds %q", secret)
		}
	}

	// The copy with another key (the key file was not copied) opens nothing.
	copyDir := t.TempDir()
	os.WriteFile(filepath.Join(copyDir, "portal.db"), raw, 0o600)
	db, err := models.Open(filepath.Join(copyDir, "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	otherKey, err := LoadOrCreateKey(copyDir)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := New(db, otherKey, e.client, e.meet, e.audit, Config{BaseURL: "http://portal.test"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	copied, err := models.LinkOfRoom(db, room.ID, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	if forged := svc.Token(copied); forged == token {
		t.Fatal("another key derives the same token")
	} else if _, err := e.svc.Open(forged); err != ErrNotFound {
		t.Fatalf("a token made from the copy opens the link: %v", err)
	}
	if _, err := svc.Open(token); err != ErrNotFound {
		t.Fatal("the copy with another key accepts the real token")
	}
}

func TestKeyFileIsCreatedPrivateAndReused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	k1, err := LoadOrCreateKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, KeyFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v (%v), want 0600", fi.Mode(), err)
	}
	k2, err := LoadOrCreateKey(dir)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatal("the key changed on the second start: every link would break")
	}
	os.WriteFile(filepath.Join(dir, KeyFile), []byte("short\n"), 0o600)
	if _, err := LoadOrCreateKey(dir); err == nil {
		t.Fatal("a broken key file was accepted")
	}
}

func TestTamperedTokensAreNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Latin", nil)
	token := e.svc.Token(e.defaultLink(room))
	flipped := []byte(token)
	if flipped[5] == 'A' {
		flipped[5] = 'B'
	} else {
		flipped[5] = 'A'
	}
	for _, bad := range []string{"", "x", string(flipped), token[:len(token)-1], token + "A", strings.Repeat("A", 200)} {
		if _, err := e.svc.Open(bad); err != ErrNotFound {
			t.Errorf("token %q: %v, want not found", bad, err)
		}
	}
}

func TestWaitingPagesAskBBBOncePerInterval(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{StatusInterval: 300 * time.Millisecond})
	room := e.newRoom("Year 9 assembly", nil)
	inv := e.open(e.defaultLink(room))
	before := e.count("getMeetingInfo")
	poll := func() []MeetingState {
		var wg sync.WaitGroup
		out := make([]MeetingState, 100)
		for i := range out {
			wg.Add(1)
			go func() { defer wg.Done(); out[i] = e.svc.Status(context.Background(), inv) }()
		}
		wg.Wait()
		return out
	}
	for _, st := range poll() {
		if st.Running || st.Err != nil {
			t.Fatalf("before the start: %+v", st)
		}
	}
	if got := e.count("getMeetingInfo") - before; got != 1 {
		t.Fatalf("100 waiting pages made %d getMeetingInfo calls, want 1", got)
	}
	e.start(room)
	before = e.count("getMeetingInfo") - 1 // the start asked too
	time.Sleep(350 * time.Millisecond)     // the interval passing is what is under test
	// The first poll after the interval gets the old answer at once and starts one call.
	poll()
	states := poll()
	for deadline := time.Now().Add(2 * time.Second); !states[0].Running && time.Now().Before(deadline); states = poll() {
		time.Sleep(5 * time.Millisecond) // until that call's answer is in
	}
	if got := e.count("getMeetingInfo") - before; got != 2 {
		t.Fatalf("after one interval: %d calls, want 2", got)
	}
	if !states[0].Running {
		t.Fatal("the waiting pages did not learn that the meeting started")
	}

	// A slow BBB: waiting pages keep getting the last answer while one call is on its way.
	e.sim.SetFault("getMeetingInfo", bbbsim.Fault{Latency: 2 * time.Second, Times: 1})
	time.Sleep(350 * time.Millisecond) // the interval passing is what is under test
	calls := e.count("getMeetingInfo")
	done := make(chan []MeetingState)
	go func() { done <- poll() }()
	select {
	case states := <-done:
		if !states[0].Running {
			t.Fatal("stale answer lost")
		}
	case <-time.After(time.Second):
		t.Fatal("waiting pages wait for a slow BBB instead of getting the last answer")
	}
	deadline := time.Now().Add(time.Second)
	for e.count("getMeetingInfo") == calls && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	poll() // still in flight: no second call
	if got := e.count("getMeetingInfo") - calls; got != 1 {
		t.Fatalf("a slow BBB got %d calls, want 1 in flight", got)
	}
}

func TestMigrationGivesExistingRoomsALink(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Old room", nil)
	// Back to the schema before links, with the room already there.
	for _, q := range []string{"DROP TABLE link_uses", "DROP TABLE links", "DELETE FROM schema_migrations WHERE version = 10"} {
		if err := e.db.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := models.Migrate(e.db); err != nil {
		t.Fatal(err)
	}
	l := e.defaultLink(room)
	if l.Role != models.LinkAttendee || l.CodeLookup != nil || l.CreatedByID == nil || *l.CreatedByID != e.user.ID {
		t.Fatalf("migrated link: %+v", l)
	}
	svc, err := New(e.db, e.key, e.client, e.meet, e.audit, Config{BaseURL: "http://portal.test"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	l = e.defaultLink(room)
	code := svc.Code(l)
	if code == "" {
		t.Fatal("the migrated link got no short code at start")
	}
	if inv, err := svc.OpenCode(code, "192.0.2.3"); err != nil || inv.Link.ID != l.ID {
		t.Fatalf("open migrated link by code: %v", err)
	}
}

func TestQRCodes(t *testing.T) {
	t.Parallel()
	url := "https://portal.example/j/" + strings.Repeat("A", 43)
	bits, err := QRBitmap(url)
	if err != nil {
		t.Fatal(err)
	}
	svg, err := QRSVG(url)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ViewBox string `xml:"viewBox,attr"`
		Path    struct {
			D string `xml:"d,attr"`
		} `xml:"path"`
	}
	if err := xml.Unmarshal(svg, &doc); err != nil {
		t.Fatalf("SVG does not parse: %v", err)
	}
	dark := 0
	for _, row := range bits {
		for _, b := range row {
			if b {
				dark++
			}
		}
	}
	// Every dark module is covered by exactly one run: the run lengths add up.
	covered := 0
	for _, seg := range strings.Split(doc.Path.D, "M")[1:] {
		var x, y, n, n2 int
		if _, err := fmt.Sscanf(seg, "%d %dh%dv1h-%dz", &x, &y, &n, &n2); err != nil || n != n2 {
			t.Fatalf("segment %q: %v", seg, err)
		}
		for i := range n {
			if !bits[y][x+i] {
				t.Fatalf("light module (%d,%d) drawn dark", x+i, y)
			}
		}
		covered += n
	}
	if covered != dark || len(bits) < 21 {
		t.Fatalf("SVG covers %d of %d dark modules (%d×%d)", covered, dark, len(bits), len(bits))
	}
	for _, bad := range []string{"<script", "href", "<image", "<text"} {
		if bytes.Contains(svg, []byte(bad)) {
			t.Fatalf("SVG contains %q", bad)
		}
	}
	raw, err := QRPNG(url, 256)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil || img.Bounds().Dx() != 256 {
		t.Fatalf("PNG: %v %v", err, img.Bounds())
	}
}
