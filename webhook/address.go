package webhook

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
)

// Errors for endpoints that are refused; ValidateURL and Deliver wrap them.
var (
	ErrInvalidURL = errors.New("webhook: invalid endpoint URL")
	// ErrForbiddenAddress is a target inside our own or another
	// non-public network, refused so that a webhook cannot be used to reach
	// services behind the firewall (SSRF).
	ErrForbiddenAddress = errors.New("webhook: address not allowed")
)

// specialRanges are addresses that are not loopback, private, link-local,
// unspecified or multicast (netip checks those) but still do not name a
// public host: IANA's special-purpose registries, plus the IPv6 forms that
// embed an IPv4 address and could smuggle a private one through.
var specialRanges = []struct {
	prefix netip.Prefix
	what   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), `"this network"`},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared address space (carrier-grade NAT)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "reserved for IETF protocols"},
	{netip.MustParsePrefix("192.0.2.0/24"), "reserved for documentation"},
	{netip.MustParsePrefix("198.18.0.0/15"), "reserved for benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "reserved for documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "reserved for documentation"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved (or broadcast)"},
	{netip.MustParsePrefix("::/96"), "IPv4-compatible (deprecated)"},
	{netip.MustParsePrefix("64:ff9b::/96"), "NAT64, which embeds an IPv4 address"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "local NAT64, which embeds an IPv4 address"},
	{netip.MustParsePrefix("100::/64"), "discard-only"},
	{netip.MustParsePrefix("2001::/23"), "reserved for IETF protocols (Teredo included)"},
	{netip.MustParsePrefix("2001:db8::/32"), "reserved for documentation"},
	{netip.MustParsePrefix("2002::/16"), "6to4, which embeds an IPv4 address"},
	{netip.MustParsePrefix("fec0::/10"), "site-local (deprecated)"},
}

// checkAddr returns nil when ip may be a webhook target: inside allow, or a
// public unicast address. An IPv4-mapped IPv6 address is judged as IPv4.
func checkAddr(ip netip.Addr, allow []netip.Prefix) error {
	ip = ip.Unmap().WithZone("")
	if allowed(ip, allow) {
		return nil
	}
	what := ""
	switch {
	case ip.IsLoopback():
		what = "loopback"
	case ip.IsPrivate():
		what = "private"
	case ip.IsLinkLocalUnicast():
		what = "link-local (where cloud metadata services live)"
	case ip.IsUnspecified():
		what = "unspecified"
	case ip.IsMulticast():
		what = "multicast"
	default:
		for _, r := range specialRanges {
			if r.prefix.Contains(ip) {
				what = r.what
				break
			}
		}
	}
	if what == "" {
		return nil
	}
	return fmt.Errorf("%w: %s is %s", ErrForbiddenAddress, ip, what)
}

func allowed(ip netip.Addr, allow []netip.Prefix) bool {
	for _, p := range allow {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// ValidateURL checks an endpoint when it is registered: an absolute https
// URL with a host, no user name or password (they would end up in logs) and
// no fragment. A literal IP must pass the same address rules as a dial.
//
// Plain http is accepted only where allow could permit it: a literal IP
// inside allow, or a host name when allow is not empty (the dial then
// insists that the name resolves inside allow). Host names are not resolved
// here; what they resolve to when a delivery is made is what counts, and
// the Client checks that.
func ValidateURL(raw string, allow []netip.Prefix) error {
	_, err := parseEndpoint(raw, allow)
	return err
}

func parseEndpoint(raw string, allow []netip.Prefix) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("%w: %v", ErrInvalidURL, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("%w: scheme %q, want https", ErrInvalidURL, u.Scheme)
	}
	if u.Opaque != "" || u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("%w: host missing", ErrInvalidURL)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%w: user name or password in the URL; pass credentials in the path or query instead", ErrInvalidURL)
	}
	if u.Fragment != "" || strings.HasSuffix(raw, "#") {
		return nil, fmt.Errorf("%w: fragment (#…) is never sent to the server", ErrInvalidURL)
	}
	host := u.Hostname()
	if ip, err := netip.ParseAddr(host); err == nil {
		if ip.Zone() != "" {
			return nil, fmt.Errorf("%w: IPv6 zone in %q", ErrInvalidURL, host)
		}
		if err := checkAddr(ip, allow); err != nil {
			return nil, err
		}
		if u.Scheme == "http" && !allowed(ip.Unmap(), allow) {
			return nil, fmt.Errorf("%w: plain http, want https", ErrInvalidURL)
		}
		return u, nil
	}
	if numericLooking(host) {
		// "127.1", "2130706433", "0x7f.0.0.1": not host names, and some
		// resolvers read them as IPv4 addresses.
		return nil, fmt.Errorf("%w: %q is neither a host name nor an IP address", ErrInvalidURL, host)
	}
	if u.Scheme == "http" && len(allow) == 0 {
		return nil, fmt.Errorf("%w: plain http, want https", ErrInvalidURL)
	}
	return u, nil
}

// numericLooking reports whether the last label of host is a number (decimal,
// octal or hex). No top-level domain is numeric, so such a host can only be
// an address in disguise.
func numericLooking(host string) bool {
	host = strings.TrimSuffix(host, ".")
	last := host[strings.LastIndex(host, ".")+1:]
	if l := strings.ToLower(last); strings.HasPrefix(l, "0x") {
		last = l[2:]
		if last == "" {
			return true
		}
		return strings.Trim(last, "0123456789abcdef") == ""
	}
	return last != "" && strings.Trim(last, "0123456789") == ""
}

// dialControl runs after DNS resolution, on the very address about to be
// connected to, so a name that resolves to a forbidden address (at
// registration or only later, DNS rebinding) is refused all the same.
// With onlyAllowed, as for plain http, only addresses inside allow pass.
func dialControl(allow []netip.Prefix, onlyAllowed bool) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("%w: cannot check %q (%s)", ErrForbiddenAddress, address, network)
		}
		ip := ap.Addr().Unmap().WithZone("")
		if onlyAllowed && !allowed(ip, allow) {
			return fmt.Errorf("%w: plain http to %s, which is not in the allowed ranges; use https", ErrForbiddenAddress, ip)
		}
		return checkAddr(ip, allow)
	}
}
