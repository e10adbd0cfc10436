package audit

import (
	"fmt"
	"path/filepath"
	"testing"

	"gorm.io/gorm"

	"bbbportal/models"
)

// BenchmarkWriteAllTx writes batches of 16 join entries, each batch in its own transaction,
// as the link use batcher does while a class joins.
func BenchmarkWriteAllTx(b *testing.B) {
	db, err := models.Open(filepath.Join(b.TempDir(), "portal.db"))
	if err != nil {
		b.Fatal(err)
	}
	w := NewWriter(db)
	b.Cleanup(func() { w.Close(); models.Close(db) })
	records := make([]Record, 16)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range records {
			n := i*len(records) + j
			records[j] = Record{Action: "link.join", TargetType: "room", TargetID: "1", Result: ResultOK,
				ClientIP: fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255),
				Details:  map[string]any{"name": fmt.Sprint("Student ", n), "link": 1, "label": "", "role": "attendee", "room": "Class 7b", "started": false}}
		}
		if err := db.Transaction(func(tx *gorm.DB) error { return w.WriteAllTx(tx, records) }); err != nil {
			b.Fatal(err)
		}
	}
}
