package links

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/meetings"
	"bbbportal/models"
)

// Cookies of the public join flow.
const (
	// CookieBrowser holds a random ID of the browser; the userID sent to BBB is derived from
	// it per room, so a reconnect is the same user and counts as one use.
	CookieBrowser = "bbbp_browser"
	// CookieName remembers the name typed last (not for fixed-name links).
	CookieName = "bbbp_name"
)

// NewBrowserID returns a value for CookieBrowser.
func NewBrowserID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// ValidBrowserID reports whether a cookie value is one NewBrowserID made.
func ValidBrowserID(v string) bool {
	if len(v) != 32 {
		return false
	}
	_, err := hex.DecodeString(v)
	return err == nil
}

// userID is the BBB userID of a browser in a room: stable for the pair, unrelated across rooms.
func (s *Service) userID(browserID string, room *models.Room) string {
	return "l_" + hex.EncodeToString(s.sec.mac("user", browserID+"\x00"+room.MeetingID)[:12])
}

// Invite is a link opened for its public page.
type Invite struct {
	Link            *models.Link
	Room            *models.Room
	Token           string
	OwnerName       string // "" unless the room shows its owner
	NeedsAccessCode bool
	Records         bool              // the room's meetings may be recorded: consent is asked
	State           string            // StateUsable, StateRevoked, StateExpired, StateUsedUp
	effective       map[string]string // the room's effective create options: read only
}

// ErrTooManyGuesses is returned when the short code budget of the address or the portal is spent.
var ErrTooManyGuesses = errors.New("links: too many wrong codes")

// Open returns the link of a token for its public page; ErrNotFound for any token the
// portal did not make (or whose link is gone).
func (s *Service) Open(token string) (*Invite, error) {
	// A class opens one link: its token is checked once, not on every page and join. Only
	// tokens that check out are remembered.
	pid := s.opened.get(token, func(token string) string {
		pid, _ := s.sec.publicIDOf(token)
		return pid
	})
	if pid == "" {
		return nil, ErrNotFound
	}
	l, eff, err := s.cache.get(pid, func() (*models.Link, error) { return models.LinkByPublicID(s.db, pid) })
	if err != nil {
		return nil, err
	}
	return s.invite(l, eff, token), nil
}

// OpenCode returns the link of a typed short code. Wrong codes are limited per address and
// for the whole portal (see Limits); ErrTooManyGuesses once either budget is spent.
func (s *Service) OpenCode(code, clientIP string) (*Invite, error) {
	if !s.Limits.takeGuess(clientIP) {
		return nil, ErrTooManyGuesses
	}
	digits, ok := NormalizeCode(code)
	if !ok {
		return nil, ErrNotFound
	}
	l, err := models.LinkByCodeLookup(s.db, s.sec.codeLookup(digits))
	if err != nil {
		return nil, err
	}
	s.Limits.refundGuess(clientIP)
	return s.invite(l, l.Room.Effective(), s.sec.token(l.PublicID)), nil
}

func (s *Service) invite(l *models.Link, effective map[string]string, token string) *Invite {
	inv := &Invite{Link: l, Room: &l.Room, Token: token, NeedsAccessCode: l.AccessCodeHash != "",
		Records: effective["record"] == "true", State: stateOf(l, s.now()), effective: effective}
	if s.cfg.ShowOwner != nil && s.cfg.ShowOwner(&l.Room) {
		inv.OwnerName = l.Room.Owner.DisplayName
	}
	return inv
}

// Outcomes of a join.
const (
	OutcomeJoin            = "join"              // JoinURL is set: redirect there
	OutcomeWait            = "wait"              // the meeting has not started: show the waiting page
	OutcomeRevoked         = "revoked"           // ask the person who sent the link for a new one
	OutcomeExpired         = "expired"           // ditto
	OutcomeUsedUp          = "used_up"           // ditto
	OutcomeWrongAccessCode = "wrong_access_code" // show the form again
	OutcomeNameRequired    = "name_required"     // show the form again
	OutcomeConsentRequired = "consent_required"  // show the form again
	OutcomeFull            = "full"              // the room has reached maxParticipants
	OutcomeGuestDenied     = "guest_denied"      // the room's guest policy refuses guests
	OutcomeTooManyGuesses  = "too_many_guesses"  // wrong access codes: wait a minute
	OutcomeBBB             = "bbb"               // BBB failed: Problem says how
)

// JoinRequest is a submitted join form.
type JoinRequest struct {
	Name       string
	AccessCode string
	Consent    bool   // the recording statement was accepted
	BrowserID  string // CookieBrowser; "" or invalid: a new one is made (set it as the cookie)
	Who        audit.Record
}

// Decision is what a join comes to.
type Decision struct {
	Outcome   string
	JoinURL   string // OutcomeJoin only; a credential: never log it, answer with no-store
	BrowserID string // the browser's ID: set CookieBrowser to it
	Name      string // the name the user joins with (the link's fixed name wins)
	Problem   string // OutcomeBBB, or OutcomeWait while BBB cannot be asked: translation key
	Started   bool   // this join started the meeting
}

// Join decides a submitted join of an opened link.
func (s *Service) Join(ctx context.Context, inv *Invite, req JoinRequest) (*Decision, error) {
	l, room := inv.Link, inv.Room
	d := &Decision{BrowserID: req.BrowserID}
	if !ValidBrowserID(d.BrowserID) {
		d.BrowserID = NewBrowserID()
	}
	switch stateOf(l, s.now()) {
	case StateRevoked:
		return s.outcome(d, OutcomeRevoked), nil
	case StateExpired:
		return s.outcome(d, OutcomeExpired), nil
	}
	if inv.NeedsAccessCode {
		ip := req.Who.ClientIP
		if !s.Limits.takeGuess(ip) {
			return s.outcome(d, OutcomeTooManyGuesses), nil
		}
		if !s.sec.accessCodeMatches(l.PublicID, l.AccessCodeHash, req.AccessCode) {
			s.record(ctx, req.Who, room, l, audit.ResultDenied, map[string]any{"problem": OutcomeWrongAccessCode})
			return s.outcome(d, OutcomeWrongAccessCode), nil
		}
		s.Limits.refundGuess(ip)
	}
	d.Name = CleanName(req.Name)
	if l.FixedName != "" {
		d.Name = l.FixedName
	}
	if utf8.RuneCountInString(d.Name) > MaxName {
		d.Name = string([]rune(d.Name)[:MaxName])
	}
	if d.Name == "" {
		return s.outcome(d, OutcomeNameRequired), nil
	}
	if inv.Records && !req.Consent {
		return s.outcome(d, OutcomeConsentRequired), nil
	}
	effective := inv.effective
	if effective == nil { // an Invite not made by Open or OpenCode
		effective = room.Effective()
	}
	if l.Role == models.LinkGuest && !guestsAdmitted(effective["guestPolicy"]) {
		return s.outcome(d, OutcomeGuestDenied), nil
	}

	userID := s.userID(d.BrowserID, room)
	maxUsers, _ := strconv.Atoi(effective["maxParticipants"])
	// A join needs a current answer unless the last one said the meeting runs (BBB checks
	// createTime anyway); a room with a participant limit needs a current count.
	st := s.status.get(ctx, room.MeetingID, func(st MeetingState) bool { return st.Running && maxUsers == 0 }, 0)
	mayStart := l.Role == models.LinkModerator || (s.cfg.AttendeesMayStart != nil && s.cfg.AttendeesMayStart(room))
	if !st.Running && !mayStart {
		d.Outcome = OutcomeWait
		if st.Err != nil {
			d.Problem = "problem." + meetings.Explain(st.Err)
		}
		return d, nil
	}
	if !st.Running && st.Err != nil {
		d.Problem = "problem." + meetings.Explain(st.Err)
		return s.outcome(d, OutcomeBBB), nil
	}
	if st.Running && maxUsers > 0 && st.Participants >= maxUsers && !st.userIDs[userID] {
		return s.outcome(d, OutcomeFull), nil
	}

	details := make(map[string]any, 8) // with joinRecord's
	details["name"], details["started"] = d.Name, false
	if inv.Records {
		details["recording_consent"] = true
	}
	// A join of a running meeting is audited in the transaction that counts the use: a burst
	// of joins shares its commits. A join that starts the meeting is audited once it did.
	var rec *audit.Record
	if st.Running {
		r := joinRecord(req.Who, room, l, audit.ResultOK, details)
		rec = &r
	}
	err := s.uses.use(ctx, l.ID, browserKey(userID), rec)
	if l.MaxUses > 0 || err != nil {
		s.cache.forget(l.PublicID) // the cached use count (or state) is out of date
	}
	if err != nil {
		if !errors.Is(err, models.ErrLinkUnusable) {
			return nil, fmt.Errorf("links: count use: %w", err)
		}
		return s.outcome(d, s.whyUnusable(l.ID)), nil
	}

	createTime := st.CreateTime
	if !st.Running {
		t, err := s.ensureRunning(ctx, room, req.Who)
		if err != nil {
			d.Problem = "problem." + meetings.Explain(err)
			return s.outcome(d, OutcomeBBB), nil
		}
		createTime, d.Started = t, true
		s.status.started(room.MeetingID, t)
	}
	p := bbb.JoinParams{FullName: d.Name, MeetingID: room.MeetingID, Role: bbb.RoleViewer, UserID: userID,
		CreateTime: createTime, LogoutURL: s.logout}
	if l.Role == models.LinkModerator {
		p.Role = bbb.RoleModerator
	}
	if l.Role == models.LinkGuest {
		yes := true
		p.Guest = &yes
	}
	joinURL, err := s.bbb.JoinURL(p)
	if err != nil {
		return nil, fmt.Errorf("links: join url: %w", err)
	}
	if rec == nil {
		details["started"] = d.Started
		s.record(ctx, req.Who, room, l, audit.ResultOK, details)
	}
	d.Outcome, d.JoinURL = OutcomeJoin, joinURL
	return d, nil
}

func (s *Service) outcome(d *Decision, outcome string) *Decision {
	d.Outcome = outcome
	return d
}

// whyUnusable tells which of revoked, expired and used up stopped a use.
func (s *Service) whyUnusable(linkID uint) string {
	var fresh models.Link
	if s.db.First(&fresh, linkID).Error != nil {
		return OutcomeRevoked
	}
	switch stateOf(&fresh, s.now()) {
	case StateRevoked:
		return OutcomeRevoked
	case StateExpired:
		return OutcomeExpired
	}
	return OutcomeUsedUp
}

// browserKey is how link_uses stores a browser: a hash, not the userID BBB shows.
func browserKey(userID string) string {
	sum := sha256.Sum256([]byte(userID))
	return hex.EncodeToString(sum[:])
}

// guestsAdmitted reports whether BBB lets guests in (at once or through the lobby) under a
// guest policy; BBB treats an unknown policy like ALWAYS_DENY.
func guestsAdmitted(policy string) bool {
	switch policy {
	case "", "ALWAYS_ACCEPT", "ASK_MODERATOR", "ALWAYS_ACCEPT_AUTH":
		return true
	}
	return false
}

// ensureRunning creates the room's meeting unless it runs, once however many ask.
func (s *Service) ensureRunning(ctx context.Context, room *models.Room, who audit.Record) (time.Time, error) {
	if e, ok := s.starter.(ensurer); ok {
		return e.EnsureRunning(ctx, room, who)
	}
	// meetings.Service.Start wants a portal user and returns a moderator join URL for
	// them; the meeting is recorded as started by the room's owner and only the
	// createTime of that URL is used.
	owner := room.Owner
	if owner.ID == 0 {
		owner.ID = room.OwnerID
	}
	joinURL, err := s.starter.Start(ctx, room, &owner, who)
	if err != nil {
		return time.Time{}, err
	}
	u, err := url.Parse(joinURL)
	if err != nil {
		return time.Time{}, err
	}
	ms, err := strconv.ParseInt(u.Query().Get("createTime"), 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("links: start: no createTime in the join URL")
	}
	return time.UnixMilli(ms), nil
}

// Status is what the waiting page polls: whether the meeting of an opened link runs now.
// BBB is asked at most once per StatusInterval per room however many pages wait; a poll
// that finds the last answer too old waits a moment for the new one, so that a start is
// seen at the next poll, but not longer while BBB is slow.
func (s *Service) Status(ctx context.Context, inv *Invite) MeetingState {
	return s.status.get(ctx, inv.Room.MeetingID, nil, statusFreshWait)
}

// statusFreshWait is how long a poll waits for BBB's new answer before taking the last one.
const statusFreshWait = 250 * time.Millisecond

func (s *Service) record(ctx context.Context, who audit.Record, room *models.Room, l *models.Link, result string, details map[string]any) {
	who = joinRecord(who, room, l, result, details)
	if err := s.audit.Write(ctx, who); err != nil && s.log != nil {
		s.log.Error("audit write failed", "action", who.Action, "err", err)
	}
}

// joinRecord is the audit entry of a join of the link.
func joinRecord(who audit.Record, room *models.Room, l *models.Link, result string, details map[string]any) audit.Record {
	details["link"] = l.ID
	details["label"] = l.Label
	details["role"] = l.Role
	details["room"] = room.Name
	who.Action, who.TargetType, who.TargetID, who.Result, who.Details = "link.join", "room", strconv.FormatUint(uint64(room.ID), 10), result, details
	return who
}
