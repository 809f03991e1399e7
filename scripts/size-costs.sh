#!/usr/bin/env bash
# Measures what the imports and settings the device code avoids would cost,
# and what the libraries it uses on purpose cost, and rewrites the tables in
# docs/size.md between its "size-costs" markers (`make size` runs this).
#
# Every number is the growth of a stripped linux/arm v7 binary built as
# `make cross` builds it (the size budget's reference), with one probe file
# added through `go build -overlay`: the source tree is not touched. A
# probe calls the API behind a condition the linker cannot decide, so the
# code is kept exactly as a real use would keep it.
set -euo pipefail
cd "$(dirname "$0")/.."
doc=${1:-docs/size.md}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
goexperiment=$(GOEXPERIMENT=nogreenteagc go env GOEXPERIMENT 2>/dev/null || true)

# loaded FILE prints the bytes of an ELF file's sections that are loaded
# from the file (code, data, tables): a binary's file size moves in 4 KiB
# segment steps, this by the byte.
cat >"$tmp/loaded.go" <<'GO'
package main

import (
	"debug/elf"
	"fmt"
	"os"
)

func main() {
	f, err := elf.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var n uint64
	for _, s := range f.Sections {
		if s.Flags&elf.SHF_ALLOC != 0 && s.Type != elf.SHT_NOBITS {
			n += s.Size
		}
	}
	fmt.Println(n)
}
GO
go build -o "$tmp/loaded" "$tmp/loaded.go"

# build OUT TAGS PKG [OVERLAY] builds with make cross's arm flags and prints
# the loaded bytes; GCFLAGS, LDFLAGS and GOEXP override the flags for the
# settings table.
build() {
	local ov=()
	[ -n "${4:-}" ] && ov=(-overlay "$4")
	CGO_ENABLED=0 GOEXPERIMENT=${GOEXP-$goexperiment} GOOS=linux GOARCH=arm GOARM=7 \
		go build "${ov[@]}" -trimpath -gcflags "${GCFLAGS-all=-l}" -ldflags "${LDFLAGS--s -w -R 0x1000}" \
		-tags "$2" -o "$1" "./$3"
	"$tmp/loaded" "$1"
}

# overlay DIR SRC writes an overlay adding SRC as DIR/zz_size_probe.go.
overlay() {
	printf '{"Replace":{"%s/%s/zz_size_probe.go":"%s"}}\n' "$PWD" "$1" "$2" >"$2.json"
	echo "$2.json"
}

# probe NAME IMPORTS BODY writes a probe for package main of cmd/hwident.
# Imports are aliased p_* so they cannot clash with the package's names.
probe() {
	cat >"$tmp/$1.go" <<-EOF
	package main

	import (
		p_os "os"
		$2
	)

	func init() {
		if p_os.Getenv("HWIDENT_SIZE_PROBE") == "\x00" {
			$3
		}
	}
	EOF
}

size() { stat -c %s "$1"; }

# kb prints bytes as signed KB (1000 B).
kb() { awk -v b="$1" 'BEGIN { printf "%+.1f KB", b / 1000 }'; }
saved() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1000 }'; }

# Imports and calls the device code avoids: name | where the rule is | imports | body.
avoided=(
	'`encoding/json` (Marshal, Unmarshal)|identity/json.go, cmd/hwident/show.go, cmd/internal/labelbatch/json.go|p_json "encoding/json"|b, _ := p_json.Marshal(map[string][]string{"k": p_os.Args}); var v map[string]any; _ = p_json.Unmarshal(b, &v); p_os.Stdout.Write(b)'
	'`crypto/sha256` (Sum256, with Go'"'"'s FIPS 140 module)|identity/sha256.go|p_sha256 "crypto/sha256"|s := p_sha256.Sum256([]byte(p_os.Args[0])); p_os.Stdout.Write(s[:])'
	'package `flag` (a FlagSet: string, bool, int, duration)|cmd/internal/cli/flags.go|p_flag "flag"|f := p_flag.NewFlagSet("x", p_flag.ContinueOnError); a := f.String("a", "", ""); b := f.Bool("b", false, ""); n := f.Int("n", 0, ""); d := f.Duration("d", 0, ""); _ = f.Parse(p_os.Args[1:]); println(*a, *b, *n, int64(*d))'
	'`net` (Dial tcp)|cmd/internal/station/printer.go|p_net "net"|if c, err := p_net.Dial("tcp", p_os.Args[1]); err == nil { c.Write([]byte("x")); c.Close() }'
	'`os/exec` (Command.Run)|cmd/internal/station/printer.go|p_exec "os/exec"|_ = p_exec.Command(p_os.Args[1]).Run()'
	'`regexp` (MustCompile, MatchString)|identity/scan, cmd/internal/station/bind.go|p_regexp "regexp"|println(p_regexp.MustCompile(p_os.Args[1]).MatchString(p_os.Args[2]))'
	'`runtime/debug.ReadBuildInfo`|cmd/hwident/commands_station_stub.go|p_debug "runtime/debug"|if bi, ok := p_debug.ReadBuildInfo(); ok { println(bi.Main.Version) }'
	'`errors.As`|cmd/hwident/main.go, cmd/internal/machine, hw/eeprom/as_error.go, hw/rootfs|p_errors "errors"|var pe *p_os.PathError; println(p_errors.As(p_os.ErrNotExist, &pe))'
	'`strconv.ParseFloat`|cmd/hwident/label.go (parseSize)|p_strconv "strconv"|f, _ := p_strconv.ParseFloat(p_os.Args[1], 64); println(f)'
	'`slices.Sort[string]` (sort.Strings)|identity/json.go, hw/mmc/cards.go|p_slices "slices"|s := append([]string(nil), p_os.Args...); p_slices.Sort(s); println(s[0])'
	'`sort.Slice` (package sort)|cmd/hwident/main.go, cmd/internal/cli/flags.go, hw/mmc/cards.go, hw/eeprom/exposed.go, hw/netif/auto.go, identity/json.go (insertion sorts)|p_sort "sort"|s := append([]string(nil), p_os.Args...); p_sort.Slice(s, func(i, j int) bool { return s[i] < s[j] }); println(s[0])'
	'`fs.Glob`|hw/eeprom/exposed.go (filesIn), hw/modem/sysfs.go|p_fs "io/fs"; p_rootfs "github.com/hwident/hwident/hw/rootfs"|m, _ := p_fs.Glob(p_rootfs.New("/"), p_os.Args[1]); println(len(m))'
	'`time.Date`|hw/eeprom/fru.go (fruEpoch)|p_time "time"|println(p_time.Date(1995+len(p_os.Args), 1, 1, 0, 0, 0, 0, p_time.UTC).Unix())'
	'`io.ReadAll`|cmd/hwident/eeprom_decode.go, hw/rootfs/read.go|p_io "io"|b, _ := p_io.ReadAll(p_os.Stdin); p_os.Stdout.Write(b)'
	'`strings.Repeat`|hw/mmc/cid.go|p_strings "strings"|println(p_strings.Repeat(p_os.Args[1], len(p_os.Args)))'
	'a `select` of two channels|cmd/hwident/label_print.go (the print deadline)|p_time "time"|a, b := make(chan int, 1), make(chan int, 1); p_time.AfterFunc(0, func() { a <- 1 }); select { case v := <-a: println(v); case v := <-b: println(v) }'
	'`compress/zlib` writer (BestSpeed, compress/flate'"'"'s encoder)|label/zlib.go (the PNG encoder)|p_zlib "compress/zlib"; p_bytes "bytes"|var b p_bytes.Buffer; z, _ := p_zlib.NewWriterLevel(&b, p_zlib.BestSpeed); z.Write([]byte(p_os.Args[1])); z.Close(); p_os.Stdout.Write(b.Bytes())'
	'`encoding/csv` (Reader: Read, FieldPos, InputOffset)|cmd/internal/csvrecord (label --batch)|p_csv "encoding/csv"; p_strings "strings"|r := p_csv.NewReader(p_strings.NewReader(p_os.Args[1])); rec, err := r.Read(); line, _ := r.FieldPos(0); println(len(rec), err, line, r.InputOffset())'
	'a vector font (Go Mono, x/image/font/opentype)|label/font.go (the PNG text)|p_gomono "golang.org/x/image/font/gofont/gomono"; p_opentype "golang.org/x/image/font/opentype"|if f, err := p_opentype.Parse(p_gomono.TTF); err == nil { face, _ := p_opentype.NewFace(f, &p_opentype.FaceOptions{Size: 12, DPI: 203}); println(face != nil) }'
)

# Libraries the device build uses on purpose, each alone on a hello world.
used=(
	'u-root `pkg/smbios` (ParseInfo)|hw/dmi|p_smbios "github.com/u-root/u-root/pkg/smbios"|_, err := p_smbios.ParseInfo([]byte(p_os.Args[1]), []byte(p_os.Args[2])); println(err)'
	'periph I²C (sysfs.NewI2C, Tx)|hw/eeprom, cmd/hwident/root.go|p_sysfs "periph.io/x/host/v3/sysfs"|if b, err := p_sysfs.NewI2C(len(p_os.Args)); err == nil { r := make([]byte, 8); println(b.Tx(0x50, []byte{0}, r)); b.Close() }'
	'package `label` (QR, ZPL, PNG)|the device build'"'"'s label command|p_label "github.com/hwident/hwident/label"|if l, err := p_label.New(p_os.Args[1], p_label.Spec{WidthMM: 50, HeightMM: 25, DPI: 203, Copies: 1}); err == nil { p_os.Stdout.Write(l.AppendZPL(nil)); p_os.Stdout.Write(l.AppendPNG(nil)) }'
)

echo "size-costs: baselines" >&2
base_io=$(build "$tmp/io" identityonly cmd/hwident)
base_dev=$(build "$tmp/dev" device cmd/hwident)
printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello, world") }\n' >"$tmp/hello.go"
hello=$(build "$tmp/hello" "" scripts/size-probe "$(overlay scripts/size-probe "$tmp/hello.go")")

avoided_rows=
n=0
for row in "${avoided[@]}"; do
	IFS='|' read -r name where imports body <<<"$row"
	n=$((n + 1))
	echo "size-costs: $name" >&2
	probe "p$n" "$imports" "$body"
	ov=$(overlay cmd/hwident "$tmp/p$n.go")
	io=$(build "$tmp/p$n-io" identityonly cmd/hwident "$ov")
	dev=$(build "$tmp/p$n-dev" device cmd/hwident "$ov")
	avoided_rows+="| $name | $where | $(kb $((io - base_io))) | $(kb $((dev - base_dev))) |"$'\n'
done

used_rows=
for row in "${used[@]}"; do
	IFS='|' read -r name where imports body <<<"$row"
	n=$((n + 1))
	echo "size-costs: $name" >&2
	probe "p$n" "$imports" "$body"
	cat "$tmp/hello.go" >"$tmp/p$n-main.go"
	# The probe and hello world's main in one package: a two-file overlay.
	printf '{"Replace":{"%s/scripts/size-probe/main.go":"%s","%s/scripts/size-probe/zz_size_probe.go":"%s"}}\n' \
		"$PWD" "$tmp/p$n-main.go" "$PWD" "$tmp/p$n.go" >"$tmp/p$n.json"
	size=$(build "$tmp/p$n-hello" "" scripts/size-probe "$tmp/p$n.json")
	used_rows+="| $name | $where | $(kb $((size - hello))) |"$'\n'
done

echo "size-costs: build settings" >&2
# Settings are compared by file size: segment rounding changes only padding.
file_dev=$(size "$tmp/dev")
LDFLAGS='-s -w' build "$tmp/dev-no-r" device cmd/hwident >/dev/null
GCFLAGS='' build "$tmp/dev-inline" device cmd/hwident >/dev/null
no_r=$(size "$tmp/dev-no-r") inline=$(size "$tmp/dev-inline")
settings_rows="| \`-ldflags -R 0x1000\` (4 KiB segment rounding instead of 64 KiB) | Makefile ARM_LDFLAGS | $(saved $((no_r - file_dev))) |"$'\n'
settings_rows+="| \`-gcflags all=-l\` (no inlining) | Makefile DEVICE_GCFLAGS | $(saved $((inline - file_dev))) |"$'\n'
if [ -n "$goexperiment" ]; then
	GOEXP='' build "$tmp/dev-greentea" device cmd/hwident >/dev/null
	greentea=$(size "$tmp/dev-greentea")
	settings_rows+="| \`GOEXPERIMENT=nogreenteagc\` (the previous garbage collector) | Makefile DEVICE_GOEXPERIMENT | $(saved $((greentea - file_dev))) |"$'\n'
else
	settings_rows+="| \`GOEXPERIMENT=nogreenteagc\` | Makefile DEVICE_GOEXPERIMENT | not offered by $(go env GOVERSION) |"$'\n'
fi

table=$(
	cat <<-EOF
	Measured $(date -u +%Y-%m-%d) with $(go env GOVERSION) on $(go env GOHOSTOS)/$(go env GOHOSTARCH); linux/arm v7, stripped, \`make cross\` flags.
	Costs are in bytes loaded from the file (code, data, tables; KB = 1000 B). The file itself grows in
	4,096-byte steps: a cost shows in the file size as the next multiple of 4 KiB, or not at all.
	Baselines: identity-only $(size "$tmp/io") B file ($base_io loaded), device $(size "$tmp/dev") B file
	($base_dev loaded), a Go hello world (\`fmt.Println\`) $(size "$tmp/hello") B file ($hello loaded).

	**What an import or call the device code avoids would add** (one use of it added to the build):

	| avoided | avoided in | identity-only | device |
	|---|---|---|---|
	${avoided_rows}
	**What a library the device build uses costs** (one use of it added to the hello world):

	| library | used by | on a hello world |
	|---|---|---|
	${used_rows}
	**What a build setting of \`make cross\` saves** (the device build's file without it, minus with it):

	| setting | where | saves |
	|---|---|---|
	${settings_rows}
	EOF
)
TABLE=$table awk '
	/<!-- size-costs: begin/ { print; print ENVIRON["TABLE"]; skip = 1; next }
	/<!-- size-costs: end/ { skip = 0 }
	!skip' "$doc" >"$tmp/doc"
grep -q '<!-- size-costs: end' "$tmp/doc" || { echo "size-costs: $doc lacks the size-costs markers" >&2; exit 1; }
cp "$tmp/doc" "$doc"
echo "size-costs: $doc updated" >&2
