package paths

import "strconv"

// AccountSessionEnd ends one of the signed-in user's sessions (POST).
func AccountSessionEnd(id uint) string {
	return Account + "/sessions/" + strconv.FormatUint(uint64(id), 10) + "/end"
}
