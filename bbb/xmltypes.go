package bbb

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// xmlBool parses like the server: "true" in any case is true, anything else false.
type xmlBool bool

func (b *xmlBool) UnmarshalText(text []byte) error {
	*b = xmlBool(strings.EqualFold(strings.TrimSpace(string(text)), "true"))
	return nil
}

// xmlInt is a lenient integer: surrounding space is ignored, an empty
// element is 0, and grouping separators ("1,000", "1 000") are removed,
// because some template revisions print counts without FreeMarker's ?c.
type xmlInt int64

func (n *xmlInt) UnmarshalText(text []byte) error {
	s := strings.TrimSpace(string(text))
	if s == "" {
		*n = 0
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		cleaned := strings.NewReplacer(",", "", " ", "", "\u00a0", "", "'", "", "_", "").Replace(s)
		v, err = strconv.ParseInt(cleaned, 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", s)
		}
	}
	*n = xmlInt(v)
	return nil
}

// millisToTime converts epoch milliseconds; 0 (not started, not ended) is the zero time.
func millisToTime(ms xmlInt) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(int64(ms))
}

// xmlMap collects the children of a free-form element (<metadata>,
// <customdata>) as name → trimmed text. Both empty-element forms give an
// empty map; nested elements contribute their text.
type xmlMap map[string]string

func (m *xmlMap) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	out := map[string]string{}
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			var text struct {
				Inner string `xml:",chardata"`
			}
			if err := d.DecodeElement(&text, &t); err != nil {
				return err
			}
			out[t.Name.Local] = strings.TrimSpace(text.Inner)
		case xml.EndElement:
			*m = out
			return nil
		}
	}
}

// envelope holds the fields every XML answer may carry.
type envelope struct {
	ReturnCode string `xml:"returncode"`
	MessageKey string `xml:"messageKey"`
	Message    string `xml:"message"`
	Errors     []struct {
		Key     string `xml:"key"`
		Message string `xml:"message"`
	} `xml:"errors>error"`
}

func (e *envelope) env() *envelope { return e }

// failure returns the FAILED answer as *Error, or nil on SUCCESS.
func (e *envelope) failure() error {
	switch strings.TrimSpace(e.ReturnCode) {
	case "SUCCESS":
		return nil
	case "FAILED":
		if len(e.Errors) > 0 && e.MessageKey == "" {
			return &Error{Key: strings.TrimSpace(e.Errors[0].Key), Message: strings.TrimSpace(e.Errors[0].Message)}
		}
		return &Error{Key: strings.TrimSpace(e.MessageKey), Message: strings.TrimSpace(e.Message)}
	case "":
		return fmt.Errorf("the answer has no returncode")
	}
	return fmt.Errorf("unknown returncode %q", e.ReturnCode)
}

type enveloped interface{ env() *envelope }

// decodeXML parses an XML answer into v and turns FAILED into *Error.
func decodeXML(call string, body []byte, v enveloped) error {
	if err := xml.Unmarshal(body, v); err != nil {
		return &ParseError{Call: call, Err: err, Snippet: snippet(body)}
	}
	if err := v.env().failure(); err != nil {
		if e, ok := err.(*Error); ok {
			e.Call = call
			return e
		}
		return &ParseError{Call: call, Err: err, Snippet: snippet(body)}
	}
	return nil
}
