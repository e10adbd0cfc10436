package bbbsim

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
	"hash"
	"regexp"
	"strings"
)

// checksumResult is the outcome of checking a request's checksum.
type checksumResult int

const (
	checksumOK checksumResult = iota
	checksumMissing
	checksumMismatch
	checksumBadLength // bbb-webhooks answers this with an HTTP 500 page
)

// hashForLength picks the algorithm the way both servers do: by the length of the hex checksum,
// and only if that algorithm is accepted.
func (s *Server) hashForLength(n int) (func() hash.Hash, bool) {
	var name string
	var h func() hash.Hash
	switch n {
	case 40:
		name, h = "sha1", sha1.New
	case 64:
		name, h = "sha256", sha256.New
	case 96:
		name, h = "sha384", sha512.New384
	case 128:
		name, h = "sha512", sha512.New
	default:
		return nil, false
	}
	for _, a := range s.accepted {
		if a == name {
			return h, true
		}
	}
	return nil, false
}

func hexDigest(h func() hash.Hash, data string) string {
	d := h()
	d.Write([]byte(data))
	return hex.EncodeToString(d.Sum(nil))
}

// checkWebChecksum validates a bbb-web call: the checksum comes from the parameters (URL or form
// body), is removed from the raw query string by three literal replacements, and the hex digest of
// call + rest + secret is compared ignoring case.
func (s *Server) checkWebChecksum(call, rawQuery, checksum string) checksumResult {
	checksum = sanitize(checksum)
	if checksum == "" {
		return checksumMissing
	}
	query := sanitize(rawQuery)
	query = strings.Replace(query, "&checksum="+checksum, "", 1)
	query = strings.Replace(query, "checksum="+checksum+"&", "", 1)
	query = strings.Replace(query, "checksum="+checksum, "", 1)
	h, ok := s.hashForLength(len(checksum))
	if !ok {
		return checksumMismatch
	}
	want := hexDigest(h, call+query+s.opts.Secret)
	if subtle.ConstantTimeCompare([]byte(strings.ToLower(checksum)), []byte(want)) != 1 {
		return checksumMismatch
	}
	return checksumOK
}

var hookChecksumPatterns = []*regexp.Regexp{
	regexp.MustCompile(`&checksum=[^&]*`),
	regexp.MustCompile(`checksum=[^&]*&`),
	regexp.MustCompile(`checksum=[^&]*$`),
}

// checkHookChecksum validates a bbb-webhooks call: the decoded checksum parameter, the raw query
// with the first match of each of three patterns removed, method "hooks/<call>", and a strict,
// case-sensitive comparison. A checksum of no known length is a server error there.
func (s *Server) checkHookChecksum(method, rawQuery string, checksums []string) checksumResult {
	if len(checksums) != 1 {
		return checksumMissing
	}
	checksum := checksums[0]
	switch len(checksum) {
	case 40, 64, 96, 128:
	default:
		return checksumBadLength
	}
	h, ok := s.hashForLength(len(checksum))
	if !ok {
		return checksumMismatch
	}
	query := rawQuery
	for _, re := range hookChecksumPatterns {
		if loc := re.FindStringIndex(query); loc != nil {
			query = query[:loc[0]] + query[loc[1]:]
		}
	}
	want := hexDigest(h, method+query+s.opts.Secret)
	if subtle.ConstantTimeCompare([]byte(checksum), []byte(want)) != 1 {
		return checksumMismatch
	}
	return checksumOK
}
