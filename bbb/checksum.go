package bbb

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"net/url"
	"strings"
)

// Algorithm is a checksum algorithm BBB accepts (bbb-web 2.5+ picks the
// algorithm by the length of the checksum it receives).
type Algorithm string

const (
	SHA1   Algorithm = "sha1"
	SHA256 Algorithm = "sha256"
	SHA384 Algorithm = "sha384"
	SHA512 Algorithm = "sha512"
	// Auto asks the server which algorithms it accepts (see [Client.DetectChecksum])
	// and uses the strongest one.
	Auto Algorithm = "auto"
)

// strongestFirst is the order in which automatic detection tries algorithms.
var strongestFirst = []Algorithm{SHA512, SHA384, SHA256, SHA1}

// ParseAlgorithm turns "sha1", "SHA-256", "auto", … into an Algorithm.
func ParseAlgorithm(s string) (Algorithm, error) {
	a := Algorithm(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", ""))
	switch a {
	case SHA1, SHA256, SHA384, SHA512, Auto:
		return a, nil
	}
	return "", fmt.Errorf("bbb: unknown checksum algorithm %q (want sha1, sha256, sha384, sha512 or auto)", s)
}

func (a Algorithm) newHash() (hash.Hash, error) {
	switch a {
	case SHA1:
		return sha1.New(), nil
	case SHA256:
		return sha256.New(), nil
	case SHA384:
		return sha512.New384(), nil
	case SHA512:
		return sha512.New(), nil
	}
	return nil, fmt.Errorf("bbb: cannot sign with checksum algorithm %q", string(a))
}

// Checksum returns the lowercase hex digest of call + query + secret, the
// string bbb-web and bbb-webhooks hash. query must be the raw query string
// exactly as it is sent, without the checksum parameter.
func Checksum(alg Algorithm, call, query, secret string) (string, error) {
	h, err := alg.newHash()
	if err != nil {
		return "", err
	}
	h.Write([]byte(call))
	h.Write([]byte(query))
	h.Write([]byte(secret))
	return hex.EncodeToString(h.Sum(nil)), nil
}

// EncodeQuery encodes params as a query string in which every byte other
// than A–Z a–z 0–9 - _ . ~ is percent-encoded (space becomes %20). Such a
// query survives any browser, proxy or HTTP library unchanged, so the
// checksum computed over it stays valid. Keys are sorted.
func EncodeQuery(params url.Values) string {
	q := params.Encode()
	if strings.IndexByte(q, '+') < 0 {
		return q
	}
	// url.Values.Encode writes a space as '+' and a literal plus as %2B, so
	// every remaining '+' is a space. %20 is the unambiguous spelling.
	return strings.ReplaceAll(q, "+", "%20")
}

// signQuery appends the checksum parameter to an encoded query.
func signQuery(alg Algorithm, call, query, secret string) (string, error) {
	sum, err := Checksum(alg, call, query, secret)
	if err != nil {
		return "", err
	}
	if query == "" {
		return "checksum=" + sum, nil
	}
	return query + "&checksum=" + sum, nil
}

// RedactURL replaces the value of every checksum parameter in a URL (or
// query string) with "REDACTED", so the result can be logged or shown.
func RedactURL(u string) string {
	var b strings.Builder
	rest := u
	for {
		i := strings.Index(rest, "checksum=")
		if i < 0 {
			b.WriteString(rest)
			return b.String()
		}
		start := i + len("checksum=")
		if i > 0 && rest[i-1] != '?' && rest[i-1] != '&' {
			b.WriteString(rest[:start])
			rest = rest[start:]
			continue
		}
		b.WriteString(rest[:start])
		b.WriteString("REDACTED")
		end := strings.IndexAny(rest[start:], "&#")
		if end < 0 {
			return b.String()
		}
		rest = rest[start+end:]
	}
}
