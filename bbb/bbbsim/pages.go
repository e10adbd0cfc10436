package bbbsim

import (
	"bytes"
	"embed"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strings"
	"sync"
)

//go:embed templates/*.html templates/style.css
var pageFiles embed.FS

var pages = template.Must(template.ParseFS(pageFiles, "templates/*.html"))

// serveSim serves the simulated client, its forms, playback pages, thumbnails, captions and the
// control endpoint.
func (s *Server) serveSim(w http.ResponseWriter, r *http.Request, path string) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	switch {
	case path == "client" && r.Method == http.MethodGet:
		s.clientPage(w, r)
	case path == "style.css":
		css, _ := pageFiles.ReadFile("templates/style.css")
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Write(css)
	case path == "leave" || path == "record" || path == "guest" || path == "end":
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		s.clientAction(w, r, path)
	case strings.HasPrefix(path, "playback/"):
		s.playbackPage(w, r, path)
	case strings.HasPrefix(path, "presentation/") && strings.HasSuffix(path, ".png"):
		w.Header().Set("Content-Type", "image/png")
		w.Write(thumbnail())
	case strings.HasPrefix(path, "captions/"):
		s.captionFile(w, r, strings.TrimPrefix(path, "captions/"))
	case strings.HasPrefix(path, "control/") && s.opts.Control:
		s.control(w, r, strings.TrimPrefix(path, "control/"))
	default:
		http.NotFound(w, r)
	}
}

type pageData struct {
	Title       string
	Message     string
	Refresh     bool
	LinkURL     string
	LinkText    string
	Meeting     string
	FullName    string
	Role        string
	Token       string
	Moderator   bool
	Recordable  bool
	Recording   bool
	Attendees   []attendeeView
	Waiting     []attendeeView
	Chat        []chatMessage
	Documents   []string
	Breakouts   []string
	CanRecord   bool
	LeaveAction string
}

type attendeeView struct {
	Name, Role, UserID string
	Presenter          bool
}

func roleLabel(role string) string {
	if role == roleModerator {
		return "Moderator"
	}
	return "Viewer"
}

func (s *Server) render(w http.ResponseWriter, status int, name string, data pageData) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, "The page could not be shown.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) message(w http.ResponseWriter, status int, title, msg, link, linkText string) {
	s.render(w, status, "message.html", pageData{Title: title, Message: msg, LinkURL: link, LinkText: linkText})
}

func (s *Server) clientPage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	sess := s.sessions[r.URL.Query().Get("sessionToken")]
	if sess == nil {
		s.mu.Unlock()
		s.message(w, http.StatusNotFound, "Invalid link", "This link to a meeting is not valid. Ask for a new invitation.", "", "")
		return
	}
	m := sess.meeting
	logout := sess.logoutURL
	if logout == "" {
		logout = m.logoutURL
	}
	switch err := s.enter(sess); err {
	case nil:
	case ErrGuestWaiting:
		s.mu.Unlock()
		s.render(w, http.StatusOK, "message.html", pageData{Title: m.name, Refresh: true,
			Message: "Please wait until a moderator lets you in. This page refreshes by itself."})
		return
	case ErrGuestDenied:
		s.mu.Unlock()
		s.message(w, http.StatusForbidden, m.name, "A moderator did not let you into this meeting.", logout, "Back")
		return
	case ErrMeetingFull:
		s.mu.Unlock()
		s.message(w, http.StatusForbidden, m.name, "This meeting is full. Try again when someone has left.", logout, "Back")
		return
	default:
		s.mu.Unlock()
		s.message(w, http.StatusGone, m.name, "This meeting has ended.", logout, "Back")
		return
	}
	data := pageData{
		Title: m.name, Meeting: m.name, FullName: sess.fullName, Role: roleLabel(sess.role), Token: sess.token,
		Moderator: sess.role == roleModerator, Recordable: m.record, Recording: m.marks,
		CanRecord: m.record && !m.marks && m.allowStartStopRecording && sess.role == roleModerator,
		Chat:      append([]chatMessage(nil), m.chat...), Documents: append([]string(nil), m.documents...),
	}
	for _, a := range m.attendees {
		data.Attendees = append(data.Attendees, attendeeView{Name: a.fullName, Role: roleLabel(a.role), Presenter: a.presenter})
	}
	if sess.role == roleModerator {
		for _, other := range s.sessionsOf(m) {
			if other.guestStatus == guestWait {
				data.Waiting = append(data.Waiting, attendeeView{Name: other.fullName, UserID: other.extUserID})
			}
		}
	}
	for _, id := range m.breakouts {
		if b := s.meetings[id]; b != nil {
			data.Breakouts = append(data.Breakouts, b.name)
		}
	}
	s.mu.Unlock()
	s.render(w, http.StatusOK, "client.html", data)
}

// clientAction handles the client page's forms: leave, start recording, let a guest in, end.
func (s *Server) clientAction(w http.ResponseWriter, r *http.Request, action string) {
	r.ParseForm()
	token := r.PostForm.Get("sessionToken")
	s.mu.Lock()
	sess := s.sessions[token]
	if sess == nil || !sess.entered || sess.left || sess.meeting.finished {
		s.mu.Unlock()
		s.message(w, http.StatusGone, "Not in the meeting", "You are not in this meeting any more.", "", "")
		return
	}
	m := sess.meeting
	back := baseURL(r) + "/bigbluebutton/sim/client?sessionToken=" + token
	moderator := sess.role == roleModerator
	switch action {
	case "leave":
		s.leave(sess)
		back = sess.logoutURL
		if back == "" {
			back = m.logoutURL
		}
	case "record":
		if moderator && m.record && m.allowStartStopRecording && !m.marks {
			s.markRecording(m)
		}
	case "guest":
		if moderator {
			for _, other := range s.sessionsOf(m) {
				if other.extUserID == r.PostForm.Get("userID") && other.guestStatus == guestWait {
					if r.PostForm.Get("decision") == "allow" {
						other.guestStatus = guestAllow
					} else {
						other.guestStatus = guestDeny
					}
				}
			}
		}
	case "end":
		if moderator && m.endTimer == nil {
			m.endTimer = s.after(delayOr(s.opts.EndDelay, defaultEndDelay), func() { s.finishMeeting(m) })
		}
	}
	s.mu.Unlock()
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (s *Server) playbackPage(w http.ResponseWriter, r *http.Request, path string) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	recordID := parts[len(parts)-1]
	s.mu.Lock()
	rec := s.recordings[recordID]
	var name, state string
	if rec != nil {
		name, state = rec.name, rec.state
	}
	s.mu.Unlock()
	if rec == nil || (state != statePublished) {
		s.message(w, http.StatusNotFound, "Recording not found", "This recording does not exist or is not published.", "", "")
		return
	}
	s.message(w, http.StatusOK, name, "This is the simulated playback of the recording of “"+name+"”.", "", "")
}

func (s *Server) captionFile(w http.ResponseWriter, r *http.Request, path string) {
	recordID, name, _ := strings.Cut(path, "/")
	s.mu.Lock()
	var content []byte
	if rec := s.recordings[recordID]; rec != nil {
		content = rec.trackFiles[name]
	}
	s.mu.Unlock()
	if content == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/vtt; charset=utf-8")
	w.Write(content)
}

var (
	thumbOnce  sync.Once
	thumbBytes []byte
)

// thumbnail is the 176×136 slide preview every recording shows.
func thumbnail() []byte {
	thumbOnce.Do(func() {
		img := image.NewRGBA(image.Rect(0, 0, 176, 136))
		for y := 0; y < 136; y++ {
			for x := 0; x < 176; x++ {
				c := color.RGBA{0xf4, 0xf6, 0xf8, 0xff}
				if y < 24 {
					c = color.RGBA{0x1b, 0x5e, 0xa8, 0xff}
				}
				img.Set(x, y, c)
			}
		}
		var buf bytes.Buffer
		png.Encode(&buf, img)
		thumbBytes = buf.Bytes()
	})
	return thumbBytes
}
