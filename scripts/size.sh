#!/usr/bin/env bash
# Prints the stripped size of each cross binary in DIST, and of the three
# build flavours for linux/arm v7. With --check, fails when a flavour is over
# its budget (identity-only <= 2.1 MB, device <= 2.6 MB; MB = 10^6 bytes).
set -euo pipefail
check=0
if [ "${1:-}" = --check ]; then check=1; shift; fi
dist=${1:-dist}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

printf '%-24s %10s\n' binary bytes
for f in "$dist"/hwident-*; do
	printf '%-24s %10d\n' "$(basename "$f")" "$(stat -c %s "$f")"
done

# The flags of `make cross` for arm (ARM_LDFLAGS, DEVICE_GCFLAGS,
# DEVICE_GOEXPERIMENT in the Makefile).
goexperiment=$(GOEXPERIMENT=nogreenteagc go env GOEXPERIMENT 2>/dev/null || true)
build() { # tags out
	CGO_ENABLED=0 GOEXPERIMENT=$goexperiment GOOS=linux GOARCH=arm GOARM=7 go build -trimpath -gcflags 'all=-l' -ldflags '-s -w -R 0x1000' -tags "$1" -o "$2" ./cmd/hwident
}
printf '\nlinux/arm v7 flavours     %10s %10s\n' bytes budget
fail=0
for flavour in identityonly:2100000 device:2600000 default:0; do
	tags=${flavour%%:*}; budget=${flavour#*:}
	[ "$tags" = default ] && t="" || t=$tags
	build "$t" "$tmp/$tags"
	size=$(stat -c %s "$tmp/$tags")
	if [ "$budget" -gt 0 ]; then
		printf '%-24s %10d %10d\n' "$tags" "$size" "$budget"
		if [ "$size" -gt "$budget" ]; then echo "  OVER BUDGET by $((size - budget)) bytes"; fail=1; fi
	else
		printf '%-24s %10d %10s\n' "$tags" "$size" "-"
	fi
done
if [ $check = 1 ] && [ $fail = 1 ]; then exit 1; fi
