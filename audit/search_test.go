package audit

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

const smallSeed = 25_000

func filterCases() map[string]Filter {
	from := seedStart.Add(3000 * seedStep)
	to := seedStart.Add(9000*seedStep + time.Second)
	return map[string]Filter{
		"everything":           {},
		"action prefix":        {Action: "meeting."},
		"action prefix nested": {Action: "meeting.end"},
		"rare action":          {Action: rareAction},
		"unknown action":       {Action: "nothing."},
		"actor email":          {Actor: "teacher7@school.test"},
		"actor email any case": {Actor: " Teacher7@School.test "},
		"actor id":             {Actor: "7"},
		"target type":          {TargetType: "template"},
		"target type and id":   {TargetType: "room", Target: "42"},
		"target id alone":      {Target: "42"},
		"result":               {Result: ResultDenied},
		"client ip":            {ClientIP: "192.0.3.4"},
		"date range":           {From: from, To: to},
		"date from":            {From: seedStart.Add(20000 * seedStep)},
		"text":                 {Text: `Room 4217"`},
		"combined":             {Action: "room.", Result: ResultDenied, From: from},
		"text with actor":      {Text: "Room 1", Actor: "teacher3@school.test"},
	}
}

// matches is the specification of Filter, row by row.
func matches(f Filter, e Entry) bool {
	a := strings.ToLower(strings.TrimSpace(f.Actor))
	switch {
	case f.Action != "" && !strings.HasPrefix(e.Action, f.Action),
		a != "" && a != e.ActorEmail && a != fmt.Sprint(*e.ActorID),
		f.TargetType != "" && f.TargetType != e.TargetType,
		f.Target != "" && f.Target != e.TargetID,
		f.Result != "" && f.Result != e.Result,
		f.ClientIP != "" && f.ClientIP != e.ClientIP,
		!f.From.IsZero() && e.At.Before(f.From),
		!f.To.IsZero() && !e.At.Before(f.To),
		f.Text != "" && !strings.Contains(strings.ToLower(e.Details), strings.ToLower(f.Text)):
		return false
	}
	return true
}

func TestFindFiltersAndPagesLikeTheSpecification(t *testing.T) {
	t.Parallel()
	db := openSeeded(t, t.TempDir(), smallSeed)
	defer func(w uint) { TextWindow = w }(TextWindow)
	TextWindow = 4000 // several windows over the seeded ids
	for name, f := range filterCases() {
		t.Run(name, func(t *testing.T) {
			var want []uint
			for i := smallSeed; i >= 1; i-- {
				if e := seedRow(i); matches(f, e) {
					want = append(want, e.ID)
				}
			}
			f.Limit = 37
			var got []uint
			for pages := 0; ; pages++ {
				if pages > smallSeed {
					t.Fatal("paging does not end")
				}
				p, err := Find(context.Background(), db, f)
				if err != nil {
					t.Fatal(err)
				}
				if len(p.Entries) > 37 {
					t.Fatalf("page of %d entries, limit 37", len(p.Entries))
				}
				for _, e := range p.Entries {
					got = append(got, e.ID)
				}
				if p.Next == 0 {
					break
				}
				if p.Next >= f.BeforeID && f.BeforeID != 0 {
					t.Fatalf("next page %d does not go older than %d", p.Next, f.BeforeID)
				}
				f.BeforeID = p.Next
			}
			if !slices.Equal(got, want) {
				t.Fatalf("got %d entries, want %d (first got %v, want %v)", len(got), len(want), head(got), head(want))
			}
		})
	}
}

func head(ids []uint) []uint { return ids[:min(len(ids), 5)] }

// TestEveryFilterUsesAnIndex proves with SQLite's own plan that no filter
// reads the whole table: every statement a search runs is an index search.
func TestEveryFilterUsesAnIndex(t *testing.T) {
	t.Parallel()
	db := openSeeded(t, t.TempDir(), 3000)
	explain := func(t *testing.T, sql string, args ...any) {
		t.Helper()
		var rows []struct {
			ID, Parent, Notused int
			Detail              string
		}
		if err := db.Raw("EXPLAIN QUERY PLAN "+sql, args...).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if !strings.Contains(sql, " WHERE ") && r.Detail == "SCAN audit_entries" {
				continue // no filter: the table in id order, stopped by the LIMIT
			}
			if strings.HasPrefix(r.Detail, "SCAN audit_entries") || strings.HasPrefix(r.Detail, "SCAN TABLE audit_entries") {
				t.Errorf("%s\nreads the whole table: %s", sql, r.Detail)
			}
			if strings.Contains(r.Detail, "TEMP B-TREE") {
				t.Errorf("%s\nsorts instead of reading in index order: %s", sql, r.Detail)
			}
		}
	}
	for name, f := range filterCases() {
		t.Run(name, func(t *testing.T) {
			q, err := plan(context.Background(), db, f)
			if err != nil {
				t.Fatal(err)
			}
			if q == nil {
				return // nothing can match; no statement runs
			}
			for _, st := range q.statements() {
				explain(t, st.sql, st.args...)
			}
		})
	}
	t.Run("helpers", func(t *testing.T) {
		explain(t, sqlFirstAtOrAfter, seedStart)
		explain(t, sqlLastBefore, seedStart)
		explain(t, "SELECT action FROM audit_entries WHERE action > ? AND action < ? ORDER BY action LIMIT 1", "a", "b")
		explain(t, "SELECT * FROM audit_entries WHERE id IN (?,?,?) ORDER BY id DESC", 1, 2, 3)
		explain(t, "DELETE FROM audit_entries WHERE id IN (SELECT id FROM audit_entries WHERE at < ? ORDER BY at LIMIT ?)", seedStart, 10)
	})
}

func TestGetAndDescribeShowBeforeAndAfter(t *testing.T) {
	t.Parallel()
	w, _ := openDB(t)
	ctx := context.Background()
	before := map[string]any{"name": "Physics", "record": false, "welcome": "Hi", "duration": 60}
	after := map[string]any{"name": "Physics 2", "record": true, "duration": 60.0, "logo": "x.png"}
	err := w.Write(ctx, Record{ActorEmail: "ada@example.org", Action: "room.update", TargetType: "room", TargetID: "3",
		Result: ResultOK, Details: map[string]any{"changes": Changes(before, after),
			"template": map[string]any{"before": "Lecture", "after": "Seminar"}, "name": "Physics 2"}})
	if err != nil {
		t.Fatal(err)
	}
	page, err := Find(ctx, w.db, Filter{Action: "room.update"})
	if err != nil || len(page.Entries) != 1 {
		t.Fatalf("%v %v", page, err)
	}
	e, err := Get(w.db, page.Entries[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	d := Describe(*e)
	got := map[string]Change{}
	for _, c := range d.Changes {
		got[c.Field] = c
	}
	want := map[string]Change{
		"name":     {Field: "name", Before: "Physics", After: "Physics 2", HadBefore: true, HasAfter: true},
		"record":   {Field: "record", Before: "false", After: "true", HadBefore: true, HasAfter: true},
		"welcome":  {Field: "welcome", Before: "Hi", HadBefore: true},
		"logo":     {Field: "logo", After: "x.png", HasAfter: true},
		"template": {Field: "template", Before: "Lecture", After: "Seminar", HadBefore: true, HasAfter: true},
	}
	if len(got) != len(want) {
		t.Errorf("changes %+v, want %+v (duration 60 and 60.0 is no change)", d.Changes, want)
	}
	for k, c := range want {
		if got[k] != c {
			t.Errorf("change of %s: %+v, want %+v", k, got[k], c)
		}
	}
	if len(d.Fields) != 1 || d.Fields[0] != (Field{"name", "Physics 2"}) {
		t.Errorf("other fields %+v", d.Fields)
	}
	if _, err := Get(w.db, 999); err != ErrNotFound {
		t.Errorf("missing entry: %v", err)
	}
}
