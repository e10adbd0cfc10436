package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"strings"

	"github.com/gofiber/fiber/v2"

	"bbbportal/i18n"
	"bbbportal/models"
)

// signedInUploadBytes is how large a room form may be when it comes with a session cookie:
// larger than uploadBytes so that a too large presentation can be answered on the form
// instead of with an error page. The oversized file is counted and discarded while it
// streams in; only the form fields and files within their limit are kept.
const signedInUploadBytes = 32 << 20

const droppedUploadsKey = "droppedUploads"

// dropOversizedFiles reads the multipart body from r and keeps it, minus every file over
// models.MaxPresentationSize, whose sizes are remembered for the form (droppedUploadSize).
// What is kept stays within uploadBytes, as before.
func (h *Handler) dropOversizedFiles(c *fiber.Ctx, r io.Reader, boundary string) error {
	var kept bytes.Buffer
	w := multipart.NewWriter(&kept)
	if err := w.SetBoundary(boundary); err != nil {
		return fiber.ErrBadRequest
	}
	dropped := map[string]int64{}
	mr := multipart.NewReader(r, boundary)
	for {
		part, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return h.bodyProblem(c, err)
		}
		mark := kept.Len()
		pw, err := w.CreatePart(part.Header)
		if err != nil {
			return fiber.ErrBadRequest
		}
		n, err := io.Copy(pw, io.LimitReader(part, models.MaxPresentationSize+1))
		if err != nil {
			return h.bodyProblem(c, err)
		}
		if n > models.MaxPresentationSize && part.FileName() != "" {
			rest, err := io.Copy(io.Discard, part)
			if err != nil {
				return h.bodyProblem(c, err)
			}
			dropped[part.FormName()] = n + rest
			kept.Truncate(mark)
			continue
		}
		if n > models.MaxPresentationSize || kept.Len() > uploadBytes {
			return h.refuseBody(c, errBodyTooLarge)
		}
	}
	if err := w.Close(); err != nil {
		return fiber.ErrBadRequest
	}
	if _, err := io.Copy(io.Discard, r); err != nil { // an epilogue after the last part
		return h.bodyProblem(c, err)
	}
	c.Locals(droppedUploadsKey, dropped)
	c.Request().SetBodyRaw(kept.Bytes())
	return c.Next()
}

func (h *Handler) bodyProblem(c *fiber.Ctx, err error) error {
	if errors.Is(err, errBodyTooLarge) || errors.Is(err, errTooManyFields) {
		return h.refuseBody(c, err)
	}
	return fiber.ErrBadRequest
}

// droppedUploadSize is the size of the file posted as field that was too large to keep.
func droppedUploadSize(c *fiber.Ctx, field string) int64 {
	dropped, _ := c.Locals(droppedUploadsKey).(map[string]int64)
	return dropped[field]
}

// megabytes formats n bytes as "9.0" (German "9,0").
func megabytes(c *fiber.Ctx, n int64) string {
	s := fmt.Sprintf("%.1f", float64(n)/(1<<20))
	if i18n.Lang(c.UserContext()) == "de" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
