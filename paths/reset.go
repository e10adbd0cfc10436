package paths

import "strconv"

// PasswordResetPrefix starts the public pages of the one-time password reset links.
const PasswordResetPrefix = "/reset/"

// PasswordReset is the public page of a reset link's token.
func PasswordReset(token string) string { return PasswordResetPrefix + token }

// UserResetPassword makes a reset link for user id (admin, POST).
func UserResetPassword(id uint) string {
	return "/admin/users/" + strconv.FormatUint(uint64(id), 10) + "/reset-password"
}
