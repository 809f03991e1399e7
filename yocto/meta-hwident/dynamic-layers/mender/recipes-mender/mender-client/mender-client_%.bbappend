# Mender Go client (3.x): hwident-mender-identity installs
# ${datadir}/mender/identity/mender-device-identity, so the client's own
# script leaves its package (${PN}) and the two never clash on the path.
do_install:append:class-target() {
    rm -f ${D}${datadir}/mender/identity/mender-device-identity
    if [ -d ${D}${datadir}/mender/identity ]; then
        rmdir --ignore-fail-on-non-empty ${D}${datadir}/mender/identity
    fi
}

RDEPENDS:${PN}:append:class-target = " hwident-mender-identity"
