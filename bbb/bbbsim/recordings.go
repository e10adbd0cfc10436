package bbbsim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

type recording struct {
	recordID, meetingID, name string
	isBreakout                bool
	parentID                  string
	sequence                  int
	breakoutRooms             []string
	state                     string
	startTime, endTime        int64
	participants              int
	rawSize                   int64
	meta                      *orderedMap
	formats                   []playbackFormat
	base                      string
	tracks                    []textTrack
	trackFiles                map[string][]byte
}

type playbackFormat struct {
	typ, url       string
	processingTime int64
	length         int64
	size           int64
	previews       []string
}

type textTrack struct {
	Href   string `json:"href"`
	Kind   string `json:"kind"`
	Label  string `json:"label"`
	Lang   string `json:"lang"`
	Source string `json:"source"`
}

const (
	stateProcessing  = "processing"
	stateProcessed   = "processed"
	statePublished   = "published"
	stateUnpublished = "unpublished"
	stateDeleted     = "deleted"
)

var previewAlts = []string{"Welcome to", "(this slide left blank for use as a whiteboard)", "(this slide left blank for use as a whiteboard)"}

// startRecording queues an ended meeting's recording through processing → processed → published;
// called with s.mu held.
func (s *Server) startRecording(m *meeting) {
	r := &recording{
		recordID:     m.intID,
		meetingID:    m.extID,
		name:         m.name,
		isBreakout:   m.isBreakout,
		parentID:     m.parentIntID,
		sequence:     m.sequence,
		state:        stateProcessing,
		startTime:    m.createTime,
		endTime:      m.endTime,
		participants: len(m.everUsers),
		meta:         m.meta.clone(),
		base:         m.base,
		trackFiles:   map[string][]byte{},
	}
	r.rawSize = 1_000_000 + (r.endTime-r.startTime)*50
	r.breakoutRooms = append(r.breakoutRooms, m.breakouts...)
	s.recordings[r.recordID] = r
	s.recordingOrder = append(s.recordingOrder, r.recordID)
	s.logf("recording %s is processing", r.recordID)
	for _, ev := range []string{"rap-archive-started", "rap-archive-ended", "rap-sanity-started", "rap-sanity-ended", "rap-process-started"} {
		s.emitRecordingEvent(ev, r)
	}
	processing := delayOr(s.opts.ProcessingDelay, defaultProcessingDelay)
	s.after(processing, func() {
		if r.state != stateProcessing {
			return
		}
		r.state = stateProcessed
		s.emitRecordingEvent("rap-process-ended", r)
		s.after(delayOr(s.opts.PublishDelay, defaultPublishDelay), func() {
			if r.state == stateProcessed {
				s.publishNew(r, processing.Milliseconds())
			}
		})
	})
}

// publishNew publishes a freshly processed recording and fires the recording-ready callbacks.
func (s *Server) publishNew(r *recording, processingMillis int64) {
	s.emitRecordingEvent("rap-publish-started", r)
	length := (r.endTime - r.startTime) / 60000
	presentation := playbackFormat{
		typ:            "presentation",
		url:            r.base + "/bigbluebutton/sim/playback/presentation/2.3/" + r.recordID,
		processingTime: processingMillis,
		length:         length,
		size:           200_000 + (r.endTime-r.startTime)*10,
	}
	deck := sha1hex(r.recordID) + "-" + strconv.FormatInt(r.startTime+31, 10)
	for i := range previewAlts {
		presentation.previews = append(presentation.previews,
			fmt.Sprintf("%s/bigbluebutton/sim/presentation/%s/presentation/%s/thumbnails/thumb-%d.png", r.base, r.recordID, deck, i+1))
	}
	video := playbackFormat{
		typ:            "video",
		url:            r.base + "/bigbluebutton/sim/playback/video/" + r.recordID + "/",
		processingTime: processingMillis * 2,
		length:         length,
		size:           500_000 + (r.endTime-r.startTime)*40,
	}
	r.formats = []playbackFormat{presentation, video}
	r.state = statePublished
	s.logf("recording %s is published", r.recordID)
	s.emitRecordingEvent("rap-publish-ended", r)
	s.emitRecordingEvent("rap-published", r)
	if u, ok := r.meta.get("bbb-recording-ready-url"); ok && u != "" {
		if s.scalelite() {
			// Scalelite strips the meta from the server and calls back itself, once, HS512.
			s.sendRecordingReadyJWT(u, r.recordID, RecordingReadyJWTWith("HS512", s.opts.Secret, r.meetingID, r.recordID))
		} else {
			for range r.formats { // the post-publish script runs once per published format
				s.sendRecordingReady(u, r.meetingID, r.recordID)
			}
		}
	}
	s.emitRecordingEvent("rap-post-publish-started", r)
	s.emitRecordingEvent("rap-post-publish-ended", r)
}

func (r *recording) size() int64 {
	var n int64
	for _, f := range r.formats {
		n += f.size
	}
	return n
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// findRecordings returns the recordings whose recordID starts with one of ids, in the given states.
func (s *Server) findRecordings(ids []string, states ...string) []*recording {
	var out []*recording
	for _, rid := range s.recordingOrder {
		r := s.recordings[rid]
		if len(states) > 0 && !contains(states, r.state) {
			continue
		}
		for _, id := range ids {
			if strings.HasPrefix(r.recordID, id) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

func metaMatches(value, pattern string) bool {
	starts, ends := strings.HasPrefix(pattern, "%"), strings.HasSuffix(pattern, "%") && len(pattern) > 1
	core := strings.TrimSuffix(strings.TrimPrefix(pattern, "%"), "%")
	switch {
	case starts && ends:
		return strings.Contains(value, core)
	case starts:
		return strings.HasSuffix(value, core)
	case ends:
		return strings.HasPrefix(value, core)
	}
	return value == pattern
}

func (s *Server) handleGetRecordings(c *callCtx) {
	p := c.p
	states := splitList(p.get("state"))
	if len(states) == 0 {
		states = []string{statePublished, stateUnpublished}
	}
	if contains(states, "any") {
		states = nil
	}
	if s.scalelite() && p.get("recordID") == "" && p.get("meetingID") == "" {
		s.writeFailed(c.w, "missingParameters", "param meetingID or recordID must be included.")
		return
	}
	var ids []string
	if recordIDs := splitList(p.get("recordID")); len(recordIDs) > 0 {
		ids = recordIDs
	} else {
		for _, mid := range splitList(p.get("meetingID")) {
			ids = append(ids, sha1hex(mid))
		}
	}
	if len(ids) == 0 {
		ids = []string{""}
	}
	var list []*recording
	filters := p.metadata()
	for _, r := range s.findRecordings(ids, states...) {
		ok := true
		for _, k := range filters.keys {
			v, has := r.meta.get(k)
			if !has || !metaMatches(v, filters.values[k]) {
				ok = false
				break
			}
		}
		if ok {
			list = append(list, r)
		}
	}
	total := len(list)
	offset := intParam(p, "offset", 0)
	if offset < 0 {
		offset = 0
	}
	limit, paginate := 0, false
	if v, err := strconv.Atoi(p.get("limit")); err == nil {
		limit, paginate = min(max(v, 1), 100), true
	}
	if paginate {
		list = list[min(offset, len(list)):]
		list = list[:min(limit, len(list))]
	}
	x := newTemplateXML().open("response").elem("returncode", "SUCCESS")
	if len(list) == 0 {
		x.raw("<recordings></recordings>").elem("messageKey", "noRecordings").elem("message", "There are no recordings for the meeting(s).")
	} else {
		x.open("recordings")
		for _, r := range list {
			writeRecording(x, r)
		}
		x.close()
	}
	if paginate {
		s.writePagination(x, offset, limit, len(list), total)
	}
	writeXML(c.w, x.close().String())
}

// writePagination adds the page information of a getRecordings answer with limit: 2.7 (since
// PR #21644) writes only <totalElements> at the top level; 3.0 kept the older <pagination> block
// with totalElements among Spring-style page fields (issue #24132). The simulator's count is
// exact; a real 3.0 server may overstate it.
func (s *Server) writePagination(x *xmlWriter, offset, limit, returned, total int) {
	if s.is27() {
		x.elem("totalElements", strconv.Itoa(total))
		return
	}
	pages := (total + limit - 1) / limit
	page := offset / limit
	x.open("pagination").
		open("pageable").
		elem("offset", strconv.Itoa(offset)).
		elem("pageNumber", strconv.Itoa(page)).
		elem("pageSize", strconv.Itoa(limit)).
		boolElem("paged", true).
		boolElem("unpaged", false).
		close().
		elem("totalPages", strconv.Itoa(pages)).
		elem("totalElements", strconv.Itoa(total)).
		boolElem("last", offset+returned >= total).
		boolElem("first", offset == 0).
		elem("size", strconv.Itoa(limit)).
		elem("number", strconv.Itoa(page)).
		elem("numberOfElements", strconv.Itoa(returned)).
		boolElem("empty", returned == 0).
		close()
}

func writeRecording(x *xmlWriter, r *recording) {
	x.open("recording").
		elem("recordID", r.recordID).
		elem("meetingID", r.meetingID).
		elem("internalMeetingID", r.recordID).
		elem("name", r.name).
		boolElem("isBreakout", r.isBreakout).
		boolElem("published", r.state == statePublished).
		elem("state", r.state).
		elem("startTime", strconv.FormatInt(r.startTime, 10)).
		elem("endTime", strconv.FormatInt(r.endTime, 10)).
		elem("participants", strconv.Itoa(r.participants)).
		elem("rawSize", strconv.FormatInt(r.rawSize, 10))
	x.open("metadata").
		boolElem("isBreakout", r.isBreakout).
		elem("meetingId", r.meetingID).
		elem("meetingName", r.name)
	for _, k := range r.meta.keys {
		x.elem(k, r.meta.values[k])
	}
	x.close()
	if r.isBreakout {
		x.open("breakout").elem("parentId", r.parentID).elem("sequence", strconv.Itoa(r.sequence)).close()
	}
	if len(r.breakoutRooms) > 0 {
		x.open("breakoutRooms")
		for _, b := range r.breakoutRooms {
			x.elem("breakoutRoom", b)
		}
		x.close()
	}
	x.elem("size", strconv.FormatInt(r.size(), 10))
	x.open("playback")
	for _, f := range r.formats {
		x.open("format").
			elem("type", f.typ).
			elem("url", f.url).
			elem("processingTime", strconv.FormatInt(f.processingTime, 10)).
			elem("length", strconv.FormatInt(f.length, 10)).
			elem("size", strconv.FormatInt(f.size, 10))
		if len(f.previews) > 0 {
			x.open("preview").open("images")
			for i, img := range f.previews {
				x.raw(fmt.Sprintf(`<image width="176" height="136" alt="%s">%s</image>`, escapeXML(previewAlts[i%len(previewAlts)]), escapeXML(img)))
			}
			x.close().close()
		}
		x.close()
	}
	x.close()
	x.close()
}

func literal(w http.ResponseWriter, element string, value string) {
	writeXML(w, newLiteralXML().open("response").elem("returncode", "SUCCESS").elem(element, value).close().String())
}

func (s *Server) handlePublishRecordings(c *callCtx) {
	ids := splitList(c.p.get("recordID"))
	if len(ids) == 0 {
		s.writeFailed(c.w, "missingParamRecordID", "You must specify a recordID.")
		return
	}
	publish := c.p.get("publish")
	if publish == "" {
		s.writeFailed(c.w, "missingParamPublish", "You must specify a publish value true or false.")
		return
	}
	found := s.findRecordings(ids, statePublished, stateUnpublished)
	if len(found) == 0 {
		s.writeFailed(c.w, "notFound", "We could not find recordings")
		return
	}
	on := groovyTrue(publish)
	for _, r := range found {
		switch {
		case on && r.state == stateUnpublished:
			r.state = statePublished
			s.emitRecordingEvent("rap-published", r)
		case !on && r.state == statePublished:
			r.state = stateUnpublished
			s.emitRecordingEvent("rap-unpublished", r)
		}
	}
	literal(c.w, "published", publish)
}

func groovyTrue(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "y", "1":
		return true
	}
	return false
}

func (s *Server) handleDeleteRecordings(c *callCtx) {
	ids := splitList(c.p.get("recordID"))
	if len(ids) == 0 {
		s.writeFailed(c.w, "missingParamRecordID", "You must specify a recordID.")
		return
	}
	found := s.findRecordings(ids, stateProcessing, stateProcessed, statePublished, stateUnpublished)
	if len(found) == 0 {
		s.writeFailed(c.w, "notFound", "We could not find recordings")
		return
	}
	for _, r := range found {
		r.state = stateDeleted
		s.emitRecordingEvent("rap-deleted", r)
	}
	literal(c.w, "deleted", "true")
}

func (s *Server) handleUpdateRecordings(c *callCtx) {
	ids := splitList(c.p.get("recordID"))
	if len(ids) == 0 {
		s.writeFailed(c.w, "missingParamRecordID", "You must specify a recordID.")
		return
	}
	found := s.findRecordings(ids)
	if len(found) == 0 {
		s.writeFailed(c.w, "notFound", "We could not find recordings")
		return
	}
	updates := c.p.metadata()
	for _, r := range found {
		for _, k := range updates.keys {
			if v := updates.values[k]; v == "" {
				r.meta.remove(k)
			} else {
				r.meta.set(k, v)
			}
		}
	}
	literal(c.w, "updated", "true")
}

type jsonResponse struct {
	Response any `json:"response"`
}

type jsonFailure struct {
	Returncode string `json:"returncode"`
	MessageKey string `json:"messageKey"`
	Message    string `json:"message"`
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	json.NewEncoder(w).Encode(jsonResponse{Response: v})
}

func jsonFailed(w http.ResponseWriter, key, message string) {
	writeJSON(w, jsonFailure{"FAILED", key, message})
}

func (s *Server) handleGetRecordingTextTracks(c *callCtx) {
	id := c.p.get("recordID")
	if id == "" {
		s.writeFailed(c.w, "missingParamRecordID", "You must specify a recordID.")
		return
	}
	r := s.recordings[id]
	if r == nil {
		jsonFailed(c.w, "noRecordings", "No recording found for "+id)
		return
	}
	if len(r.tracks) == 0 {
		jsonFailed(c.w, "noCaptionsFound", "No captions found for "+id)
		return
	}
	writeJSON(c.w, struct {
		Returncode string      `json:"returncode"`
		Tracks     []textTrack `json:"tracks"`
	}{"SUCCESS", r.tracks})
}

var langPattern = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)

// handlePutRecordingTextTrack accepts a caption file; its failures are JSON, like the real server's.
func (s *Server) handlePutRecordingTextTrack(c *callCtx) {
	p := c.p
	if p.get("checksum") == "" {
		jsonFailed(c.w, "paramError", "Missing param checksum.")
		return
	}
	if s.checkWebChecksum(c.call, c.r.URL.RawQuery, p.get("checksum")) != checksumOK {
		jsonFailed(c.w, "checksumError", "You did not pass the checksum security check")
		return
	}
	for _, name := range []string{"recordID", "kind", "lang"} {
		if p.get(name) == "" {
			jsonFailed(c.w, "paramError", "Missing param "+name+".")
			return
		}
	}
	rid, kind, lang := p.get("recordID"), p.get("kind"), p.get("lang")
	r := s.recordings[rid]
	if r == nil {
		jsonFailed(c.w, "noRecordings", "No recording found for "+rid)
		return
	}
	if kind != "subtitles" && kind != "captions" {
		jsonFailed(c.w, "invalidKind", "Invalid kind parameter, expected='subtitles|captions' actual="+kind)
		return
	}
	if !langPattern.MatchString(lang) {
		jsonFailed(c.w, "invalidLang", "Malformed lang param, received="+lang)
		return
	}
	// The multipart body is read while s.mu is held; it is bounded to keep that short.
	var content []byte
	if err := c.r.ParseMultipartForm(2 << 20); err == nil {
		if f, _, err := c.r.FormFile("file"); err == nil {
			content, _ = io.ReadAll(io.LimitReader(f, 2<<20))
			f.Close()
		}
	}
	if len(content) == 0 {
		jsonFailed(c.w, "empty_uploaded_text_track", "Empty uploaded text track.")
		return
	}
	label := p.get("label")
	if label == "" {
		label = lang
	}
	name := kind + "_" + lang + ".vtt"
	track := textTrack{
		Href:   r.base + "/bigbluebutton/sim/captions/" + r.recordID + "/" + name,
		Kind:   kind,
		Label:  label,
		Lang:   lang,
		Source: "upload",
	}
	s.after(delayOr(s.opts.ProcessingDelay, defaultProcessingDelay), func() {
		r.trackFiles[name] = content
		for i, t := range r.tracks {
			if t.Kind == kind && t.Lang == lang {
				r.tracks[i] = track
				return
			}
		}
		r.tracks = append(r.tracks, track)
	})
	writeJSON(c.w, struct {
		MessageKey string `json:"messageKey"`
		Message    string `json:"message"`
		RecordID   string `json:"recordId"`
		Returncode string `json:"returncode"`
	}{"upload_text_track_success", "Text track uploaded successfully", rid, "SUCCESS"})
}
