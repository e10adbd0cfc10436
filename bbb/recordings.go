package bbb

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// RecordingState is the processing state of a recording.
type RecordingState string

const (
	StateProcessing  RecordingState = "processing"
	StateProcessed   RecordingState = "processed"
	StatePublished   RecordingState = "published"
	StateUnpublished RecordingState = "unpublished"
	StateDeleted     RecordingState = "deleted"
	StateAny         RecordingState = "any" // filter only: every state
)

// Recording is one recording from getRecordings.
type Recording struct {
	RecordID          string            `json:"recordID"` // = the meeting's internal id
	MeetingID         string            `json:"meetingID"`
	InternalMeetingID string            `json:"internalMeetingID"`
	Name              string            `json:"name"`
	IsBreakout        bool              `json:"isBreakout"`
	Published         bool              `json:"published"`
	State             RecordingState    `json:"state"`
	StartTime         time.Time         `json:"startTime"`
	EndTime           time.Time         `json:"endTime"`
	Participants      int               `json:"participants"`
	RawSize           int64             `json:"rawSize"` // bytes
	Size              int64             `json:"size"`    // bytes, all formats
	Metadata          map[string]string `json:"metadata"`
	// Breakout rooms: the parent's record id and the room number.
	ParentID      string           `json:"parentID,omitempty"`
	Sequence      int              `json:"sequence,omitempty"`
	BreakoutRooms []string         `json:"breakoutRooms,omitempty"` // record ids (parents)
	Playback      []PlaybackFormat `json:"playback"`
}

// PlaybackFormat is one published format of a recording.
type PlaybackFormat struct {
	Type           string        `json:"type"` // presentation, video, podcast, notes, screenshare, …
	URL            string        `json:"url"`
	ProcessingTime time.Duration `json:"processingTime"`
	Length         time.Duration `json:"length"` // whole minutes, as the server counts them
	Size           int64         `json:"size"`   // bytes
	Preview        []Image       `json:"preview,omitempty"`
}

// Image is a preview thumbnail.
type Image struct {
	URL    string `json:"url"`
	Alt    string `json:"alt"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

// RecordingList is the answer to getRecordings.
type RecordingList struct {
	Recordings []Recording `json:"recordings"`
	// TotalElements counts all matches when the query was paginated and the
	// server reported it (2.7 top level, 3.0 inside <pagination>); else -1.
	TotalElements int `json:"totalElements"`
}

// RecordingsQuery filters getRecordings. Empty fields are not sent.
type RecordingsQuery struct {
	MeetingIDs []string          // external meeting ids (all sessions of each)
	RecordIDs  []string          // record ids; take precedence over MeetingIDs
	States     []RecordingState  // default published,unpublished
	Meta       map[string]string // meta_<name> filters; '%' wildcards at either end
	Offset     int               // 2.6+
	Limit      int               // 2.6+; 1–100, 0 = no pagination
}

// Values returns the query parameters of the filter, validated.
func (q RecordingsQuery) Values() (url.Values, error) {
	v := url.Values{}
	if err := setList(v, "meetingID", q.MeetingIDs); err != nil {
		return nil, err
	}
	if err := setList(v, "recordID", q.RecordIDs); err != nil {
		return nil, err
	}
	states := make([]string, len(q.States))
	for i, s := range q.States {
		switch s {
		case StateProcessing, StateProcessed, StatePublished, StateUnpublished, StateDeleted, StateAny:
		default:
			return nil, invalid("state", "unknown state %q", s)
		}
		states[i] = string(s)
	}
	if err := setList(v, "state", states); err != nil {
		return nil, err
	}
	for key, val := range q.Meta {
		if err := checkMapKey("meta_", key); err != nil {
			return nil, err
		}
		v.Set("meta_"+key, val)
	}
	if q.Offset < 0 {
		return nil, invalid("offset", "must not be negative")
	}
	if q.Offset > 0 {
		v.Set("offset", strconv.Itoa(q.Offset))
	}
	if q.Limit < 0 || q.Limit > 100 {
		return nil, invalid("limit", "must be 1–100, got %d", q.Limit)
	}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	return v, nil
}

// setList sets a comma-separated list; items must not contain commas.
func setList(v url.Values, name string, items []string) error {
	if len(items) == 0 {
		return nil
	}
	for _, it := range items {
		if it == "" || strings.Contains(it, ",") {
			return invalid(name, "list items must be non-empty and contain no ',', got %q", it)
		}
	}
	v.Set(name, strings.Join(items, ","))
	return nil
}

type recordingXML struct {
	RecordID          string  `xml:"recordID"`
	MeetingID         string  `xml:"meetingID"`
	InternalMeetingID string  `xml:"internalMeetingID"`
	Name              string  `xml:"name"`
	IsBreakout        xmlBool `xml:"isBreakout"`
	Published         xmlBool `xml:"published"`
	State             string  `xml:"state"`
	StartTime         xmlInt  `xml:"startTime"`
	EndTime           xmlInt  `xml:"endTime"`
	Participants      xmlInt  `xml:"participants"`
	RawSize           xmlInt  `xml:"rawSize"`
	Size              xmlInt  `xml:"size"`
	Metadata          xmlMap  `xml:"metadata"`
	Breakout          struct {
		ParentID string `xml:"parentId"`
		Sequence xmlInt `xml:"sequence"`
	} `xml:"breakout"`
	BreakoutRooms []string `xml:"breakoutRooms>breakoutRoom"`
	Formats       []struct {
		Type           string `xml:"type"`
		URL            string `xml:"url"`
		ProcessingTime xmlInt `xml:"processingTime"`
		Length         xmlInt `xml:"length"`
		Size           xmlInt `xml:"size"`
		Images         []struct {
			URL    string `xml:",chardata"`
			Alt    string `xml:"alt,attr"`
			Width  xmlInt `xml:"width,attr"`
			Height xmlInt `xml:"height,attr"`
		} `xml:"preview>images>image"`
	} `xml:"playback>format"`
}

type recordingsXML struct {
	envelope
	Recordings    []recordingXML `xml:"recordings>recording"`
	TotalElements *xmlInt        `xml:"totalElements"`
	Pagination    struct {
		TotalElements *xmlInt `xml:"totalElements"`
	} `xml:"pagination"`
}

// ParseRecordings parses a getRecordings answer; noRecordings is an empty list.
func ParseRecordings(body []byte) (*RecordingList, error) {
	var x recordingsXML
	if err := decodeXML("getRecordings", body, &x); err != nil {
		return nil, err
	}
	list := &RecordingList{Recordings: make([]Recording, len(x.Recordings)), TotalElements: -1}
	if x.TotalElements != nil {
		list.TotalElements = int(*x.TotalElements)
	} else if x.Pagination.TotalElements != nil {
		list.TotalElements = int(*x.Pagination.TotalElements)
	}
	for i, r := range x.Recordings {
		rec := Recording{RecordID: strings.TrimSpace(r.RecordID), MeetingID: r.MeetingID,
			InternalMeetingID: r.InternalMeetingID, Name: strings.TrimSpace(r.Name),
			IsBreakout: bool(r.IsBreakout), Published: bool(r.Published),
			State: RecordingState(strings.TrimSpace(r.State)), StartTime: millisToTime(r.StartTime),
			EndTime: millisToTime(r.EndTime), Participants: int(r.Participants),
			RawSize: int64(r.RawSize), Size: int64(r.Size), Metadata: nonNilMap(r.Metadata),
			ParentID: r.Breakout.ParentID, Sequence: int(r.Breakout.Sequence),
			BreakoutRooms: r.BreakoutRooms, Playback: make([]PlaybackFormat, len(r.Formats))}
		for j, f := range r.Formats {
			pf := PlaybackFormat{Type: strings.TrimSpace(f.Type), URL: strings.TrimSpace(f.URL),
				ProcessingTime: time.Duration(f.ProcessingTime) * time.Millisecond,
				Length:         time.Duration(f.Length) * time.Minute, Size: int64(f.Size)}
			for _, img := range f.Images {
				pf.Preview = append(pf.Preview, Image{URL: strings.TrimSpace(img.URL), Alt: img.Alt,
					Width: int(img.Width), Height: int(img.Height)})
			}
			rec.Playback[j] = pf
		}
		list.Recordings[i] = rec
	}
	return list, nil
}

// GetRecordings lists recordings matching q.
func (c *Client) GetRecordings(ctx context.Context, q RecordingsQuery) (*RecordingList, error) {
	v, err := q.Values()
	if err != nil {
		return nil, err
	}
	body, err := c.get(ctx, "getRecordings", v)
	if err != nil {
		return nil, err
	}
	return ParseRecordings(body)
}

func recordIDs(ids []string) (url.Values, error) {
	if len(ids) == 0 {
		return nil, invalid("recordID", "at least one record id is required")
	}
	v := url.Values{}
	return v, setList(v, "recordID", ids)
}

// PublishRecordings publishes (or, with publish false, unpublishes) recordings.
func (c *Client) PublishRecordings(ctx context.Context, ids []string, publish bool) error {
	v, err := recordIDs(ids)
	if err != nil {
		return err
	}
	v.Set("publish", strconv.FormatBool(publish))
	return c.simple(ctx, "publishRecordings", v)
}

// DeleteRecordings moves recordings to the deleted state.
func (c *Client) DeleteRecordings(ctx context.Context, ids []string) error {
	v, err := recordIDs(ids)
	if err != nil {
		return err
	}
	return c.simple(ctx, "deleteRecordings", v)
}

// UpdateRecordings sets metadata of recordings; an empty value removes the key.
func (c *Client) UpdateRecordings(ctx context.Context, ids []string, meta map[string]string) error {
	v, err := recordIDs(ids)
	if err != nil {
		return err
	}
	if len(meta) == 0 {
		return invalid("meta", "nothing to update")
	}
	for key, val := range meta {
		if err := checkMapKey("meta_", key); err != nil {
			return err
		}
		v.Set("meta_"+key, val)
	}
	return c.simple(ctx, "updateRecordings", v)
}

// TextTrack is a caption or subtitle file of a recording.
type TextTrack struct {
	Href   string `json:"href"`
	Kind   string `json:"kind"` // subtitles or captions
	Label  string `json:"label"`
	Lang   string `json:"lang"`   // BCP-47, e.g. en-US
	Source string `json:"source"` // live, automatic or upload
}

type jsonEnvelope struct {
	Response struct {
		ReturnCode string      `json:"returncode"`
		MessageKey string      `json:"messageKey"`
		Message    string      `json:"message"`
		Key        string      `json:"key"` // some revisions
		Msg        string      `json:"msg"` // some revisions
		RecordID   string      `json:"recordId"`
		Tracks     []TextTrack `json:"tracks"`
	} `json:"response"`
}

// parseJSONEnvelope parses the JSON answers of the text-track calls. They
// fall back to the XML envelope for checksum and missing-parameter errors.
func parseJSONEnvelope(call string, body []byte) (*jsonEnvelope, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '<' {
		var x envelope
		if err := decodeXML(call, body, &x); err != nil {
			return nil, err
		}
		return nil, &ParseError{Call: call, Err: errors.New("expected a JSON answer, got XML")}
	}
	var j jsonEnvelope
	if err := json.Unmarshal(body, &j); err != nil {
		return nil, &ParseError{Call: call, Err: err, Snippet: snippet(body)}
	}
	r := &j.Response
	if r.MessageKey == "" {
		r.MessageKey = r.Key
	}
	if r.Message == "" {
		r.Message = r.Msg
	}
	switch r.ReturnCode {
	case "SUCCESS":
		// The docs show upload_text_track_failed with SUCCESS; the server sends FAILED.
		if r.MessageKey == "upload_text_track_failed" {
			return nil, &Error{Key: r.MessageKey, Message: r.Message, Call: call}
		}
		return &j, nil
	case "FAILED":
		return nil, &Error{Key: r.MessageKey, Message: r.Message, Call: call}
	}
	return nil, &ParseError{Call: call, Err: errors.New("the answer has no returncode"), Snippet: snippet(body)}
}

// ParseTextTracks parses a getRecordingTextTracks answer.
func ParseTextTracks(body []byte) ([]TextTrack, error) {
	j, err := parseJSONEnvelope("getRecordingTextTracks", body)
	if err != nil {
		return nil, err
	}
	if j.Response.Tracks == nil {
		return []TextTrack{}, nil
	}
	return j.Response.Tracks, nil
}

// GetRecordingTextTracks lists the caption and subtitle tracks of a recording.
func (c *Client) GetRecordingTextTracks(ctx context.Context, recordID string) ([]TextTrack, error) {
	body, err := c.get(ctx, "getRecordingTextTracks", url.Values{"recordID": {recordID}}, "recordID")
	if err != nil {
		return nil, err
	}
	return ParseTextTracks(body)
}

// PutRecordingTextTrack uploads a WebVTT or SRT file as a track of a
// recording. kind is "subtitles" or "captions", lang a BCP-47 tag, label
// optional. The track appears after the recording is processed again.
func (c *Client) PutRecordingTextTrack(ctx context.Context, recordID, kind, lang, label string, file io.Reader) error {
	v := url.Values{"recordID": {recordID}, "kind": {kind}, "lang": {lang}}
	if label != "" {
		v.Set("label", label)
	}
	for _, name := range []string{"recordID", "kind", "lang"} {
		if v.Get(name) == "" {
			return invalid(name, "is required")
		}
	}
	if kind != "subtitles" && kind != "captions" {
		return invalid("kind", "must be subtitles or captions, got %q", kind)
	}
	body, contentType, err := TextTrackForm("track.vtt", file)
	if err != nil {
		return err
	}
	resp, err := c.do(ctx, request{call: "putRecordingTextTrack", params: v, body: body,
		contentType: contentType})
	if err != nil {
		return err
	}
	_, err = parseJSONEnvelope("putRecordingTextTrack", resp.Body)
	return err
}

// TextTrackForm returns the multipart/form-data body putRecordingTextTrack
// POSTs: file as the part "file" named filename, and its Content-Type.
func TextTrackForm(filename string, file io.Reader) (body []byte, contentType string, err error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, err := mw.CreateFormFile("file", filename)
	if err != nil {
		return nil, "", err
	}
	if _, err := io.Copy(part, file); err != nil {
		return nil, "", err
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), mw.FormDataContentType(), nil
}
