#!/bin/sh
# Prepares what the QEMU integration tests (scripts/vmtest) boot: QEMU, the
# Debian amd64 kernel with its modules, and an unpacked Debian armhf "armmp"
# kernel with modules and device trees. Everything comes from Debian apt.
# Idempotent: a second run only reports what is already in place.
#
# The armhf kernel is unpacked to $HWIDENT_VMTEST_CACHE (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/hwident-vmtest), the place the tests read.
set -eu

cache=${HWIDENT_VMTEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hwident-vmtest}
say() { printf 'vmtest-setup: %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
	sudo=sudo
else
	sudo=
fi

missing=
for pkg in qemu-system-x86 qemu-system-arm qemu-user-static linux-image-amd64 kmod; do
	if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
		say "present: $pkg"
	else
		missing="$missing $pkg"
	fi
done
if [ -n "$missing" ]; then
	say "installing:$missing"
	$sudo apt-get update
	# shellcheck disable=SC2086 # word splitting of the package list is intended
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
fi

kernel=$(ls /boot/vmlinuz-*-amd64 2>/dev/null | sort -V | tail -n 1)
[ -n "$kernel" ] || { echo "vmtest-setup: no /boot/vmlinuz-*-amd64 after installing linux-image-amd64" >&2; exit 1; }
[ -r "$kernel" ] || { echo "vmtest-setup: $kernel is not readable: run as root or chmod o+r it" >&2; exit 1; }
say "amd64 kernel: $kernel, modules: /lib/modules/${kernel#/boot/vmlinuz-}"

# armhf kernel: apt with its own architecture, lists and cache, so the host's
# apt state is never touched.
fetch_armhf_kernel() {
	apt=$cache/apt-armhf
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
	: >"$apt/status"
	set -- -o APT::Architecture=armhf -o APT::Architectures=armhf \
		-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" \
		-o Dir::State::Status="$apt/status" -o APT::Sandbox::User=root -o Debug::NoLocking=1
	say "fetching armhf package lists into $apt"
	# A mirror out of sync for one suite (seen with bookworm-security) must not
	# stop us when another suite still provides an armmp kernel.
	apt-get "$@" -qq update || say "warning: some armhf package lists failed to download; using those that did"
	pkg=$(apt-cache "$@" depends linux-image-armmp | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-armmp\)$/\1/p' | head -n 1)
	[ -n "$pkg" ] || { echo "vmtest-setup: apt knows no armhf linux-image-armmp" >&2; exit 1; }
	say "downloading $pkg (armhf)"
	(cd "$apt" && apt-get "$@" -qq download "$pkg:armhf")
	# Unpack beside the final place, so an interrupted run never looks done.
	rm -rf "$arm.partial"
	dpkg-deb -x "$apt/${pkg}"_*_armhf.deb "$arm.partial"
	version=${pkg#linux-image-}
	depmod -b "$arm.partial" "$version"
	rm -rf "$arm"
	mv "$arm.partial" "$arm"
	rm -f "$apt/${pkg}"_*_armhf.deb
	say "armhf kernel: $arm/boot/vmlinuz-$version, modules: $arm/lib/modules/$version, dtbs: $arm/usr/lib/linux-image-$version"
}

arm=$cache/armhf
if ls "$arm"/boot/vmlinuz-*-armmp >/dev/null 2>&1; then
	say "armhf kernel: $(ls "$arm"/boot/vmlinuz-*-armmp) (already unpacked)"
else
	fetch_armhf_kernel
fi

# The VM tests are their own Go module (scripts/vmtest); fetch its modules
# now rather than in the middle of a test run.
(cd "$(dirname "$0")/vmtest" && go mod download)
say "Go modules of scripts/vmtest: downloaded"
