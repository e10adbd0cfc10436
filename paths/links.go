package paths

// Links are the join links of a room (POST creates one).
func Links(roomID uint) string { return Room(roomID, "links") }

// Link is one link of a room; rest adds actions and files ("revoke", "qr.svg", "qr.png", "print").
func Link(roomID, linkID uint, rest ...string) string {
	p := Links(roomID) + "/" + id(linkID)
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// JoinCode is the public page where a short code is typed.
const JoinCode = "/j"

// JoinLink is the public join page of a link token.
func JoinLink(token string) string { return JoinCode + "/" + token }

// JoinStatus is what the waiting page of a link token polls.
func JoinStatus(token string) string { return JoinLink(token) + "/status" }
