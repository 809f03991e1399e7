#!/usr/bin/env bash
# Installs what `make check` needs on a Debian machine (run as root):
# Debian packages, the QEMU kernels for the VM tests, and the npm ZPL
# renderer used as an independent reference by the label tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
pkgs=(
	qemu-system-x86 qemu-system-arm qemu-user-static linux-image-amd64  # VM and cross tests
	zbar-tools qrencode            # QR decoding reference, label bench baseline
	mmc-utils freeipmi-tools dmidecode i2c-tools  # independent decoders for cross-checks
	dash busybox                   # the two /bin/sh that run Mender's identity script (hw/netif, cmd/hwident AgainstScript tests)
	hyperfine time                 # make bench
	python3-gi gir1.2-glib-2.0     # GLib's key file parser, reference for --format hawkbit (cmd/hwident TestHawkbitFormat)
)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if [ -x scripts/vmtest-setup.sh ]; then scripts/vmtest-setup.sh; fi
if [ -f label/testdata/zplrender/package.json ] && command -v npm >/dev/null; then
	(cd label/testdata/zplrender && npm ci --no-audit --no-fund --silent)
fi
go mod download
