//go:build !device && !identityonly

package main

import (
	"fmt"
	"io"
	"os"
	"os/user"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hwident/hwident/cmd/internal/ledger"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/payload"
	"github.com/hwident/hwident/identity/scan"
)

const bindUsage = `usage: hwident bind --ledger FILE|postgres://… | --server URL [--station ID] [--operator NAME] [--product-pattern REGEX]
                    [--pair-timeout D] [--replace]
       hwident bind status --ledger FILE|postgres://… PRODUCT|DEVICE-PAYLOAD
       hwident bind export --ledger FILE [--format csv|json]
       hwident bind unbind --ledger FILE [--station ID] [--operator NAME] PRODUCT|DEVICE-PAYLOAD
       hwident bind verify --ledger FILE
       hwident bind repair --ledger FILE [--station ID] [--operator NAME]

bind reads barcode scans from stdin, one per line (CR, LF, CRLF or TAB
ends a scan), and binds each device label to the product serial scanned
with it, in either order. Every bind is appended to the ledger and
confirmed on stdout. While complete lines of the ledger are damaged
nothing is bound or unbound: bind verify lists them, bind repair
acknowledges them for good. See docs/provisioning.md.
`

// defaultProductPattern accepts the serials keyboard-wedge scanners type
// reliably: letters, digits and a few separators, 4 to 40 characters.
const defaultProductPattern = `[0-9A-Z][0-9A-Z._/-]{3,39}`

func runBind(a *app, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "status":
			return a.bindStatus(args[1:])
		case "export":
			return a.bindExport(args[1:])
		case "unbind":
			return a.bindUnbind(args[1:])
		case "verify":
			return a.bindVerify(args[1:])
		case "repair":
			return a.bindRepair(args[1:])
		case "help":
			_, err := io.WriteString(a.stdout, bindUsage)
			return err
		}
	}
	return a.bindStation(args)
}

// bindFlags are the flags the bind subcommands share.
type bindFlags struct {
	*flags
	ledger, station, operator, pattern *string
	server                             *string // bind only: through the service
}

func (a *app) newBindFlags(name, synopsis string, recording bool) *bindFlags {
	f := &bindFlags{flags: a.newFlags(name, synopsis)}
	f.interspersed = true
	f.ledger = f.String("ledger", "", "the ledger `FILE` (JSON lines, appended to) or postgres:// URL (required)")
	f.pattern = f.String("product-pattern", defaultProductPattern, "`REGEX` a product serial matches in full (case-insensitive)")
	if recording {
		f.station = f.String("station", "", "station `ID` recorded with each event (default: the host name)")
		f.operator = f.String("operator", "", "operator `NAME` recorded with each event (default: $USER, else the account name of this process)")
	}
	return f
}

// parse parses args and checks what every bind subcommand needs.
func (f *bindFlags) parse(a *app, args []string) error {
	if err := f.flags.parse(args); err != nil {
		return err
	}
	switch {
	case f.server != nil && *f.server != "" && *f.ledger != "":
		return usageErr("%s: give --ledger or --server, not both", f.Name())
	case f.server != nil && *f.server != "":
	case *f.ledger == "":
		return usageErr("%s needs --ledger FILE", f.Name())
	}
	if f.station != nil && *f.station == "" {
		*f.station, _ = os.Hostname()
	}
	if f.operator != nil && *f.operator == "" {
		*f.operator = defaultOperator(a.getenv, accountName)
	}
	switch {
	case f.station != nil && strings.TrimSpace(*f.station) == "":
		return usageErr("%s: give --station ID (the host name is unknown)", f.Name())
	case f.operator != nil && strings.TrimSpace(*f.operator) == "":
		return usageErr("%s: give --operator NAME ($USER is not set and this process's uid has no account name)", f.Name())
	}
	return nil
}

// fileLedgerOnly refuses a database ledger for the subcommands that read
// the file directly.
func (f *bindFlags) fileLedgerOnly() error {
	if strings.Contains(*f.ledger, "://") {
		return usageErr("%s reads a ledger file; for PostgreSQL use the service's find and export (docs/api.md)", f.Name())
	}
	return nil
}

// defaultOperator is $USER, else the account name of the process's uid
// (a kiosk or a service runs without $USER), else "".
func defaultOperator(getenv func(string) string, account func() (string, error)) string {
	if u := getenv("USER"); strings.TrimSpace(u) != "" {
		return u
	}
	name, err := account()
	if err != nil {
		return ""
	}
	return name
}

// accountName is the name of the process's uid in the user database. The
// pure-Go os/user (CGO_ENABLED=0) reads /etc/passwd; LookupId rather than
// Current, which would fall back to $USER again.
func accountName() (string, error) {
	u, err := user.LookupId(strconv.Itoa(os.Getuid()))
	if err != nil {
		return "", err
	}
	return u.Username, nil
}

// parseOperand parses args of a subcommand that takes one product serial
// or device label, and classifies it like a scan.
func (f *bindFlags) parseOperand(a *app, args []string) (scan.Result, error) {
	if err := f.parse(a, args); err != nil {
		return scan.Result{}, err
	}
	if f.NArg() != 1 {
		return scan.Result{}, usageErr("%s takes one product serial or device label, got %q", f.Name(), f.Args())
	}
	classify, err := f.classifier()
	if err != nil {
		return scan.Result{}, err
	}
	sc, err := classify.Classify(f.Arg(0))
	if err != nil {
		return scan.Result{}, usageErr("%s: %w", f.Name(), err)
	}
	return sc, nil
}

// classifier builds the scan classifier for --product-pattern.
func (f *bindFlags) classifier() (scan.Classifier, error) {
	re, err := regexp.Compile(`^(?i:` + *f.pattern + `)$`)
	if err != nil {
		return scan.Classifier{}, usageErr("--product-pattern: %w", err)
	}
	return scan.Classifier{DecodeDevice: payload.Decode, IsProductSerial: re.MatchString}, nil
}

// warnDamage reports ledger lines that are not records, once per command.
func (a *app) warnDamage(name string, s *ledger.State) {
	for _, d := range s.Damage {
		switch {
		case d.Repaired:
		case d.Fragment:
			fmt.Fprintf(a.stderr, "hwident: warning: ledger %s: %v\n", name, d)
		default:
			fmt.Fprintf(a.stderr, "hwident: warning: ledger %s: damaged %v; nothing can be bound or unbound until it is repaired (hwident bind verify)\n", name, d)
		}
	}
	if s.Truncated != nil {
		fmt.Fprintf(a.stderr, "hwident: warning: ledger %s: %v\n", name, *s.Truncated)
	}
}

// describeDevice is a device in one line: short hash and its attributes.
func describeDevice(id identity.Identity) string {
	return "device " + id.ID()[:12] + " (" + strings.TrimSpace(strings.ReplaceAll(string(id.Mender()), "\n", " ")) + ")"
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
