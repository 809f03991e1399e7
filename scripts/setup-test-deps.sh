#!/usr/bin/env bash
# Installs what `make check` needs on a Debian machine (run as root):
# Debian packages (Chromium for the installer page's browser tests), the
# QEMU kernels for the VM tests, and the npm ZPL renderer used as an
# independent reference by the label tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
pkgs=(
	qemu-system-x86 qemu-system-arm qemu-user-static linux-image-amd64 kmod  # VM and cross tests
	zbar-tools qrencode            # QR decoding reference, label bench baseline
	nodejs                         # the independent ZPL renderer (label/testdata/zplrender)
	mmc-utils freeipmi-tools dmidecode i2c-tools  # independent decoders for cross-checks
	dash busybox                   # the two /bin/sh that run Mender's identity script (hw/netif, cmd/hwident AgainstScript tests)
	hyperfine time                 # make bench
	chromium firefox-esr fonts-dejavu-core  # the installer page's browser tests (text in the screenshots)
	postgresql                     # hwident serve's PostgreSQL ledger (tests start their own server)
	python3-gi gir1.2-glib-2.0     # GLib's key file parser, reference for --format hawkbit (identity/hawkbit TestConfigWithGLib)
)
zplrender=label/testdata/zplrender
# Mender's own identity script, which the net:mender tests compare hwident
# with: Debian's mender-client package ships it as an example. Only the
# package file is downloaded and unpacked here; the client is not installed.
mendercache=${HWIDENT_MENDER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hwident-mender}
# Where scripts/vmtest-setup.sh unpacks the armhf kernel (and the VM tests read it).
vmcache=${HWIDENT_VMTEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hwident-vmtest}

# missing_pkgs prints the Debian packages to install. npm is a command
# check: NodeSource's nodejs provides it, Debian's does not.
missing_pkgs() {
	local p
	for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done
	command -v npm >/dev/null || echo npm
}

# missing prints what is not in place, one item a line.
missing() {
	missing_pkgs | sed 's/^/Debian package /'
	local k
	k=$(ls /boot/vmlinuz-*-amd64 2>/dev/null | sort -V | tail -n 1)
	[ -n "$k" ] && [ -r "$k" ] || echo "a readable amd64 kernel in /boot for the VM tests (scripts/vmtest-setup.sh)"
	ls "$vmcache"/armhf/boot/vmlinuz-*-armmp >/dev/null 2>&1 ||
		echo "the armhf kernel for the VM tests in $vmcache (scripts/vmtest-setup.sh)"
	[ -d "$zplrender/node_modules/zpl-renderer-js" ] || echo "npm zpl-renderer-js in $zplrender (npm ci)"
	[ -x "$mendercache/mender-device-identity" ] || echo "Mender's identity script in $mendercache (from Debian's mender-client)"
}

# Usage:
#   scripts/setup-test-deps.sh               install whatever is missing
#   scripts/setup-test-deps.sh --check       list what is missing (exit 1 if anything)
#   scripts/setup-test-deps.sh --if-missing  what `make check` runs first: nothing when
#                                            all is in place; installs when it can; stops
#                                            with the command to run when packages are
#                                            missing and it is not root
# A new dependency needs its install step below and its test in missing().
case ${1:-} in
--check)
	m=$(missing)
	[ -z "$m" ] || { echo "$m"; exit 1; }
	exit 0
	;;
--if-missing)
	m=$(missing)
	[ -n "$m" ] || exit 0
	if [ "$(id -u)" -ne 0 ] && [ -n "$(missing_pkgs)" ]; then
		{
			echo "make check: test dependencies are missing:"
			echo "$m" | sed 's/^/  /'
			echo "install them (Debian, as root) with:"
			echo "  sudo $PWD/scripts/setup-test-deps.sh"
		} >&2
		exit 1
	fi
	echo "$m" | sed 's/^/setup-test-deps: missing: /'
	;;
"") ;;
*)
	echo "usage: scripts/setup-test-deps.sh [--check | --if-missing]" >&2
	exit 2
	;;
esac

mapfile -t missing < <(missing_pkgs)
if [ ${#missing[@]} -gt 0 ]; then
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if [ ! -x "$mendercache/mender-device-identity" ]; then
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -q mender-client >/dev/null && dpkg-deb -x mender-client_*.deb root)
	mkdir -p "$mendercache"
	install -m 0755 "$tmp/root/usr/share/doc/mender-client/examples/mender-device-identity" "$mendercache/"
	rm -rf "$tmp"
fi
scripts/vmtest-setup.sh
(cd "$zplrender" && npm ci --no-audit --no-fund --silent)
go mod download
