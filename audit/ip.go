package audit

import "net/netip"

// ShortenIP keeps only the network of a client address: the first three
// bytes of an IPv4 address (/24) and the first six of an IPv6 address (/48).
// An IPv4 address mapped into IPv6 is shortened as IPv4. Anything that is not
// an address is returned as it is (the shell, "bbb-server").
func ShortenIP(s string) string {
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return s
	}
	addr = addr.Unmap().WithZone("")
	bits := 48
	if addr.Is4() {
		bits = 24
	}
	p, err := addr.Prefix(bits)
	if err != nil {
		return s
	}
	return p.Addr().String()
}
