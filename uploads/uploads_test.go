package uploads

import (
	"archive/zip"
	"bytes"
	"strconv"
	"testing"
)

func zipOf(t *testing.T, files map[string][]byte, order ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, name := range order {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(files[name])
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestProblem(t *testing.T) {
	t.Parallel()
	docx := zipOf(t, map[string][]byte{"[Content_Types].xml": []byte("<Types/>"), "word/document.xml": []byte("<w/>")},
		"[Content_Types].xml", "word/document.xml")
	odp := zipOf(t, map[string][]byte{"mimetype": []byte(odfTypes[".odp"]), "content.xml": []byte("<c/>")}, "mimetype", "content.xml")
	// 200 MB of zeros compress to about 200 KB: the bomb of the security review.
	bomb := zipOf(t, map[string][]byte{"[Content_Types].xml": []byte("<Types/>"), "word/media/zero.bin": make([]byte, 200<<20)},
		"[Content_Types].xml", "word/media/zero.bin")
	if len(bomb) > 1<<20 {
		t.Fatalf("bomb is %d bytes, want a small file", len(bomb))
	}
	html := []byte("<!DOCTYPE html><html><script>alert(1)</script></html>")
	cases := []struct {
		name    string
		content []byte
		want    string
	}{
		{"slides.pdf", []byte("%PDF-1.7\n..."), ""},
		{"SLIDES.PDF", []byte("%PDF-1.4"), ""},
		{"page.pdf", html, ProblemMismatch},
		{"notes.docx", docx, ""},
		{"notes.docx", bomb, ProblemUnpacked},
		{"notes.docx", odp, ProblemMismatch},
		{"talk.odp", odp, ""},
		{"talk.odt", odp, ProblemMismatch},
		{"old.doc", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, 0, 0), ""},
		{"old.ppt", []byte("PK\x03\x04"), ProblemMismatch},
		{"broken.pptx", []byte("PK\x03\x04 not a zip"), ProblemMismatch},
		{"photo.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE0}, ""},
		{"photo.png", []byte{0xFF, 0xD8, 0xFF, 0xE0}, ProblemMismatch},
		{"photo.png", []byte("\x89PNG\r\n\x1a\n...."), ""},
		{"shape.svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>`), ""},
		{"shape.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ProblemMismatch},
		{"shape.svg", html, ProblemMismatch},
		{"text.rtf", []byte(`{\rtf1\ansi hello}`), ""},
		{"text.txt", []byte("Hallo Welt, grüß dich"), ""},
		{"text.txt", html, ProblemMismatch},
		{"text.txt", []byte{0xff, 0xfe, 0x00}, ProblemMismatch},
	}
	for _, c := range cases {
		if got := Problem(c.name, c.content); got != c.want {
			t.Errorf("Problem(%q, %d bytes) = %q, want %q", c.name, len(c.content), got, c.want)
		}
	}
}

func TestTooManyEntries(t *testing.T) {
	t.Parallel()
	files := map[string][]byte{"[Content_Types].xml": nil}
	order := []string{"[Content_Types].xml"}
	for i := 0; i <= MaxZipEntries; i++ {
		name := "entry" + strconv.Itoa(i)
		files[name] = nil
		order = append(order, name)
	}
	if got := Problem("many.xlsx", zipOf(t, files, order...)); got != ProblemUnpacked {
		t.Fatalf("got %q, want %q", got, ProblemUnpacked)
	}
}
