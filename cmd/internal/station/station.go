// Package station is hwident's station side: the commands a factory
// station PC runs (bind and its subcommands, mender preauth|tag, serve with
// its user and token administration, ledger import), the bind session with
// its terminal handling, and label printing to network and CUPS printers.
// Only the default build links it (cmd/hwident/commands_station.go); the
// device and identity-only builds never do.
package station

import "github.com/hwident/hwident/cmd/internal/cli"

// app is the process (cli.App) with the station's helpers.
type app struct{ *cli.App }

// withApp adapts a station method to cli.Command.Run.
func withApp(m func(a *app, f *cli.Flags) error) func(*cli.App, *cli.Flags) error {
	return func(c *cli.App, f *cli.Flags) error { return m(&app{c}, f) }
}

// Commands are the station's commands.
func Commands() []cli.Command {
	return []cli.Command{
		{Name: "bind", Summary: "station: bind scanned device labels to product serials in a ledger",
			Synopsis: "bind --ledger FILE|postgres://… | --server URL [--station ID] [--operator NAME] [--product-pattern REGEX]\n" +
				"                    [--pair-timeout D] [--replace]",
			Help: bindHelp, Run: withApp((*app).bindStation), Sub: []cli.Command{
				{Name: "status", Synopsis: "bind status --ledger FILE|postgres://… PRODUCT|DEVICE-PAYLOAD", Run: withApp((*app).bindStatus)},
				{Name: "export", Synopsis: "bind export --ledger FILE|postgres://… | --server URL [--format csv|json]", Run: withApp((*app).bindExport)},
				{Name: "unbind", Synopsis: "bind unbind --ledger FILE|postgres://… [--station ID] [--operator NAME] PRODUCT|DEVICE-PAYLOAD", Run: withApp((*app).bindUnbind)},
				{Name: "verify", Synopsis: "bind verify --ledger FILE", Run: withApp((*app).bindVerify)},
				{Name: "repair", Synopsis: "bind repair --ledger FILE [--station ID] [--operator NAME]", Run: withApp((*app).bindRepair)},
			}},
		{Name: "mender", Summary: "station: preauthorise a device on a Mender server, tag it with its product serial",
			Help: menderHelp, Run: cli.Subcommands, Sub: []cli.Command{
				{Name: "preauth", Synopsis: "mender preauth --server URL --token PAT [--identity FILE|-] --pubkey FILE [--dry-run]", Run: withApp((*app).menderPreauth)},
				{Name: "tag", Synopsis: "mender tag --server URL --token PAT [--identity FILE|-] --product-serial SERIAL [--replace]", Run: withApp((*app).menderTag)},
			}},
		{Name: "serve", Summary: "station: the provisioning service (API, installer page, replication to Mender and webhooks)",
			Synopsis: "serve --ledger FILE|postgres://… [--listen ADDR] [--tls-cert FILE --tls-key FILE]\n" +
				"                     [--mender-server URL] [--webhook URL]...",
			Help: serveHelp, Run: withApp((*app).serve), Sub: []cli.Command{
				{Name: "user", Synopsis: "serve user add|disable|reset --ledger … NAME [--role ROLE]", Run: cli.Subcommands, Sub: []cli.Command{
					{Name: "add", Synopsis: "serve user add --ledger FILE|postgres://… [--role ROLE] [--password-stdin] NAME", Run: serveUser("add")},
					{Name: "disable", Synopsis: "serve user disable --ledger FILE|postgres://… NAME", Run: serveUser("disable")},
					{Name: "reset", Synopsis: "serve user reset --ledger FILE|postgres://… [--password-stdin] NAME", Run: serveUser("reset")},
				}},
				{Name: "token", Synopsis: "serve token create|revoke --ledger … (--user NAME | ID)", Run: cli.Subcommands, Sub: []cli.Command{
					{Name: "create", Synopsis: "serve token create --ledger FILE|postgres://… --user NAME", Run: serveToken("create")},
					{Name: "revoke", Synopsis: "serve token revoke --ledger FILE|postgres://… ID", Run: serveToken("revoke")},
				}},
			}},
		{Name: "ledger", Summary: "station: import a file ledger into PostgreSQL",
			Help: ledgerHelp, Run: cli.Subcommands, Sub: []cli.Command{
				{Name: "import", Synopsis: "ledger import --ledger postgres://… FILE", Run: withApp((*app).ledgerImport)},
			}},
	}
}
