#!/usr/bin/env bash
# Parse the meta-hwident layer with a real bitbake, offline, and print what
# `bitbake -e hwident` resolves. Not run in CI: it needs checkouts of the
# Yocto/OE layers, passed by path (nothing is fetched or committed).
#
#   scripts/yocto-parse-check.sh --poky DIR [--layer DIR]... [--machine M] BUILDDIR
#   scripts/yocto-parse-check.sh --oe-core DIR --bitbake DIR [--layer DIR]... BUILDDIR
#
# --poky       a poky checkout (scarthgap, walnascar): bitbake + meta + meta-poky
# --oe-core    an openembedded-core checkout (whinlatter and later), with
# --bitbake    the matching bitbake checkout
# --layer      an extra layer, e.g. meta-mender/meta-mender-core or
#              meta-lts-mixins (scarthgap/go); repeatable
# --goversion  GOVERSION for releases that select Go by it (scarthgap: the
#              recipe skips itself below 1.25; use with the go mixin layer)
# --conf LINE  an extra local.conf line, e.g. 'PACKAGECONFIG:pn-hwident = "identityonly"'
#
# bitbake refuses to run as root and needs the en_US.UTF-8 locale.
set -euo pipefail

usage() { sed -n '2,20p' "$0" >&2; exit 2; }

poky="" oecore="" bitbake="" machine="qemuarm" goversion=""
layers=() conf=()
while [ $# -gt 1 ]; do
	case "$1" in
	--poky) poky=$(realpath "$2"); shift 2 ;;
	--oe-core) oecore=$(realpath "$2"); shift 2 ;;
	--bitbake) bitbake=$(realpath "$2"); shift 2 ;;
	--layer) layers+=("$(realpath "$2")"); shift 2 ;;
	--machine) machine=$2; shift 2 ;;
	--goversion) goversion=$2; shift 2 ;;
	--conf) conf+=("$2"); shift 2 ;;
	*) usage ;;
	esac
done
[ $# -eq 1 ] || usage
builddir=$(realpath -m "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
hwident_layer=$here/yocto/meta-hwident

if [ "$(id -u)" -eq 0 ]; then
	echo "yocto-parse-check: bitbake refuses to run as root: run as an ordinary user" >&2
	exit 2
fi
if ! locale -a 2>/dev/null | grep -qi '^en_US.utf-\?8$'; then
	echo "yocto-parse-check: bitbake needs the en_US.UTF-8 locale (Debian: apt-get install locales; locale-gen)" >&2
	exit 2
fi
export LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8

if [ -n "$poky" ]; then
	init=$poky/oe-init-build-env
	base_layers=("$poky/meta" "$poky/meta-poky")
	distro=poky
elif [ -n "$oecore" ] && [ -n "$bitbake" ]; then
	init=$oecore/oe-init-build-env
	export BITBAKEDIR=$bitbake
	base_layers=("$oecore/meta")
	distro=nodistro
else
	usage
fi

mkdir -p "$builddir/conf"
{
	echo 'BBPATH = "${TOPDIR}"'
	echo 'BBFILES ?= ""'
	echo 'BBLAYERS = " \'
	for l in "${base_layers[@]}" "${layers[@]}" "$hwident_layer"; do echo "    $l \\"; done
	echo '"'
} >"$builddir/conf/bblayers.conf"
{
	echo "MACHINE = \"$machine\""
	echo "DISTRO = \"$distro\""
	echo 'BB_NO_NETWORK = "1"'
	echo 'CONNECTIVITY_CHECK_URIS = ""'
	echo 'SANITY_TESTED_DISTROS = ""'
	echo 'PACKAGE_CLASSES = "package_ipk"'
	[ -z "$goversion" ] || echo "GOVERSION = \"$goversion\""
	for c in "${conf[@]}"; do echo "$c"; done
} >"$builddir/conf/local.conf"

# oe-init-build-env keeps an existing conf/ and cds into the build directory.
set +u
# shellcheck disable=SC1090
source "$init" "$builddir" >/dev/null
set -u

echo "== bitbake -p (parse every recipe)"
start=$(date +%s)
bitbake -p
echo "parsed in $(( $(date +%s) - start ))s"

echo "== bitbake-layers show-layers"
bitbake-layers show-layers | sed -n '/^layer/,$p'
echo "== bitbake-layers show-appends: meta-hwident's"
bitbake-layers show-appends 2>/dev/null | grep -E '^[^ ].*\.bb:$|meta-hwident' | grep -B1 meta-hwident | grep -v '^--' ||
	echo "(none: meta-mender is not in the build)"

echo "== bitbake -e hwident"
if ! env=$(bitbake -e hwident 2>&1); then
	printf '%s\n' "$env" | grep -E 'ERROR|skipped' >&2
	exit 1
fi
for v in PV S UNPACKDIR GO_IMPORT GO_INSTALL HWIDENT_GO_FETCH GO_MOD_CACHE_DIR GOMODCACHE GOPROXY GOTOOLCHAIN \
	CGO_ENABLED GOBUILDFLAGS HWIDENT_GO_TAGS LICENSE LIC_FILES_CHKSUM PACKAGES HWIDENT_IDENTITY HWIDENT_CONF_TEXT; do
	# A value spans lines up to its closing quote.
	awk -v re="^(export )?$v=" '$0 ~ re {p = 1} p {print} p && /"$/ {exit}' <<<"$env" | grep . || echo "$v unset"
done
printf '%s\n' "$env" | grep -E '^FILES:hwident' || true
printf '%s\n' "$env" | grep -E '^(RDEPENDS|CONFFILES|ALLOW_EMPTY):hwident' || true
src=$(printf '%s\n' "$env" | sed -n 's/^SRC_URI="\(.*\)"$/\1/p')
echo "SRC_URI: $(printf '%s\n' $src | wc -l) entries:"
printf '%s\n' $src | head -3
echo "..."
echo "gomod:// entries: $(printf '%s\n' $src | grep -c '^gomod://' || true)"
echo "https:// entries: $(printf '%s\n' $src | grep -c '^https://' || true)"

# With meta-mender: the clients' bbappends drop Mender's script and depend
# on hwident-mender-identity.
if bitbake-layers show-layers | grep -q '^mender '; then
	for recipe in mender mender-client; do
		echo "== bitbake -e $recipe"
		env=$(bitbake -e "$recipe" 2>/dev/null) || { echo "($recipe not buildable here)"; continue; }
		printf '%s\n' "$env" | grep -E '^(PV|PACKAGES|RDEPENDS:mender-auth|RDEPENDS:'"$recipe"')=' || true
		printf '%s\n' "$env" | sed -n '/^do_install() {/,/^}/p' | grep -E 'mender-device-identity|mender/identity' || true
	done
fi
