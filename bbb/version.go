package bbb

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
)

// Version is the answer of the API index (GET /bigbluebutton/api, no checksum).
type Version struct {
	Version               string `json:"version"`
	APIVersion            string `json:"apiVersion"`
	BBBVersion            string `json:"bbbVersion,omitempty"`          // empty unless the server reveals it
	GraphqlWebsocketURL   string `json:"graphqlWebsocketUrl,omitempty"` // 3.0
	GraphqlAPIURL         string `json:"graphqlApiUrl,omitempty"`       // 3.0
	HTML5PluginSDKVersion string `json:"html5PluginSdkVersion,omitempty"`
}

// Release tells which BBB release the server runs, from the index alone:
// bbbVersion when the server reveals it (allowRevealOfBBBVersion=true);
// otherwise 4.0 when html5PluginSdkVersion is 0.1.20 or later (4.0's
// value), 3.0 when the index names the GraphQL endpoints (new in 3.0),
// else 2.7 when it has bbb-web's apiVersion. A load balancer's own index
// (Scalelite's: version only) names no release: the zero (unknown) Release.
// exact is false when the release was inferred: an admin who knows better
// should be able to say so.
func (v *Version) Release() (r Release, exact bool) {
	if v == nil {
		return Release{}, false
	}
	if r, err := ParseRelease(v.BBBVersion); err == nil {
		return r, true
	}
	if sdk, err := ParseRelease(v.HTML5PluginSDKVersion); err == nil && sdk.Compare(Release{0, 1, 20}) >= 0 {
		return Release40, false
	}
	if v.GraphqlWebsocketURL != "" || v.GraphqlAPIURL != "" {
		return Release30, false
	}
	if v.APIVersion == "" {
		return Release{}, false
	}
	return Release27, false
}

type versionXML struct {
	envelope
	Version               string `xml:"version"`
	APIVersion            string `xml:"apiVersion"`
	BBBVersion            string `xml:"bbbVersion"`
	GraphqlWebsocketURL   string `xml:"graphqlWebsocketUrl"`
	GraphqlAPIURL         string `xml:"graphqlApiUrl"`
	HTML5PluginSDKVersion string `xml:"html5PluginSdkVersion"`
}

// ParseVersion parses the API index answer.
func ParseVersion(body []byte) (*Version, error) {
	var x versionXML
	if err := decodeXML("version", body, &x); err != nil {
		return nil, err
	}
	return &Version{Version: x.Version, APIVersion: x.APIVersion, BBBVersion: x.BBBVersion,
		GraphqlWebsocketURL: x.GraphqlWebsocketURL, GraphqlAPIURL: x.GraphqlAPIURL,
		HTML5PluginSDKVersion: x.HTML5PluginSDKVersion}, nil
}

// Version asks the API index which version the server runs. It needs no
// checksum, so it answers even with a wrong secret: a reachability check.
func (c *Client) Version(ctx context.Context) (*Version, error) {
	resp, err := c.do(ctx, request{call: "", readOnly: true})
	if err != nil {
		return nil, err
	}
	return ParseVersion(resp.Body)
}

// ParseResponse parses the answer of call into its typed result: *CreateResult,
// *JoinResult, *Meeting, []Meeting, bool (isMeetingRunning), *RecordingList, []Session,
// []TextTrack, *HookResult, []Hook, *Version. Other calls give a map of the
// answer's top-level elements (or fields, for JSON). A FAILED answer is an *Error.
func ParseResponse(call string, body []byte) (any, error) {
	switch call {
	case "create":
		return typed(ParseCreate(body))
	case "join":
		return typed(ParseJoin(body))
	case "getMeetingInfo":
		return typed(ParseMeetingInfo(body))
	case "getMeetings":
		return typed(ParseMeetings(body))
	case "isMeetingRunning":
		return typed(ParseIsMeetingRunning(body))
	case "getRecordings":
		return typed(ParseRecordings(body))
	case "getSessions":
		return typed(ParseSessions(body))
	case "getRecordingTextTracks":
		return typed(ParseTextTracks(body))
	case "putRecordingTextTrack":
		j, err := parseJSONEnvelope(call, body)
		if err != nil {
			return nil, err
		}
		return map[string]string{"messageKey": j.Response.MessageKey, "message": j.Response.Message,
			"recordId": j.Response.RecordID}, nil
	case "hooks/create":
		return typed(ParseHookCreate(body))
	case "hooks/list":
		return typed(ParseHooks(body))
	case "", "version":
		return typed(ParseVersion(body))
	}
	if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 && trimmed[0] == '{' {
		if _, err := parseJSONEnvelope(call, body); err != nil {
			return nil, err
		}
		var j struct{ Response map[string]any }
		if err := json.Unmarshal(body, &j); err != nil {
			return nil, &ParseError{Call: call, Err: err}
		}
		return j.Response, nil
	}
	var x genericXML
	if err := decodeXML(call, body, &x); err != nil {
		return nil, err
	}
	return map[string]string(x.Fields), nil
}

// typed drops the typed nil a failed parser returns, so that a nil error
// always comes with a non-nil result and an error with a nil interface.
func typed[T any](v T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}

// genericXML keeps every top-level element of an answer as text.
type genericXML struct {
	envelope
	Fields xmlMap
}

func (g *genericXML) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	if err := g.Fields.UnmarshalXML(d, start); err != nil {
		return err
	}
	g.ReturnCode, g.MessageKey, g.Message = g.Fields["returncode"], g.Fields["messageKey"], g.Fields["message"]
	if start.Name.Local != "response" {
		g.ReturnCode = ""
	}
	return nil
}
