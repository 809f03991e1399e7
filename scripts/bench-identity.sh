#!/usr/bin/env bash
# Compares `hwident identity` with Mender's default identity script on the
# same captured board tree: mean wall time of each, their ratio, and the
# peak RSS of hwident.
#
#   scripts/bench-identity.sh ./hwident [BOARD_DIR]
#
# MENDER_IDENTITY_SCRIPT=path/to/mender-device-identity enables the
# comparison (the script is not part of this repository). Both programs run
# as drop-ins, reading /sys: as root the board's sys/ is bind-mounted over
# /sys in a private mount namespace; otherwise hwident gets --root and a
# copy of the script has its /sys/class/net path pointed at the board.
set -euo pipefail
bin=$(realpath "$1")
board=$(realpath "${2:-scripts/testkit/boards/testdata/x86}")
runs=${BENCH_RUNS:-300}
script=${MENDER_IDENTITY_SCRIPT:-}
command -v hyperfine >/dev/null || { echo "bench-identity: install hyperfine (apt-get install hyperfine)" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

nics=$(ls "$board/sys/class/net" | wc -l)
echo "board: $board ($nics entries in /sys/class/net)"

rss_kb=$(/usr/bin/time -f %M "$bin" identity --root "$board" 2>&1 >/dev/null | tail -1)
echo "hwident peak RSS: ${rss_kb} KiB"

if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	mode=namespace
	hw_cmd="$bin identity"
	sc_cmd="$script"
else
	mode=rewritten
	hw_cmd="$bin identity --root $board"
	if [ -n "$script" ]; then
		sed "s#SCN=/sys/class/net#SCN=$board/sys/class/net#" "$script" > "$tmp/script"
		chmod +x "$tmp/script"
		sc_cmd="$tmp/script"
	fi
fi

cmds=("$hw_cmd")
[ -n "$script" ] && cmds+=("$sc_cmd")
bench="hyperfine -N --style basic --warmup 20 --runs $runs --export-json $tmp/out.json"
for c in "${cmds[@]}"; do bench+=" $(printf '%q' "$c")"; done
if [ $mode = namespace ]; then
	unshare -m sh -c "mount --bind '$board/sys' /sys && $bench" >/dev/null
else
	sh -c "$bench" >/dev/null
fi

python3 - "$tmp/out.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
hw = r[0]["mean"]
print(f"hwident identity: {hw*1e3:.2f} ms mean over {len(r[0]['times'])} runs")
if len(r) > 1:
    sc = r[1]["mean"]
    print(f"mender script:    {sc*1e3:.2f} ms mean")
    print(f"speed-up:         {sc/hw:.1f}x (goal >= 10x)")
else:
    print("mender script:    not measured (set MENDER_IDENTITY_SCRIPT)")
PY
