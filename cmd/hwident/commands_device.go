//go:build !identityonly

package main

// deviceCommands are left out of the -tags identityonly build.
func deviceCommands() []command {
	return []command{
		{"product", "store or print the product serial this device is bound to", runProduct},
		{"inventory", "print Mender inventory attributes (installed as mender-inventory-hwident)", runInventory},
	}
}
