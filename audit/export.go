package audit

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// exportBatch is how many entries one keyset read of the export holds in memory.
const exportBatch = 1000

// CSVHeader is the first row of an export.
var CSVHeader = []string{"id", "at", "actor_id", "actor_email", "action", "target_type", "target_id",
	"result", "client_ip", "request_id", "details"}

// Export writes every entry matching f (its Limit and BeforeID are the
// starting point only) to w as CSV, newest first, reading exportBatch entries
// at a time: memory stays the same however many rows there are. It returns the
// number of entries written.
func Export(ctx context.Context, db *gorm.DB, f Filter, w io.Writer) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return 0, fmt.Errorf("audit: export: %w", err)
	}
	f.Limit = exportBatch
	n := 0
	row := make([]string, len(CSVHeader))
	for {
		if err := ctx.Err(); err != nil {
			return n, fmt.Errorf("audit: export: %w", err)
		}
		page, err := Find(ctx, db, f)
		if err != nil {
			return n, err
		}
		for i := range page.Entries {
			entryRow(row, &page.Entries[i])
			if err := cw.Write(row); err != nil {
				return n, fmt.Errorf("audit: export: %w", err)
			}
			n++
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return n, fmt.Errorf("audit: export: %w", err)
		}
		if page.Next == 0 {
			return n, nil
		}
		f.BeforeID = page.Next
	}
}

func entryRow(row []string, e *Entry) {
	actor := ""
	if e.ActorID != nil {
		actor = strconv.FormatUint(uint64(*e.ActorID), 10)
	}
	row[0] = strconv.FormatUint(uint64(e.ID), 10)
	row[1] = e.At.UTC().Format(time.RFC3339Nano)
	row[2] = actor
	for i, s := range []string{e.ActorEmail, e.Action, e.TargetType, e.TargetID, e.Result, e.ClientIP, e.RequestID, e.Details} {
		row[3+i] = SafeCell(s)
	}
}

// SafeCell defuses a cell a spreadsheet would run as a formula: one that
// starts with = + - @ (or a tab or carriage return, which some strip first)
// gets a leading apostrophe.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
