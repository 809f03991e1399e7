SUMMARY = "Stable hardware identity for embedded Linux; Mender's device identity executable"
DESCRIPTION = "hwident reads stable hardware identifiers (NIC MACs, eMMC CID, SMBIOS, \
I2C EEPROMs, SoC serials) and prints them as Mender's device identity. Installed as \
mender-device-identity it is a drop-in for Mender's script; /etc/hwident.conf selects \
other attributes."
HOMEPAGE = "https://github.com/hwident/hwident"
SECTION = "admin"

# The licenses of the Go modules linked into the binary are added by
# hwident-licenses.inc (generated from the module sources).
LICENSE = "MIT"
LIC_FILES_CHKSUM = "file://src/${GO_IMPORT}/LICENSE;md5=f6ccfa60d9b201e6fd054ac47a4f40a2"

GO_IMPORT = "github.com/hwident/hwident"
GO_INSTALL = "${GO_IMPORT}/cmd/hwident"

# Firms mirror sources: point these at your mirror (or use PREMIRRORS).
HWIDENT_GIT_URI ?= "git://github.com/hwident/hwident.git;protocol=https"
HWIDENT_GIT_BRANCH ?= "main"
SRCREV = "d99adb4faa1e11c200838b67990fe8f16acb95a4"

HWIDENT_BASE_VERSION = "1.0.0"
# SRCREV is the release commit: PV is the release. Pointing SRCREV at another
# commit (or AUTOREV) should set PV and HWIDENT_VERSION too.
PV = "${HWIDENT_BASE_VERSION}"
# What `hwident version` prints.
HWIDENT_VERSION ?= "${HWIDENT_BASE_VERSION}"

# Where the fetchers unpack: UNPACKDIR, or WORKDIR on scarthgap, which has
# no UNPACKDIR (later releases refuse UNPACKDIR = WORKDIR, so the recipe
# must not set it).
HWIDENT_UNPACKDIR = "${@d.getVar('UNPACKDIR') or d.getVar('WORKDIR')}"
S = "${HWIDENT_UNPACKDIR}/${BPN}"
SRC_URI = "${HWIDENT_GIT_URI};branch=${HWIDENT_GIT_BRANCH};destsuffix=${BPN}/src/${GO_IMPORT}/"

inherit go-mod

# Go module dependencies are fetched by do_fetch into the module cache
# below S; do_compile runs with GOPROXY=off and never needs the network.
# bitbake 2.10 (styhead) and later have the gomod:// fetcher; scarthgap gets
# the same files from the module proxy as plain https:// downloads.
GO_MOD_PROXY ??= "proxy.golang.org"
export GOMODCACHE = "${S}/pkg/mod"
# Relative to where the fetchers unpack (walnascar's class computes it
# relative to WORKDIR, which only works with S there).
GO_MOD_CACHE_DIR = "${@os.path.relpath(d.getVar('GOMODCACHE'), d.getVar('HWIDENT_UNPACKDIR'))}"
HWIDENT_GO_FETCH ?= "${@'gomod' if hasattr(bb.fetch2, 'gomod') else 'proxy'}"
require ${@'hwident-go-mods.inc' if d.getVar('HWIDENT_GO_FETCH') == 'gomod' else 'hwident-go-mods-proxy.inc'}
require hwident-licenses.inc
export GOPROXY = "off"
# A too old Go fails with its own message instead of fetching a toolchain.
export GOTOOLCHAIN = "local"
# License files live in the module cache, which go extracts while building.
addtask do_compile before do_populate_lic

# go.mod's `go` directive: older toolchains cannot build hwident.
HWIDENT_GO_MIN = "1.25"

python () {
    # scarthgap and styhead select Go by GOVERSION (1.22% by default); later
    # releases ship a single Go (whinlatter 1.25, wrynose 1.26).
    goversion = (d.getVar('GOVERSION') or '').rstrip('%')
    if goversion:
        have = [int(x) for x in goversion.split('.')[:2] if x.isdigit()]
        need = [int(x) for x in d.getVar('HWIDENT_GO_MIN').split('.')]
        if have < need:
            raise bb.parse.SkipRecipe("hwident needs Go >= %s but GOVERSION is %s: add the meta-lts-mixins layer (branch scarthgap/go) and set GOVERSION = \"1.26%%\" (see meta-hwident/README.md)" % (d.getVar('HWIDENT_GO_MIN'), d.getVar('GOVERSION')))
}

# A static binary: no cgo, no shared Go runtime (goarch.bbclass turns on
# GO_DYNLINK for arm, aarch64, x86 and ppc64), no PIE (needs the external
# linker on arm and makes amd64/arm64 binaries dynamic). -trimpath (from
# go.bbclass) keeps host paths out; do_package strips the binary.
export CGO_ENABLED = "0"
GO_LINKSHARED = ""
GO_RPATH = ""
GO_RPATH_LINK = ""
GOBUILDFLAGS:remove = "-buildmode=pie"

# The device build by default (cellular modems included); PACKAGECONFIG
# identityonly builds the smallest binary (identity, show, version).
PACKAGECONFIG ??= ""
PACKAGECONFIG[identityonly] = ",,,"
HWIDENT_GO_TAGS = "${@bb.utils.contains('PACKAGECONFIG', 'identityonly', 'identityonly', 'device', d)}"
GOBUILDFLAGS:append = " -tags=${HWIDENT_GO_TAGS} -buildvcs=false"
GO_EXTRA_LDFLAGS:append = " -X main.version=${HWIDENT_VERSION}"

# Size, as `make cross` builds it (numbers in the project README): 4 KiB
# address rounding on 32-bit arm (the linker's default 64 KiB pads the
# file; arm64 keeps it for 64 KiB-page kernels), no inlining, and Go's
# previous garbage collector while the toolchain accepts the opt-out (Go
# 1.25 and 1.26; set HWIDENT_GOEXPERIMENT = "" from Go 1.27 on).
GO_EXTRA_LDFLAGS:append:arm = " -R 0x1000"
GOBUILDFLAGS:append = " -gcflags=all=-l"
HWIDENT_GOEXPERIMENT ?= "nogreenteagc"
export GOEXPERIMENT = "${HWIDENT_GOEXPERIMENT}"

# /etc/hwident.conf: one key=SOURCE attribute per whitespace-separated word,
# in order. Empty: no file, and hwident keeps Mender's default identity.
HWIDENT_IDENTITY ?= "mac=net:mender"
HWIDENT_PIN ?= ""
HWIDENT_PRODUCT_SERIAL ?= ""
# The source schemes hwident knows (checked against identity.Schemes() by
# the project's tests).
HWIDENT_SOURCE_SCHEMES = "cpuinfo dmi dt eeprom file mmc modem net soc"

def hwident_conf(d):
    import re
    lines = []
    seen = set()
    schemes = d.getVar('HWIDENT_SOURCE_SCHEMES').split()
    for word in (d.getVar('HWIDENT_IDENTITY') or '').split():
        key, eq, source = word.partition('=')
        scheme, colon, arg = source.partition(':')
        if not eq or not re.fullmatch(r'[a-z0-9_.-]+', key):
            bb.fatal("HWIDENT_IDENTITY: %r: want key=SOURCE with a key of a-z, 0-9, '_', '.', '-'" % word)
        if word in seen:
            bb.fatal("HWIDENT_IDENTITY: %r given twice (a key may repeat, with another source)" % word)
        if scheme not in schemes or not colon or not arg:
            bb.fatal("HWIDENT_IDENTITY: %r: want SOURCE as scheme:argument with a scheme of %s" % (word, ', '.join(schemes)))
        seen.add(word)
        lines.append(word)
    for var, directive in (('HWIDENT_PIN', '@pin'), ('HWIDENT_PRODUCT_SERIAL', '@product-serial')):
        path = d.getVar(var) or ''
        if path and not path.startswith('/'):
            bb.fatal("%s: %r: want an absolute path" % (var, path))
        if path:
            lines.append('%s %s' % (directive, path))
    if not lines:
        return ''
    return '# Generated by the hwident recipe from HWIDENT_IDENTITY.\n' + ''.join(line + '\n' for line in lines)

# The file's content; `bitbake -e hwident` shows it.
HWIDENT_CONF_TEXT = "${@hwident_conf(d)}"

python do_hwident_conf() {
    conf = os.path.join(d.getVar('B'), 'hwident.conf')
    text = d.getVar('HWIDENT_CONF_TEXT')
    if os.path.exists(conf):
        os.remove(conf)
    if text:
        with open(conf, 'w') as f:
            f.write(text)
}
do_hwident_conf[vardeps] += "HWIDENT_CONF_TEXT HWIDENT_IDENTITY HWIDENT_PIN HWIDENT_PRODUCT_SERIAL HWIDENT_SOURCE_SCHEMES"
addtask hwident_conf after do_configure before do_install

do_install() {
    install -d ${D}${bindir}
    install -m 0755 ${B}/${GO_BUILD_BINDIR}/hwident ${D}${bindir}/hwident

    install -d ${D}${datadir}/mender/identity
    ln -sf ${bindir}/hwident ${D}${datadir}/mender/identity/mender-device-identity
    if [ "${HWIDENT_GO_TAGS}" != identityonly ]; then
        install -d ${D}${datadir}/mender/inventory
        ln -sf ${bindir}/hwident ${D}${datadir}/mender/inventory/mender-inventory-hwident
    fi

    if [ -e ${B}/hwident.conf ]; then
        install -d ${D}${sysconfdir}
        install -m 0644 ${B}/hwident.conf ${D}${sysconfdir}/hwident.conf
    fi
}

PACKAGES =+ "${PN}-mender-identity ${PN}-mender-inventory ${PN}-conf"

FILES:${PN} = "${bindir}/hwident"
FILES:${PN}-mender-identity = "${datadir}/mender/identity/mender-device-identity"
FILES:${PN}-mender-inventory = "${datadir}/mender/inventory/mender-inventory-hwident"
FILES:${PN}-conf = "${sysconfdir}/hwident.conf"
CONFFILES:${PN}-conf = "${sysconfdir}/hwident.conf"
# Without HWIDENT_IDENTITY the package is empty and hwident keeps Mender's
# default scheme; the identity package can depend on it either way.
ALLOW_EMPTY:${PN}-conf = "1"

RDEPENDS:${PN}-mender-identity = "${PN} ${PN}-conf"
RDEPENDS:${PN}-mender-inventory = "${PN}"
