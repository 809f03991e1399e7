package machine

import (
	"errors"
	"strings"
	"testing"

	"github.com/hwident/hwident/hw/netif"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/scripts/testkit/boards"
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
		{"msi-desktop-lte", "wwan0", "", netif.ErrSharedAddress}, // Huawei's factory address
		{"msi-desktop-lte", "auto", "d4:3d:7e:6c:da:80", nil},
		{"dell-r720-lom4", "auto", "78:2b:cb:38:ac:1b", nil},     // Embedded NIC 1
		{"supermicro-x772-ve", "auto", "ac:1f:6b:8a:5f:c8", nil}, // SMBIOS index 0
	}
	for _, tc := range tests {
		m := At(boards.Dir(t, tc.board))
		got, err := m.Read(identity.Source{Scheme: "net", Arg: tc.arg})
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

// TestNetPrintsValidatedAddress: the address is checked without the white
// space around it, and printed as it was checked.
func TestNetPrintsValidatedAddress(t *testing.T) {
	root := boards.Copy(t, "imx8mp")
	boards.WriteFile(t, root+"/sys/class/net/end0/address", "\t 00:04:9f:07:a1:10 \r\n")
	m := At(root)
	for _, arg := range []string{"auto", "end0"} {
		got, err := m.Read(identity.Source{Scheme: "net", Arg: arg})
		if err != nil || got != "00:04:9f:07:a1:10" {
			t.Errorf("net:%s = %q, %v; want the trimmed address", arg, got, err)
		}
	}
}

// TestShowNamedNICVerdict: a row's yes/no answers for net:IFNAME; what
// net:auto makes of the interface is said after it.
func TestShowNamedNICVerdict(t *testing.T) {
	m := At(boards.Dir(t, "x86"))
	rows := map[string]Candidate{}
	for _, c := range m.showNet() {
		rows[c.Source] = c
	}
	for src, want := range map[string]bool{"net:docker0": true, "net:veth3f2a1b0": false, "net:enp3s0": true, "net:lo": false} {
		if c := rows[src]; c.Usable != want {
			t.Errorf("%s usable = %t, want %t (%s)", src, c.Usable, want, c.Verdict)
		}
	}
	if v := rows["net:docker0"].Verdict; !strings.Contains(v, "warning: a locally administered address set by user space") || !strings.Contains(v, "net:auto: not a candidate") {
		t.Errorf("docker0 verdict %q: want the set-at-boot warning and net:auto's reason", v)
	}
}
