#!/usr/bin/env bash
# Proves the cross-built binaries behave like the host's: every `make cross`
# binary in DIST runs under qemu-user on the bundled board trees, the real
# EEPROM dumps and CIDs, and its exit code, stdout and stderr must equal the
# native linux-amd64 binary's byte for byte. Then the unit tests of the
# device-side packages run under qemu-user for every target
# (CROSS_CHECK_UNIT=0 skips that part).
#
# usage: scripts/cross-check.sh [DIST]      (make cross-check)
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
realdata=../shared/realdata
# Packages that run on devices; station-side code (bind, ledger, Mender API)
# never runs on a board and re-executes itself in tests, which qemu-user
# without binfmt cannot follow.
unit_pkgs=(./identity/... ./hw/... ./label/... ./cmd/internal/machine)

# target name (as in the Makefile's CROSS) -> GOARCH, variant env, emulator
# ("-": the host runs it). Go's 386 runtime crashes under qemu-i386-static
# ("morestack on gsignal"), so 386 needs an x86-64 host, which runs it natively.
target_env() {
	case $1 in
	linux-amd64) echo "amd64 - -" ;;
	linux-386) echo "386 - -" ;;
	linux-armv6) echo "arm GOARM=6 qemu-arm-static" ;;
	linux-armv7) echo "arm GOARM=7 qemu-arm-static" ;;
	linux-arm64) echo "arm64 - qemu-aarch64-static" ;;
	linux-riscv64) echo "riscv64 - qemu-riscv64-static" ;;
	linux-mipsle) echo "mipsle GOMIPS=softfloat qemu-mipsel-static" ;;
	*) return 1 ;;
	esac
}

# transcript runs every case with "$@" as the command prefix and prints one
# record per case: the arguments, exit code, stdout, stderr.
transcript() {
	local line code args
	while IFS= read -r -d '' line; do
		eval "args=($line)"
		code=0
		env -u HWIDENT_ROOT "$@" "${args[@]}" >"$work/out" 2>"$work/err" || code=$?
		printf '=== %s\nexit %d\n--- stdout\n' "$line" "$code"
		cat "$work/out"
		printf '\n--- stderr\n'
		cat "$work/err"
		printf '\n'
	done < <(cases)
}

# cases lists the argument lists to compare, NUL-separated, shell-quoted.
cases() {
	local b f
	for b in scripts/testkit/boards/testdata/*/; do
		b=${b%/}
		printf '%s\0' "identity --root $b" "identity --root $b --format json" \
			"identity --root $b --format id" "show --root $b" "show --root $b --json"
	done
	if [ -d "$realdata" ]; then
		for f in "$realdata"/eeprom/*/*.bin; do
			printf '%s\0' "eeprom decode $(printf %q "$f")"
		done
		if [ -f "$realdata/mmc/cids.tsv" ]; then
			tail -n +2 "$realdata/mmc/cids.tsv" | cut -f1,2 | while IFS=$'\t' read -r cid type; do
				printf '%s\0' "cid decode --type $type $cid" "cid decode $cid"
			done
		fi
	fi
}

ref=$dist/hwident-linux-amd64
[ -x "$ref" ] || { echo "cross-check: $ref missing: run make cross" >&2; exit 1; }
if [ "${HWIDENT_REALDATA:-}" = 1 ] && ! { [ -d "$realdata/eeprom" ] && [ -f "$realdata/mmc/cids.tsv" ]; }; then
	echo "cross-check: HWIDENT_REALDATA=1 but $realdata/eeprom or $realdata/mmc/cids.tsv is missing" >&2; exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Every binary runs as .../hwident, so messages naming argv[0] compare equal.
install -D "$ref" "$work/bin/linux-amd64/hwident"
transcript "$work/bin/linux-amd64/hwident" >"$work/reference"
echo "cross-check: reference transcript: $(grep -c '^=== ' "$work/reference") cases from linux-amd64"

failed=0
for bin in "$dist"/hwident-linux-*; do
	name=${bin#"$dist"/hwident-}
	read -r goarch variant emu < <(target_env "$name") || { echo "cross-check: unknown target $name" >&2; failed=1; continue; }
	[ "$name" = linux-amd64 ] && continue
	run=("$emu") exec_flag=(-exec "$emu")
	if [ "$emu" = - ]; then
		run=() exec_flag=() emu=native
	elif ! command -v "$emu" >/dev/null; then
		echo "cross-check: $name: $emu missing (install qemu-user-static)" >&2
		failed=1
		continue
	fi
	start=$SECONDS
	install -D "$bin" "$work/bin/$name/hwident"
	transcript "${run[@]}" "$work/bin/$name/hwident" >"$work/$name"
	if diff -u "$work/reference" "$work/$name" >"$work/$name.diff"; then
		echo "cross-check: $name ($emu): output identical ($((SECONDS - start))s)"
	else
		echo "cross-check: $name ($emu) differs from linux-amd64:" >&2
		head -n 60 "$work/$name.diff" >&2
		failed=1
	fi
	if [ "${CROSS_CHECK_UNIT:-1}" != 0 ]; then
		envs=(GOOS=linux GOARCH="$goarch" CGO_ENABLED=0)
		[ "$variant" != - ] && envs+=("$variant")
		start=$SECONDS
		if env "${envs[@]}" go test "${exec_flag[@]}" "${unit_pkgs[@]}" >"$work/$name.test" 2>&1; then
			echo "cross-check: $name unit tests ($emu): ok ($(grep -c '^ok' "$work/$name.test") packages, $((SECONDS - start))s)"
		else
			echo "cross-check: $name unit tests ($emu) failed:" >&2
			grep -v '^ok\|no test files' "$work/$name.test" | head -n 60 >&2
			failed=1
		fi
	fi
done
exit $failed
