package identity

import (
	"errors"
	"fmt"
)

// ErrReservedKey is wrapped for an attribute key the Mender server keeps
// for itself.
var ErrReservedKey = errors.New("reserved by the Mender server")

// The Mender server copies the identity into the
// identity scope of its inventory, where these names are its own
// (mender-server, backend/services):
//
//   - status: deviceauth's setDeviceIdentity (deviceauth/devauth/devauth.go)
//     leaves it out of the copy, to keep the device's accepted/pending/...
//     status there, but still sends a slot for it: an attribute without a
//     name, and inventory rejects the whole update (400 "name: cannot be
//     blank"). The device is preauthorised but can never be found or
//     tagged in the inventory.
//   - id: inventory's device search and sort (inventory/store/mongo
//     datastore_mongo.go, model.AttrNameID) read identity/id as the
//     device's own ID, so an attribute id could never be searched.
//
// CheckKey checks an attribute key: [a-z0-9_.-]+ and not one the Mender
// server reserves.
func CheckKey(k string) error {
	if !ValidKey(k) {
		return errors.New("invalid key " + Quote(k) + ": use only a-z, 0-9, '_', '.' and '-'")
	}
	why := ""
	switch k {
	case "status":
		why = "deviceauth drops it, and the inventory then refuses the identity"
	case "id":
		why = "the inventory reads identity/id as the device ID"
	default:
		return nil
	}
	return fmt.Errorf("key %q is %w: %s; choose another key", k, ErrReservedKey, why)
}
