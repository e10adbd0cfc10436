package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"bbbportal/bbb"
)

const apiUsage = `usage: bbbportal api [flags] CALL [key=value ...]

Sign and send one BigBlueButton API call and print the answer, like API Mate
on the command line. CALL is any API call (create, join, end, getMeetings,
getMeetingInfo, isMeetingRunning, getRecordings, publishRecordings,
deleteRecordings, updateRecordings, getRecordingTextTracks, sendChatMessage,
hooks/create, hooks/destroy, hooks/list, …) or "version" for the unsigned
API index. Parameters are given unencoded; they are encoded and signed here.

POST calls: only the query is signed; the body is sent as it is.
  create, insertDocument  doc=URL (repeatable) adds a presentation the server
                          downloads; --body FILE sends your own <modules> XML
                          ("-" reads it from standard input).
  putRecordingTextTrack   --file FILE uploads a WebVTT or SRT caption file
                          (recordID, kind=subtitles|captions, lang are required).

The server comes from BIGBLUEBUTTON_ENDPOINT and BIGBLUEBUTTON_SECRET (the
flags override them). The endpoint may be https://host/bigbluebutton/api/ or
https://host/bigbluebutton/ as printed by "bbb-conf --secret".

Exit status: 0 on SUCCESS, 1 on FAILED (messageKey: message on stderr),
2 on usage, configuration or network errors.

Examples:
  bbbportal api getMeetings
  bbbportal api --json getMeetingInfo meetingID=abc123
  bbbportal api --url join meetingID=abc123 fullName="Ada Lovelace" role=MODERATOR
  bbbportal api create meetingID=abc123 name="Physics 101" meta_bbb-origin=cli
  bbbportal api insertDocument meetingID=abc123 doc=https://example.com/slides.pdf
  bbbportal api create meetingID=abc123 name="Physics 101" --body modules.xml
  bbbportal api putRecordingTextTrack recordID=REC kind=subtitles lang=de-DE --file de.vtt

Flags:`

// runAPI implements "bbbportal api".
func runAPI(args []string) int {
	return apiCommand(args, os.Stdin, os.Stdout, os.Stderr)
}

func apiCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("api", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, apiUsage)
		fs.PrintDefaults()
	}
	urlOnly := fs.Bool("url", false, "print the signed URL only; send nothing")
	asJSON := fs.Bool("json", false, "print the parsed answer as JSON instead of XML")
	checksum := fs.String("checksum", "sha256", "checksum algorithm: sha1, sha256, sha384, sha512 or auto (ask the server)")
	endpoint := fs.String("endpoint", os.Getenv("BIGBLUEBUTTON_ENDPOINT"), "API endpoint (default $BIGBLUEBUTTON_ENDPOINT)")
	secret := fs.String("secret", "", "shared secret (default $BIGBLUEBUTTON_SECRET; prefer the variable, arguments are visible to other users)")
	timeout := fs.Duration("timeout", 10*time.Second, "give up after this long")
	bodyFile := fs.String("body", "", "POST this file as the body (create, insertDocument: <modules> XML; - is standard input)")
	contentType := fs.String("content-type", "application/xml", "Content-Type of the --body file")
	trackFile := fs.String("file", "", "putRecordingTextTrack: the caption file (WebVTT or SRT) to upload")

	positional, err := parseInterleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	if len(positional) == 0 {
		fmt.Fprintln(stderr, "bbbportal api: name the API call, e.g. \"bbbportal api getMeetings\"")
		fs.Usage()
		return 2
	}
	call, params, err := callAndParams(positional)
	if err != nil {
		fmt.Fprintln(stderr, "bbbportal api:", err)
		return 2
	}
	body, err := postBody(call, params, *bodyFile, *contentType, *trackFile, stdin)
	if err != nil {
		fmt.Fprintln(stderr, "bbbportal api:", err)
		return 2
	}
	if *secret == "" {
		*secret = os.Getenv("BIGBLUEBUTTON_SECRET")
	}
	if *endpoint == "" {
		fmt.Fprintln(stderr, "bbbportal api: BIGBLUEBUTTON_ENDPOINT is not set (or pass --endpoint)")
		return 2
	}
	if *secret == "" {
		fmt.Fprintln(stderr, "bbbportal api: BIGBLUEBUTTON_SECRET is not set (or pass --secret)")
		return 2
	}
	alg, err := bbb.ParseAlgorithm(*checksum)
	if err != nil {
		fmt.Fprintln(stderr, "bbbportal api: --checksum:", strings.TrimPrefix(err.Error(), "bbb: "))
		return 2
	}
	client, err := bbb.New(*endpoint, *secret, bbb.WithChecksum(alg), bbb.WithTimeout(*timeout))
	if err != nil {
		fmt.Fprintln(stderr, "bbbportal api: BIGBLUEBUTTON_ENDPOINT:", strings.TrimPrefix(err.Error(), "bbb: "))
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	if *urlOnly {
		if call == "version" {
			fmt.Fprintln(stdout, strings.TrimSuffix(client.Endpoint(), "/"))
			return 0
		}
		if alg == bbb.Auto {
			if _, err := client.DetectChecksum(ctx); err != nil {
				fmt.Fprintln(stderr, "bbbportal api:", strings.TrimPrefix(err.Error(), "bbb: "))
				return 2
			}
		}
		u, err := client.SignedURL(call, params)
		if err != nil {
			fmt.Fprintln(stderr, "bbbportal api:", err)
			return 2
		}
		fmt.Fprintln(stdout, u)
		return 0
	}

	var resp *bbb.Response
	if body != nil {
		resp, err = client.CallBody(ctx, call, params, body.data, body.contentType)
	} else {
		resp, err = client.Call(ctx, call, params)
	}
	var failed *bbb.Error
	if err != nil && !errors.As(err, &failed) {
		fmt.Fprintln(stderr, "bbbportal api:", strings.TrimPrefix(err.Error(), "bbb: "))
		return 2
	}
	switch {
	case resp.Location != "":
		fmt.Fprintf(stdout, "HTTP %d redirect to %s\n", resp.StatusCode, resp.Location)
	case *asJSON && failed == nil:
		parsed, err := bbb.ParseResponse(call, resp.Body)
		if err != nil {
			fmt.Fprintln(stderr, "bbbportal api:", strings.TrimPrefix(err.Error(), "bbb: "))
			return 2
		}
		out, _ := json.MarshalIndent(parsed, "", "  ")
		fmt.Fprintln(stdout, string(out))
	case *asJSON:
		out, _ := json.MarshalIndent(failed, "", "  ")
		fmt.Fprintln(stdout, string(out))
	default:
		stdout.Write(prettyAnswer(resp.Body))
	}
	if failed != nil {
		fmt.Fprintf(stderr, "%s: %s\n", failed.Key, failed.Message)
		return 1
	}
	return 0
}

// requestBody is what a POST call sends.
type requestBody struct {
	data        []byte
	contentType string
}

// postBody builds the body of a POST call from --body, --file or doc=URL
// parameters (which it removes from params); nil means a GET.
func postBody(call string, params url.Values, bodyFile, contentType, trackFile string, stdin io.Reader) (*requestBody, error) {
	docs := params["doc"]
	params.Del("doc")
	takesModules := call == "create" || call == "insertDocument"
	switch {
	case len(docs) > 0 && !takesModules:
		return nil, fmt.Errorf("doc=URL is for create and insertDocument, not %s", call)
	case len(docs) > 0 && bodyFile != "":
		return nil, errors.New("give the documents either as doc=URL or in --body, not both")
	case trackFile != "" && call != "putRecordingTextTrack":
		return nil, fmt.Errorf("--file is for putRecordingTextTrack, not %s", call)
	case trackFile != "" && bodyFile != "":
		return nil, errors.New("give the caption file with --file only")
	case call == "putRecordingTextTrack" && trackFile == "":
		return nil, errors.New("putRecordingTextTrack needs the caption file: --file FILE")
	case call == "insertDocument" && len(docs) == 0 && bodyFile == "":
		return nil, errors.New("insertDocument needs the documents: doc=URL (repeatable) or --body FILE")
	}
	switch {
	case len(docs) > 0:
		list := make([]bbb.Document, len(docs))
		for i, d := range docs {
			list[i] = bbb.Document{URL: d}
		}
		data, err := bbb.ModulesBody(list, "")
		if err != nil {
			return nil, errors.New(strings.TrimPrefix(err.Error(), "bbb: "))
		}
		return &requestBody{data, "application/xml"}, nil
	case trackFile != "":
		f, err := os.Open(trackFile)
		if err != nil {
			return nil, fmt.Errorf("--file: %v", err)
		}
		defer f.Close()
		data, ct, err := bbb.TextTrackForm(filepath.Base(trackFile), f)
		if err != nil {
			return nil, fmt.Errorf("--file: %v", err)
		}
		return &requestBody{data, ct}, nil
	case bodyFile == "-":
		data, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("--body: reading standard input: %v", err)
		}
		return &requestBody{data, contentType}, nil
	case bodyFile != "":
		data, err := os.ReadFile(bodyFile)
		if err != nil {
			return nil, fmt.Errorf("--body: %v", err)
		}
		return &requestBody{data, contentType}, nil
	}
	return nil, nil
}

// parseInterleaved parses flags that may stand before, between or after
// the positional arguments (a key=value never starts with '-').
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		i := 0
		for i < len(rest) && !strings.HasPrefix(rest[i], "-") {
			positional = append(positional, rest[i])
			i++
		}
		if i == len(rest) {
			return positional, nil
		}
		args = rest[i:]
	}
}

// callAndParams splits "CALL key=value …" into the call name and its parameters.
func callAndParams(positional []string) (string, url.Values, error) {
	call := strings.Trim(positional[0], "/")
	if call == "" {
		call = "version"
	}
	params := url.Values{}
	for _, kv := range positional[1:] {
		key, value, ok := strings.Cut(kv, "=")
		if !ok || key == "" {
			return "", nil, fmt.Errorf("parameter %q is not key=value", kv)
		}
		params.Add(key, value)
	}
	return call, params, nil
}

// prettyAnswer indents an XML or JSON answer; anything else is returned as is.
func prettyAnswer(body []byte) []byte {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		var out bytes.Buffer
		if json.Indent(&out, trimmed, "", "  ") == nil {
			out.WriteByte('\n')
			return out.Bytes()
		}
		return body
	}
	var out bytes.Buffer
	dec := xml.NewDecoder(bytes.NewReader(trimmed))
	enc := xml.NewEncoder(&out)
	enc.Indent("", "  ")
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return body
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) == 0 {
				continue
			}
			tok = xml.CharData(bytes.TrimSpace(t))
		case xml.ProcInst, xml.Comment, xml.Directive:
			continue
		}
		if enc.EncodeToken(xml.CopyToken(tok)) != nil {
			return body
		}
	}
	if enc.Flush() != nil {
		return body
	}
	out.WriteByte('\n')
	return out.Bytes()
}
