#!/bin/sh
# Label throughput of `hwident label --batch` (ZPL and PNG at 203 dpi)
# against running the qrencode CLI once per label (PNG), and the time a
# single label takes from the command's start. Called by `make bench`.
# Goals: >= 5000 ZPL/s, >= 1000 PNG/s, >= 3x qrencode, one label < 50 ms.
#   N=2000 QRENCODE_N=500 RUNS=50 scripts/bench-labels.sh [HWIDENT_BINARY]
# Without a binary it builds the default (station) build.
set -eu
N=${N:-2000}
QRENCODE_N=${QRENCODE_N:-500}
RUNS=${RUNS:-50}
hw=${1:-}
[ -z "$hw" ] || hw=$(realpath "$hw")
cd "$(dirname "$0")/.."
# On tmpfs when there is one, so the disk does not set the pace (both
# hwident and qrencode write their files there).
work=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$hw" ]; then
	go build -trimpath -o "$work/hwident" ./cmd/hwident
	hw="$work/hwident"
fi

now() { date +%s.%N; }
# rate COUNT START END: items per second
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }

awk -v n="$N" 'BEGIN {
	print "mac,serial"
	for (i = 0; i < n; i++)
		printf "02:00:%02x:%02x:%02x:%02x,SN%08d\n", int(i / 16777216) % 256, int(i / 65536) % 256, int(i / 256) % 256, i % 256, i
}' > "$work/ids.csv"
"$hw" label --batch "$work/ids.csv" --format payload > "$work/payloads"

t0=$(now)
"$hw" label --batch "$work/ids.csv" --format zpl > "$work/batch.zpl"
t1=$(now)
zpl=$(rate "$N" "$t0" "$t1")
[ "$(grep -c '^^XZ' "$work/batch.zpl")" -eq "$N" ] || { echo "bench: ZPL batch is incomplete" >&2; exit 1; }

t0=$(now)
"$hw" label --batch "$work/ids.csv" --format png --out "$work/png" 2>/dev/null
t1=$(now)
png=$(rate "$N" "$t0" "$t1")
[ "$(ls "$work/png" | wc -l)" -eq "$N" ] || { echo "bench: PNG batch is incomplete" >&2; exit 1; }

# qrencode: one process per label, 6 pixels per module and a 4-module
# margin as at 203 dpi on a 50x25 mm label.
mkdir "$work/qr"
head -n "$QRENCODE_N" "$work/payloads" > "$work/qr-payloads"
t0=$(now)
i=0
while read -r p; do
	i=$((i + 1))
	qrencode -l M -s 6 -m 4 -o "$work/qr/$i.png" "$p"
done < "$work/qr-payloads"
t1=$(now)
qr=$(rate "$QRENCODE_N" "$t0" "$t1")

head -n 2 "$work/ids.csv" | awk -F, 'NR == 2 { print "mac=" $1; print "serial=" $2 }' > "$work/one"
single() {
	t0=$(now)
	i=0
	while [ $i -lt "$RUNS" ]; do
		"$hw" label --identity "$work/one" "$@" > /dev/null
		i=$((i + 1))
	done
	t1=$(now)
	awk -v n="$RUNS" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 / n }'
}
one_zpl=$(single --format zpl)
one_png=$(single --format png)

printf 'labels/s  ZPL batch %s, PNG batch %s (203 dpi, %d labels); qrencode one process per label %s PNG/s; PNG speed-up %sx\n' \
	"$zpl" "$png" "$N" "$qr" "$(awk -v a="$png" -v b="$qr" 'BEGIN { printf "%.1f", a / b }')"
printf 'single label from command start: ZPL %s ms, PNG %s ms (mean of %d runs)\n' "$one_zpl" "$one_png" "$RUNS"
