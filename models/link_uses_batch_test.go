package models

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"
	"time"

	"gorm.io/gorm"
)

// A batch of uses gives exactly the results, counts and link_uses rows of counting them one
// by one: limited links' last uses, browsers counted before or twice in the batch, revoked
// and expired links.
func TestUseLinksBatchMatchesOneByOne(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC()
	past := now.Add(-time.Hour)
	type linkSpec struct {
		max      int
		revoked  bool
		expired  bool
		preUsers int // browsers counted before the batch
	}
	specs := []linkSpec{{max: 0}, {max: 5}, {max: 3, preUsers: 2}, {max: 2, preUsers: 2}, {max: 0, revoked: true, preUsers: 1},
		{max: 0, expired: true, preUsers: 1}, {max: 40}, {max: 0, preUsers: 3}, {max: 1}}
	setup := func(t *testing.T) (*gorm.DB, []uint) {
		db, _ := openTestDB(t)
		owner, err := CreateUser(db, NewUser{Email: "kim@school.test", DisplayName: "Kim", Role: RoleTeacher, Password: "teacher password 1"})
		if err != nil {
			t.Fatal(err)
		}
		tpl := &Template{Name: "Standard"}
		if err := SaveTemplate(db, tpl); err != nil {
			t.Fatal(err)
		}
		room := &Room{Name: "Kim's", OwnerID: owner.ID, TemplateID: tpl.ID}
		if err := SaveRoom(db, room); err != nil {
			t.Fatal(err)
		}
		var ids []uint
		for i, s := range specs {
			l := &Link{RoomID: room.ID, Role: LinkAttendee, MaxUses: s.max, CreatedAt: now}
			if err := CreateLinkTx(db, l); err != nil {
				t.Fatal(err)
			}
			for j := 0; j < s.preUsers; j++ {
				if res, err := useOneByOne(db, []UseRequest{{LinkID: l.ID, Browser: fmt.Sprintf("pre-%d-%d", i, j)}}, now); err != nil || res[0] != nil {
					t.Fatal(err, res)
				}
			}
			if s.revoked {
				db.Model(&Link{}).Where("id = ?", l.ID).Update("revoked_at", past)
			}
			if s.expired {
				db.Model(&Link{}).Where("id = ?", l.ID).Update("expires_at", past)
			}
			ids = append(ids, l.ID)
		}
		return db, ids
	}
	state := func(db *gorm.DB) ([]int, []string) {
		var uses []int
		db.Model(&Link{}).Order("id").Pluck("uses", &uses)
		var rows []string
		db.Raw("SELECT link_id || '/' || browser FROM link_uses ORDER BY link_id, browser").Scan(&rows)
		return uses, rows
	}
	for seed := int64(1); seed <= 6; seed++ {
		rng := rand.New(rand.NewSource(seed))
		dbA, idsA := setup(t)
		dbB, idsB := setup(t)
		n := 1 + rng.Intn(200)
		var reqsA, reqsB []UseRequest
		for i := 0; i < n; i++ {
			k := rng.Intn(len(specs))
			var browser string
			switch rng.Intn(4) {
			case 0:
				browser = fmt.Sprintf("pre-%d-%d", k, rng.Intn(3))
			case 1:
				browser = fmt.Sprintf("dup-%d", rng.Intn(5))
			default:
				browser = fmt.Sprintf("new-%d", i)
			}
			reqsA = append(reqsA, UseRequest{LinkID: idsA[k], Browser: browser})
			reqsB = append(reqsB, UseRequest{LinkID: idsB[k], Browser: browser})
		}
		var batch []error
		one, err := useOneByOne(dbA, reqsA, now)
		if err != nil {
			t.Fatal(err)
		}
		if err := dbB.Transaction(func(tx *gorm.DB) (err error) { batch, err = UseLinksTx(tx, reqsB, now); return err }); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(one, batch) {
			t.Fatalf("seed %d: results differ:\none by one %v\nbatch      %v", seed, one, batch)
		}
		usesA, rowsA := state(dbA)
		usesB, rowsB := state(dbB)
		if !reflect.DeepEqual(usesA, usesB) || !reflect.DeepEqual(rowsA, rowsB) {
			t.Fatalf("seed %d: stored state differs: uses %v vs %v, %d vs %d rows", seed, usesA, usesB, len(rowsA), len(rowsB))
		}
	}
}

// useOneByOne counts the requests one at a time with useLinkTx, in one transaction: what
// UseLinksTx's results and stored state must equal.
func useOneByOne(db *gorm.DB, reqs []UseRequest, now time.Time) ([]error, error) {
	out := make([]error, len(reqs))
	err := db.Transaction(func(tx *gorm.DB) error {
		for i, r := range reqs {
			var err error
			if out[i], err = useLinkTx(tx, r, now); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
