package main

import (
	"errors"
	"testing"

	"github.com/hwident/hwident/hw/netif"
	"github.com/hwident/hwident/identity"
)

func TestNetSource(t *testing.T) {
	tests := []struct {
		board, arg string
		want       string
		wantErr    error
	}{
		{"x86", "mender", "00:e0:4c:68:01:23", nil},
		{"x86", "auto", "a8:a1:59:0e:22:f3", nil},
		{"x86", "wlp2s0", "f4:8c:50:3b:9d:02", nil},
		{"x86", "docker0", "02:42:7d:1e:88:0c", nil}, // named on purpose: locally administered is fine
		{"x86", "veth3f2a1b0", "", netif.ErrNotPermanent},
		{"x86", "tun0", "", identity.ErrBadMAC},
		{"x86", "lo", "", identity.ErrAllZeroOrFF},
		{"x86", "eth0", "", netif.ErrNoInterface},
		{"bbb", "usb0", "", netif.ErrNotPermanent},
		{"vm", "ens3", "52:54:00:12:34:56", nil},
		{"vm", "mender", "52:54:00:12:34:56", nil},
		{"vm", "auto", "", netif.ErrNoneSuitable},
	}
	for _, tc := range tests {
		m := (&app{getenv: func(string) string { return "" }}).machine("testdata/boards/" + tc.board)
		got, err := m.read(identity.Source{Scheme: "net", Arg: tc.arg})
		if tc.wantErr != nil {
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("%s net:%s: %v, want %v", tc.board, tc.arg, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s net:%s = %q, %v; want %q", tc.board, tc.arg, got, err, tc.want)
		}
	}
}
