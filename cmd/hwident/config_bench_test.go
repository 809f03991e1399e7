package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwident/hwident/identity"
)

// config100k is a config of 100,000 attributes: the same few hardware
// sources again and again, and 1,000 different files.
func config100k() (string, map[string]string) {
	files := map[string]string{
		"sys/class/net/eth0/type":            "1\n",
		"sys/class/net/eth0/ifindex":         "2\n",
		"sys/class/net/eth0/address":         "a8:a1:59:0e:22:f3\n",
		"sys/class/dmi/id/product_serial":    "SYS-0042\n",
		"sys/bus/mmc/devices/mmc0:0001/type": "MMC\n",
		"sys/bus/mmc/devices/mmc0:0001/cid":  "11010030303847423004348fc3eea600\n",
	}
	for i := range 1000 {
		files[fmt.Sprintf("etc/sn/%d", i)] = fmt.Sprintf("SERIAL-%06d\n", i)
	}
	hw := []string{"net:eth0", "net:mender", "dmi:product_serial", "mmc:cid"}
	var b strings.Builder
	for i := range 100_000 {
		src := hw[i%len(hw)]
		if i%2 == 1 {
			src = fmt.Sprintf("file:/etc/sn/%d", i%1000)
		}
		fmt.Fprintf(&b, "a%06d=%s\n", i, src)
	}
	return b.String(), files
}

// BenchmarkParseConfig100k parses the 100,000-attribute config.
func BenchmarkParseConfig100k(b *testing.B) {
	text, _ := config100k()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := identity.ParseConfig(text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConfig100k runs hwident identity with the 100,000-attribute
// config: read, parse, resolve every attribute, print.
func BenchmarkConfig100k(b *testing.B) {
	text, files := config100k()
	root := b.TempDir()
	files["etc/hwident.conf"] = text
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		var out, errb strings.Builder
		err := run([]string{"hwident", "identity", "--root", root}, strings.NewReader(""), &out, &errb, func(string) string { return "" })
		if err != nil || strings.Count(out.String(), "\n") != 100_000 {
			b.Fatalf("%v: %d lines, %s", err, strings.Count(out.String(), "\n"), errb.String())
		}
	}
}
