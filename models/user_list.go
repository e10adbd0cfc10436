package models

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// UserQuery is one page of the account list: accounts whose e-mail address or display name
// starts with Search (any case).
type UserQuery struct {
	Search string
	Keyset
}

// userSearch returns the branches of a user list filtered by where: everyone, or the accounts
// whose e-mail or name starts with search (the second branch leaves out the first one's rows).
func userSearch(where string, args []any, search string) []listBranch {
	s := strings.TrimSpace(search)
	if s == "" {
		return []listBranch{{from: "users AS u", where: where, args: args}}
	}
	lo, hi := prefixBounds(s)
	const byEmail = "u.email >= lower(?) AND u.email < lower(?)"
	return []listBranch{
		{from: "users AS u", where: where + " AND " + byEmail, args: append(append([]any{}, args...), lo, hi)},
		{from: "users AS u", where: where + " AND lower(u.display_name) >= lower(?) AND lower(u.display_name) < lower(?) AND NOT (" + byEmail + ")",
			args: append(append([]any{}, args...), lo, hi, lo, hi)},
	}
}

// userListCols are what account lists show; the other fields of the users they return, the
// password hash among them, stay zero.
const userListCols = "u.id, u.email, u.display_name, u.role, u.disabled"

var userRows = keysetRows[User]{id: func(u *User) uint { return u.ID }, fields: func(u *User) []any {
	return []any{&u.ID, &u.Email, &u.DisplayName, &u.Role, &u.Disabled}
}}

// UsersPage is one page of every account, by e-mail address, with the fields lists show (userListCols).
func UsersPage(db *gorm.DB, q UserQuery) ([]User, Pager, error) {
	l := keysetList{cols: userListCols, key: []string{"u.email", "u.id"}, branches: userSearch("u.email >= ''", nil, q.Search),
		cursor: "SELECT u.email, u.id FROM users AS u WHERE u.id = ?"}
	users, p, err := keysetPage(db, l, q.Keyset, userRows)
	if err != nil {
		return nil, p, fmt.Errorf("models: users: %w", err)
	}
	return users, p, nil
}

// CoOwnerSearch returns up to limit enabled accounts other than owner whose e-mail or name
// starts with search, by name, with the fields lists show: the co-owner picker's answers.
func CoOwnerSearch(db *gorm.DB, owner uint, search string, limit int) ([]User, error) {
	if strings.TrimSpace(search) == "" {
		return nil, nil
	}
	l := keysetList{cols: userListCols, key: []string{"lower(u.display_name)", "u.id"},
		branches: userSearch("u.disabled = ? AND u.id <> ?", []any{false, owner}, search)}
	users, _, err := keysetPage(db, l, Keyset{Limit: limit}, userRows)
	if err != nil {
		return nil, fmt.Errorf("models: co-owner search: %w", err)
	}
	return users, nil
}
