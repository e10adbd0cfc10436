// Package uploads checks that an uploaded presentation is what its name says: the content's
// signature must match the extension, and office files (ZIP containers) must not unpack to
// more than a bounded size, so that a small file cannot make BBB's converter, or the portal,
// inflate hundreds of megabytes.
package uploads

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"path"
	"strings"
	"unicode/utf8"
)

// Limits of an office file's ZIP container.
const (
	MaxUnpackedSize = 64 << 20 // total bytes after decompression
	MaxZipEntries   = 5000
)

// Problems, as translation keys of the room form.
const (
	ProblemMismatch = "rooms.presentation_content"  // the content is not the file type its name says
	ProblemUnpacked = "rooms.presentation_unpacked" // an office file that unpacks too large
)

var (
	errMismatch = errors.New(ProblemMismatch)
	errUnpacked = errors.New(ProblemUnpacked)
)

var (
	sigPDF  = []byte("%PDF-")
	sigOLE  = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1} // .doc .xls .ppt
	sigZIP  = []byte("PK\x03\x04")
	sigRTF  = []byte(`{\rtf`)
	sigJPEG = []byte{0xFF, 0xD8, 0xFF}
	sigPNG  = []byte("\x89PNG\r\n\x1a\n")
)

// odfTypes are the mimetype entries OpenDocument files start with.
var odfTypes = map[string]string{
	".odt": "application/vnd.oasis.opendocument.text",
	".odp": "application/vnd.oasis.opendocument.presentation",
	".ods": "application/vnd.oasis.opendocument.spreadsheet",
	".odg": "application/vnd.oasis.opendocument.graphics",
}

// Problem returns the translation key of what is wrong with the content of a file called
// name, or "" when the content matches its extension. Extensions it does not know are left
// to the caller's list of accepted types.
func Problem(name string, content []byte) string {
	if err := check(strings.ToLower(path.Ext(name)), content); err != nil {
		return err.Error()
	}
	return ""
}

func check(ext string, b []byte) error {
	switch ext {
	case ".pdf":
		return want(bytes.HasPrefix(b, sigPDF))
	case ".doc", ".xls", ".ppt":
		return want(bytes.HasPrefix(b, sigOLE))
	case ".docx", ".xlsx", ".pptx":
		return checkZip(b, func(names map[string]bool, _ *zip.Reader) bool { return names["[Content_Types].xml"] })
	case ".odt", ".odp", ".ods", ".odg":
		return checkZip(b, func(_ map[string]bool, r *zip.Reader) bool { return odfMimetype(r) == odfTypes[ext] })
	case ".rtf":
		return want(bytes.HasPrefix(b, sigRTF))
	case ".jpg", ".jpeg":
		return want(bytes.HasPrefix(b, sigJPEG))
	case ".png":
		return want(bytes.HasPrefix(b, sigPNG))
	case ".svg":
		return want(isSVG(b))
	case ".txt":
		return want(utf8.Valid(b) && !bytes.ContainsRune(b, 0) && !looksLikeMarkup(b))
	}
	return nil
}

func want(ok bool) error {
	if ok {
		return nil
	}
	return errMismatch
}

// checkZip opens an office container, bounds its entries and unpacked size by actually
// decompressing (the sizes in the headers are the uploader's word), and asks isType whether
// the entries make it the declared format.
func checkZip(b []byte, isType func(map[string]bool, *zip.Reader) bool) error {
	if !bytes.HasPrefix(b, sigZIP) {
		return errMismatch
	}
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return errMismatch
	}
	if len(r.File) > MaxZipEntries {
		return errUnpacked
	}
	names := make(map[string]bool, len(r.File))
	var total int64
	for _, f := range r.File {
		names[f.Name] = true
		rc, err := f.Open()
		if err != nil {
			return errMismatch
		}
		n, err := io.Copy(io.Discard, io.LimitReader(rc, MaxUnpackedSize-total+1))
		rc.Close()
		total += n
		if total > MaxUnpackedSize {
			return errUnpacked
		}
		if err != nil {
			return errMismatch
		}
	}
	if !isType(names, r) {
		return errMismatch
	}
	return nil
}

// odfMimetype reads the "mimetype" entry an OpenDocument file begins with.
func odfMimetype(r *zip.Reader) string {
	for _, f := range r.File {
		if f.Name != "mimetype" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return ""
		}
		defer rc.Close()
		b, _ := io.ReadAll(io.LimitReader(rc, 128))
		return strings.TrimSpace(string(b))
	}
	return ""
}

// isSVG accepts an XML document whose root element is <svg>, without scripts.
func isSVG(b []byte) bool {
	head := strings.ToLower(string(b[:min(len(b), 4096)]))
	head = strings.TrimPrefix(strings.TrimSpace(head), "\ufeff")
	if !strings.HasPrefix(head, "<?xml") && !strings.HasPrefix(head, "<svg") && !strings.HasPrefix(head, "<!--") && !strings.HasPrefix(head, "<!doctype svg") {
		return false
	}
	lower := strings.ToLower(string(b))
	return strings.Contains(head, "<svg") && !strings.Contains(lower, "<script") && !strings.Contains(lower, "javascript:")
}

// looksLikeMarkup reports a text file that is really an HTML page.
func looksLikeMarkup(b []byte) bool {
	head := strings.ToLower(strings.TrimSpace(string(b[:min(len(b), 512)])))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") || strings.Contains(head, "<script")
}
