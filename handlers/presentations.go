package handlers

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"path"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
)

// servePresentation hands an uploaded presentation to BBB, which fetches it when the meeting
// is created. The token in the path is the only credential; it is never shown on a page.
func (h *Handler) servePresentation(c *fiber.Ctx) error {
	pres, err := models.PresentationByToken(h.db, c.Params("token"))
	if errors.Is(err, models.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	contentType := mime.TypeByExtension(path.Ext(pres.Name))
	if contentType == "" {
		contentType = fiber.MIMEOctetStream
	}
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": pres.Name}))
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	return c.Send(pres.Content)
}

// uploadedPresentation is a presentation file posted with the room form.
type uploadedPresentation struct {
	Name    string
	Content []byte
}

// readPresentation reads the form's presentation file; nil when none was chosen. The
// returned string is the translation key of a problem with the file.
func readPresentation(fh *multipart.FileHeader) (*uploadedPresentation, string, error) {
	if fh == nil || fh.Filename == "" {
		return nil, "", nil
	}
	if problem := models.PresentationProblem(fh.Filename, fh.Size); problem != "" {
		return nil, problem, nil
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	content, err := io.ReadAll(io.LimitReader(f, models.MaxPresentationSize+1))
	if err != nil {
		return nil, "", err
	}
	if problem := models.PresentationProblem(fh.Filename, int64(len(content))); problem != "" {
		return nil, problem, nil
	}
	return &uploadedPresentation{Name: path.Base(fh.Filename), Content: content}, "", nil
}
