package createopts

import (
	"context"
	"encoding/json"
	"net"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Scope is where submitted options are saved; it decides who may set admin-only options.
type Scope int

const (
	ScopeRoom             Scope = iota // a room's own overrides (owner or co-owners)
	ScopePersonalTemplate              // a teacher's own template
	ScopeGlobalTemplate                // a global template, which only admins edit
)

// Resolver looks up the addresses of a host name; *net.Resolver is one.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Validator validates submitted options for one scope, with the checks that need more than
// the value: who may set admin-only options, and where URLs that BBB fetches may point.
type Validator struct {
	Scope Scope
	// AllowedHosts may be named by fetched URLs although they are internal
	// (config.Config.FetchAllowedHosts: lower-case names and IP addresses).
	AllowedHosts []string
	Resolver     Resolver      // nil: net.DefaultResolver
	Timeout      time.Duration // for one host lookup; 0: 3 s
}

// Template validates a template's submitted values and policies (TemplateSettings plus the
// scope's checks). Admin-only options are refused unless the scope is ScopeGlobalTemplate.
func (v Validator) Template(ctx context.Context, values Values, policies map[string]Policy) (Settings, Errors) {
	out, errs := TemplateSettings(values, policies)
	for name, s := range out {
		if s.Value == "" {
			continue
		}
		if fe := v.check(ctx, name, s.Value); fe != nil {
			errs[name] = fe
			s.Value = ""
			out[name] = s
		}
	}
	return out, errs
}

// Room validates what a room submitted against its template (RoomOverrides plus the scope's
// checks): a room may not set an admin-only option to anything but the template's value.
func (v Validator) Room(ctx context.Context, template Settings, submitted Values) (Values, Errors) {
	tv := template.TemplateValues()
	rest, refused := Values{}, Errors{}
	for name, raw := range submitted {
		opt, known := Lookup(name)
		if known && opt.AdminOnly && template.PolicyOf(name) == PolicyDefault {
			if value, err := Normalize(name, raw); err == nil && value != "" && value != tv[name] {
				refused[name] = fieldError(name, "opt.err.adminOnly", nil)
				continue
			}
		}
		rest[name] = raw
	}
	out, errs := RoomOverrides(template, rest)
	for name, value := range out {
		if fe := v.check(ctx, name, value); fe != nil {
			errs[name] = fe
			delete(out, name)
		}
	}
	for name, fe := range refused {
		errs[name] = fe
	}
	return out, errs
}

// Value normalises one value (Normalize) and applies the scope's checks.
func (v Validator) Value(ctx context.Context, name, value string) (string, error) {
	value, err := Normalize(name, value)
	if err != nil || value == "" {
		return value, err
	}
	if fe := v.check(ctx, name, value); fe != nil {
		return "", fe
	}
	return value, nil
}

// check applies the admin-only rule and the address rule to a normalised value.
func (v Validator) check(ctx context.Context, name, value string) *FieldError {
	opt, ok := Lookup(name)
	if !ok {
		return nil
	}
	if opt.AdminOnly && v.Scope != ScopeGlobalTemplate {
		return fieldError(name, "opt.err.adminOnly", nil)
	}
	if !opt.Fetched {
		return nil
	}
	for _, raw := range fetchedURLs(opt, value) {
		if fe := v.checkHost(ctx, name, raw); fe != nil {
			return fe
		}
	}
	return nil
}

// fetchedURLs returns the URLs in a Fetched option's value: the value itself, or the "url" of
// each entry of a JSON list (pluginManifests).
func fetchedURLs(opt *Option, value string) []string {
	if opt.Kind != JSON {
		return []string{value}
	}
	var entries []struct {
		URL string `json:"url"`
	}
	if json.Unmarshal([]byte(value), &entries) != nil {
		return nil
	}
	var urls []string
	for _, e := range entries {
		urls = append(urls, e.URL)
	}
	return urls
}

// checkHost refuses a URL whose host is, or resolves to, an internal address, unless the host
// is allowed. A host that does not resolve passes: BBB cannot fetch from it either.
func (v Validator) checkHost(ctx context.Context, name, raw string) *FieldError {
	u, err := url.Parse(raw)
	if err != nil {
		return fieldError(name, "opt.err.url", nil)
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	refuse := func() *FieldError { return fieldError(name, "opt.err.internalHost", map[string]any{"Host": host}) }
	if addr, err := netip.ParseAddr(host); err == nil {
		if slices.Contains(v.AllowedHosts, addr.WithZone("").String()) || !InternalAddress(addr) {
			return nil
		}
		return refuse()
	}
	if slices.Contains(v.AllowedHosts, host) {
		return nil
	}
	if looksNumeric(host) {
		// "2130706433", "127.1" or "0x7f.1" are IP addresses to some fetchers (Java, curl).
		return fieldError(name, "opt.err.numericHost", nil)
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return refuse()
	}
	resolver, timeout := v.Resolver, v.Timeout
	if resolver == nil {
		resolver = net.DefaultResolver
	}
	if timeout <= 0 {
		timeout = 3 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addrs, err := resolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil
	}
	for _, a := range addrs {
		if InternalAddress(a) {
			return refuse()
		}
	}
	return nil
}

// looksNumeric reports whether the last label of a host name is a number (decimal or hex):
// no top-level domain is, so such a name is an IP address in a form ParseAddr does not read.
func looksNumeric(host string) bool {
	last := host[strings.LastIndex(host, ".")+1:]
	if strings.HasPrefix(last, "0x") {
		last = last[2:]
		return last == "" || strings.Trim(last, "0123456789abcdef") == ""
	}
	return last != "" && strings.Trim(last, "0123456789") == ""
}

var (
	sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10") // carrier-grade NAT
	thisNetwork        = netip.MustParsePrefix("0.0.0.0/8")
	nat64              = netip.MustParsePrefix("64:ff9b::/96")
)

// InternalAddress reports whether BBB must not be sent to fetch from a: loopback, private,
// link-local, unspecified, multicast, carrier-grade NAT, "this network", and IPv6 forms that
// carry such an IPv4 address (IPv4-mapped, NAT64).
func InternalAddress(a netip.Addr) bool {
	a = a.WithZone("").Unmap()
	if nat64.Contains(a) {
		b := a.As16()
		a = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	return a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() ||
		sharedAddressSpace.Contains(a) || thisNetwork.Contains(a)
}

// AdminOnlyIn lists the admin-only options set in values, sorted: a room or personal template
// saved before the rule existed may carry some, and must not send them.
func AdminOnlyIn(values Values) []string {
	var names []string
	for name, v := range values {
		if o, ok := Lookup(name); ok && o.AdminOnly && v != "" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}
