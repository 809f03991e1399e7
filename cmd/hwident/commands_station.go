//go:build !device && !identityonly

package main

// stationCommands need a network client; they are only in the default
// build that a factory station PC runs.
func stationCommands() []command {
	return []command{
		{"bind", "station: bind scanned device labels to product serials in a ledger", runBind},
		{"mender", "station: preauthorise a device on a Mender server, tag it with its product serial", runMender},
		{"serve", "station: the provisioning service (API, installer page, replication to Mender and webhooks)", runServe},
		{"ledger", "station: import a file ledger into PostgreSQL", runLedger},
	}
}
