package webhook

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}

func TestCheckAddr(t *testing.T) {
	forbidden := map[string]string{
		"127.0.0.1":                "loopback",
		"127.255.255.254":          "loopback",
		"::1":                      "loopback",
		"::ffff:127.0.0.1":         "loopback", // IPv4-mapped is judged as IPv4
		"10.0.0.1":                 "private",
		"172.16.0.1":               "private",
		"172.31.255.255":           "private",
		"192.168.1.1":              "private",
		"fc00::1":                  "private",
		"fd12:3456::1":             "private",
		"::ffff:10.1.2.3":          "private",
		"169.254.169.254":          "link-local", // AWS, GCP, Azure metadata
		"169.254.0.1":              "link-local",
		"fe80::1":                  "link-local",
		"0.0.0.0":                  "unspecified",
		"::":                       "unspecified",
		"224.0.0.1":                "multicast",
		"239.255.255.250":          "multicast",
		"ff02::1":                  "multicast",
		"0.1.2.3":                  "this network",
		"100.100.100.200":          "carrier-grade NAT", // Alibaba Cloud metadata
		"192.0.0.170":              "IETF",
		"198.18.0.1":               "benchmarking",
		"192.0.2.1":                "documentation",
		"255.255.255.255":          "broadcast",
		"240.0.0.1":                "reserved",
		"64:ff9b::a00:1":           "NAT64",
		"2002:7f00:1::":            "6to4",
		"2001:0:4136:e378::1":      "Teredo",
		"2001:db8::1":              "documentation",
		"::127.0.0.1":              "IPv4-compatible",
		"fec0::1":                  "site-local",
		"100::1":                   "discard",
		"::ffff:169.254.169.254":   "link-local",
		"fe80::1234:5678:9abc:def": "link-local",
	}
	for addr, want := range forbidden {
		t.Run("Refuses/"+addr, func(t *testing.T) {
			err := checkAddr(netip.MustParseAddr(addr), nil)
			if !errors.Is(err, ErrForbiddenAddress) || !strings.Contains(err.Error(), want) {
				t.Errorf("checkAddr(%s) = %v, want ErrForbiddenAddress saying %q", addr, err, want)
			}
		})
	}

	for _, addr := range []string{"93.184.215.14", "1.1.1.1", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "2a00:1450:4001::200e"} {
		t.Run("Allows/"+addr, func(t *testing.T) {
			if err := checkAddr(netip.MustParseAddr(addr), nil); err != nil {
				t.Errorf("checkAddr(%s) = %v, want nil", addr, err)
			}
		})
	}

	t.Run("AllowListOverrides", func(t *testing.T) {
		allow := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.1.0.0/16")}
		for _, addr := range []string{"127.0.0.1", "::ffff:127.0.0.1", "10.1.2.3"} {
			if err := checkAddr(netip.MustParseAddr(addr), allow); err != nil {
				t.Errorf("checkAddr(%s, allowed) = %v", addr, err)
			}
		}
		for _, addr := range []string{"10.2.0.1", "::1", "169.254.169.254"} {
			if err := checkAddr(netip.MustParseAddr(addr), allow); err == nil {
				t.Errorf("checkAddr(%s) passed although outside the allowed ranges", addr)
			}
		}
	})
}

func TestValidateURL(t *testing.T) {
	cases := []struct {
		name  string
		url   string
		allow []netip.Prefix
		want  error // nil for valid
		says  string
	}{
		{"HTTPS", "https://crm.example.com/hooks/mspeval?token=abc", nil, nil, ""},
		{"HTTPSWithPort", "https://crm.example.com:8443/hooks", nil, nil, ""},
		{"PublicIP", "https://93.184.215.14/hook", nil, nil, ""},
		{"PublicIPv6", "https://[2606:4700::1111]/hook", nil, nil, ""},
		{"HTTPRefused", "http://crm.example.com/hook", nil, ErrInvalidURL, "want https"},
		{"HTTPToPublicIPRefused", "http://93.184.215.14/hook", nil, ErrInvalidURL, "want https"},
		{"HTTPToAllowedLoopback", "http://127.0.0.1:8080/hook", loopback, nil, ""},
		{"HTTPHostNameWhenAllowListSet", "http://localhost:8080/hook", loopback, nil, ""},
		{"HTTPToPublicIPEvenWithAllowList", "http://93.184.215.14/hook", loopback, ErrInvalidURL, "want https"},
		{"OtherScheme", "ftp://crm.example.com/", nil, ErrInvalidURL, `scheme "ftp"`},
		{"Relative", "/hooks", nil, ErrInvalidURL, "scheme"},
		{"NoHost", "https:///hooks", nil, ErrInvalidURL, "host missing"},
		{"Opaque", "https:crm.example.com", nil, ErrInvalidURL, "host missing"},
		{"UserInfo", "https://user:pass@crm.example.com/", nil, ErrInvalidURL, "user name or password"},
		{"Fragment", "https://crm.example.com/#x", nil, ErrInvalidURL, "fragment"},
		{"Unparsable", "https://crm.example.com/%zz", nil, ErrInvalidURL, "invalid URL escape"},
		{"Loopback", "https://127.0.0.1/hook", nil, ErrForbiddenAddress, "loopback"},
		{"LoopbackIPv6", "https://[::1]/hook", nil, ErrForbiddenAddress, "loopback"},
		{"Metadata", "http://169.254.169.254/latest/meta-data/", nil, ErrForbiddenAddress, "link-local"},
		{"Private", "https://10.0.0.5/hook", nil, ErrForbiddenAddress, "private"},
		{"MappedLoopback", "https://[::ffff:127.0.0.1]/hook", nil, ErrForbiddenAddress, "loopback"},
		{"Zone", "https://[fe80::1%25eth0]/hook", nil, ErrInvalidURL, "zone"},
		{"ShortIPv4", "https://127.1/hook", nil, ErrInvalidURL, "neither a host name nor an IP"},
		{"DecimalIPv4", "https://2130706433/hook", nil, ErrInvalidURL, "neither a host name nor an IP"},
		{"HexIPv4", "https://0x7f.0.0.1/hook", nil, ErrInvalidURL, "neither a host name nor an IP"},
		{"HexLabel", "https://0x7f000001/hook", nil, ErrInvalidURL, "neither a host name nor an IP"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateURL(tc.url, tc.allow)
			if tc.want == nil {
				if err != nil {
					t.Errorf("ValidateURL(%q) = %v, want nil", tc.url, err)
				}
				return
			}
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("ValidateURL(%q) = %v, want %v saying %q", tc.url, err, tc.want, tc.says)
			}
		})
	}
}
