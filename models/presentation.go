package models

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Presentation is a file uploaded for a room and sent to BBB when its meeting starts: inline
// in the create call when small, otherwise fetched by BBB from the portal under Token.
type Presentation struct {
	ID     uint
	RoomID uint
	Name   string
	Size   int64
	// Token makes the download URL unguessable (256 bits); it is all BBB needs to fetch the file.
	Token     string
	Content   []byte
	CreatedAt time.Time
}

// MaxPresentationSize is the largest file a room may upload.
const MaxPresentationSize = 7 << 20

// PresentationExtensions are the file types BBB converts into slides.
var PresentationExtensions = []string{".pdf", ".doc", ".docx", ".ppt", ".pptx", ".xls", ".xlsx",
	".odt", ".odp", ".ods", ".odg", ".txt", ".rtf", ".jpg", ".jpeg", ".png", ".svg"}

// PresentationProblem returns the translation key of what is wrong with an upload, or "".
func PresentationProblem(name string, size int64) string {
	switch {
	case !slices.Contains(PresentationExtensions, strings.ToLower(path.Ext(name))):
		return "rooms.presentation_type"
	case size <= 0 || size > MaxPresentationSize:
		return "rooms.presentation_size"
	}
	return ""
}

// PresentationOf returns the room's presentation, or nil if it has none.
func PresentationOf(db *gorm.DB, roomID uint) (*Presentation, error) {
	var p Presentation
	err := db.Where("room_id = ?", roomID).First(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("models: presentation of room %d: %w", roomID, err)
	}
	return &p, nil
}

// PresentationByToken returns the presentation served under token.
func PresentationByToken(db *gorm.DB, token string) (*Presentation, error) {
	var p Presentation
	err := db.Where("token = ?", token).First(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || token == "" {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: presentation: %w", err)
	}
	return &p, nil
}

// SetPresentation replaces the room's presentation with a new file under a new token.
func SetPresentation(db *gorm.DB, roomID uint, name string, content []byte) (*Presentation, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("models: presentation token: %w", err)
	}
	p := &Presentation{RoomID: roomID, Name: path.Base(name), Size: int64(len(content)), Token: hex.EncodeToString(b), Content: content}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("room_id = ?", roomID).Delete(&Presentation{}).Error; err != nil {
			return err
		}
		return tx.Create(p).Error
	})
	if err != nil {
		return nil, fmt.Errorf("models: save presentation: %w", err)
	}
	return p, nil
}

// RemovePresentation deletes the room's presentation, if any.
func RemovePresentation(db *gorm.DB, roomID uint) error {
	if err := db.Where("room_id = ?", roomID).Delete(&Presentation{}).Error; err != nil {
		return fmt.Errorf("models: remove presentation: %w", err)
	}
	return nil
}

func migratePresentations(tx *gorm.DB) error {
	type Room struct {
		ID uint `gorm:"primaryKey"`
	}
	type Presentation struct {
		ID        uint   `gorm:"primaryKey"`
		RoomID    uint   `gorm:"not null;uniqueIndex"`
		Room      Room   `gorm:"foreignKey:RoomID;constraint:OnDelete:CASCADE"`
		Name      string `gorm:"size:255;not null"`
		Size      int64  `gorm:"not null"`
		Token     string `gorm:"size:64;not null;uniqueIndex"`
		Content   []byte `gorm:"not null"`
		CreatedAt time.Time
	}
	return tx.Migrator().CreateTable(&Presentation{})
}
