package netguard

import (
	"net/netip"
	"testing"
)

func TestRefusal(t *testing.T) {
	tests := []struct {
		addr string
		want string // "" means public
	}{
		{"127.0.0.1", reasonLoopback},
		{"127.8.9.10", reasonLoopback},
		{"::1", reasonLoopback},
		{"::ffff:127.0.0.1", reasonLoopback},
		{"10.0.0.1", reasonPrivate},
		{"172.16.5.4", reasonPrivate},
		{"192.168.1.1", reasonPrivate},
		{"::ffff:10.0.0.1", reasonPrivate},
		{"fc00::1", reasonPrivate},
		{"fd12:3456::1", reasonPrivate},
		{"169.254.169.254", reasonLinkLocal},
		{"::ffff:169.254.169.254", reasonLinkLocal},
		{"fe80::1", reasonLinkLocal},
		{"fe80::1%eth0", reasonLinkLocal},
		{"100.64.0.1", reasonShared},
		{"100.127.255.254", reasonShared},
		{"0.0.0.0", reasonUnspecified},
		{"::", reasonUnspecified},
		{"0.1.2.3", reasonReserved},
		{"224.0.0.1", reasonMulticast},
		{"ff02::1", reasonMulticast},
		{"239.1.2.3", reasonMulticast},
		{"ff0e::1", reasonMulticast},
		{"255.255.255.255", reasonReserved},
		{"240.0.0.1", reasonReserved},
		{"192.0.2.10", reasonReserved},
		{"198.18.0.1", reasonReserved},
		{"203.0.113.7", reasonReserved},
		{"::127.0.0.1", reasonReserved}, // IPv4-compatible, long deprecated
		{"64:ff9b::7f00:1", reasonLoopback},
		{"64:ff9b::a9fe:a9fe", reasonLinkLocal},
		{"64:ff9b:1::1", reasonReserved},
		{"2002:7f00:1::", reasonLoopback},
		{"2002:a00:1::", reasonPrivate},
		{"2001::1", reasonReserved}, // Teredo
		{"2001:db8::1", reasonReserved},
		{"fec0::1", reasonReserved},
		{"100::1", reasonReserved},
		{"8.8.8.8", ""},
		{"1.1.1.1", ""},
		{"100.128.0.1", ""},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::808:808", ""},
		{"2002:808:808::", ""},
		{"2606:4700:4700::1111", ""},
		{"2a00:1450:4001:80b::200e", ""},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if got := refusal(netip.MustParseAddr(tt.addr)); got != tt.want {
				t.Errorf("refusal(%s) = %q, want %q", tt.addr, got, tt.want)
			}
		})
	}
	if got := refusal(netip.Addr{}); got != reasonInvalid {
		t.Errorf("refusal(zero) = %q, want %q", got, reasonInvalid)
	}
}

func TestParseAllowList(t *testing.T) {
	tests := []struct {
		entry   string
		wantErr bool
		name    string
		addrs   []string // allowed
		denied  []string
	}{
		{entry: "rss.intranet.example", name: "rss.intranet.example"},
		{entry: "RSS.Intranet.Example.", name: "rss.intranet.example"},
		{entry: "localhost", name: "localhost"},
		{entry: "10.0.0.0/8", addrs: []string{"10.1.2.3", "::ffff:10.9.9.9"}, denied: []string{"11.0.0.1", "192.168.0.1"}},
		{entry: "10.1.2.3/8", addrs: []string{"10.200.0.1"}}, // host bits are ignored
		{entry: "127.0.0.1", addrs: []string{"127.0.0.1", "::ffff:127.0.0.1"}, denied: []string{"127.0.0.2", "::1"}},
		{entry: "::ffff:127.0.0.1", addrs: []string{"127.0.0.1"}},
		{entry: "[::1]", addrs: []string{"::1"}, denied: []string{"127.0.0.1"}},
		{entry: "fd00::/8", addrs: []string{"fd12::1"}, denied: []string{"fc00::1"}},
		{entry: "http://rss.intranet.example", wantErr: true},
		{entry: "rss.intranet.example:8080", wantErr: true},
		{entry: "*.intranet.example", wantErr: true},
		{entry: "10.0.0.0/33", wantErr: true},
		{entry: "10.0.0.999", wantErr: true},
		{entry: "fe80::1%eth0", wantErr: true},
		{entry: "", wantErr: true},
		{entry: "two words", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.entry, func(t *testing.T) {
			l, err := ParseAllowList([]string{tt.entry})
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseAllowList(%q) error = %v, want error %v", tt.entry, err, tt.wantErr)
			}
			if err := CheckAllowEntry(tt.entry); (err != nil) != tt.wantErr {
				t.Fatalf("CheckAllowEntry(%q) = %v", tt.entry, err)
			}
			if tt.wantErr {
				return
			}
			if tt.name != "" && !l.allowsName(tt.name) {
				t.Errorf("%q does not allow the name %q", tt.entry, tt.name)
			}
			for _, a := range tt.addrs {
				if !l.allowsAddr(netip.MustParseAddr(a)) {
					t.Errorf("%q does not allow %s", tt.entry, a)
				}
			}
			for _, a := range tt.denied {
				if l.allowsAddr(netip.MustParseAddr(a)) {
					t.Errorf("%q allows %s", tt.entry, a)
				}
			}
		})
	}
}
