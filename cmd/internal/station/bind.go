package station

import (
	"fmt"
	"os"
	"os/user"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/ledger"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/payload"
	"github.com/hwident/hwident/identity/scan"
)

const bindHelp = `bind reads barcode scans from stdin, one per line (CR, LF, CRLF or TAB
ends a scan), and binds each device label to the product serial scanned
with it, in either order. Every bind is appended to the ledger and
confirmed on stdout. While complete lines of the ledger are damaged
nothing is bound or unbound: bind verify lists them, bind repair
acknowledges them for good. See docs/provisioning.md.
`

// defaultProductPattern accepts the serials keyboard-wedge scanners type
// reliably: letters, digits and a few separators, 4 to 40 characters.
const defaultProductPattern = `[0-9A-Z][0-9A-Z._/-]{3,39}`

// bindFlags are the flags the bind subcommands share.
type bindFlags struct {
	*cli.Flags
	ledger, station, operator, pattern *string
	server                             *string // bind only: through the service
}

func newBindFlags(fs *cli.Flags, recording bool) *bindFlags {
	f := &bindFlags{Flags: fs}
	f.Interspersed = true
	f.ledger = f.String("ledger", "", "the ledger `FILE` (JSON lines, appended to) or postgres:// URL (required)")
	f.pattern = f.String("product-pattern", defaultProductPattern, "`REGEX` a product serial matches in full (case-insensitive)")
	if recording {
		f.station = f.String("station", "", "station `ID` recorded with each event (default: the host name)")
		f.operator = f.String("operator", "", "operator `NAME` recorded with each event (default: $USER, else the account name of this process)")
	}
	return f
}

// parse parses args and checks what every bind subcommand needs.
func (f *bindFlags) parse(a *app) error {
	if err := f.Flags.Parse(); err != nil {
		return err
	}
	switch {
	case f.server != nil && *f.server != "" && *f.ledger != "":
		return cli.Usagef("%s: give --ledger or --server, not both", f.Name())
	case f.server != nil && *f.server != "":
	case *f.ledger == "":
		return cli.Usagef("%s needs --ledger FILE", f.Name())
	}
	if f.station != nil && *f.station == "" {
		*f.station, _ = os.Hostname()
	}
	if f.operator != nil && *f.operator == "" {
		*f.operator = defaultOperator(a.Getenv, accountName)
	}
	switch {
	case f.station != nil && strings.TrimSpace(*f.station) == "":
		return cli.Usagef("%s: give --station ID (the host name is unknown)", f.Name())
	case f.operator != nil && strings.TrimSpace(*f.operator) == "":
		return cli.Usagef("%s: give --operator NAME ($USER is not set and this process's uid has no account name)", f.Name())
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
func (f *bindFlags) parseOperand(a *app) (scan.Result, error) {
	if err := f.parse(a); err != nil {
		return scan.Result{}, err
	}
	if len(f.Args()) != 1 {
		return scan.Result{}, cli.Usagef("%s takes one product serial or device label, got %q", f.Name(), f.Args())
	}
	classify, err := f.classifier()
	if err != nil {
		return scan.Result{}, err
	}
	sc, err := classify.Classify(f.Arg(0))
	if err != nil {
		return scan.Result{}, cli.Usagef("%s: %w", f.Name(), err)
	}
	return sc, nil
}

// classifier builds the scan classifier for --product-pattern.
func (f *bindFlags) classifier() (scan.Classifier, error) {
	re, err := regexp.Compile(`^(?i:` + *f.pattern + `)$`)
	if err != nil {
		return scan.Classifier{}, cli.Usagef("--product-pattern: %w", err)
	}
	return scan.Classifier{DecodeDevice: payload.Decode, IsProductSerial: re.MatchString}, nil
}

// warnDamage reports ledger lines that are not records, once per command.
func (a *app) warnDamage(name string, s *ledger.State) {
	for _, d := range s.Damage {
		switch {
		case d.Repaired:
		case d.Fragment:
			fmt.Fprintf(a.Stderr, "hwident: warning: ledger %s: %v\n", name, d)
		default:
			fmt.Fprintf(a.Stderr, "hwident: warning: ledger %s: damaged %v; nothing can be bound or unbound until it is repaired (hwident bind verify)\n", name, d)
		}
	}
	if s.Truncated != nil {
		fmt.Fprintf(a.Stderr, "hwident: warning: ledger %s: %v\n", name, *s.Truncated)
	}
}

// describeDevice is a device in one line: short hash and its attributes.
func describeDevice(id identity.Identity) string {
	return "device " + id.ID()[:12] + " (" + strings.TrimSpace(strings.ReplaceAll(string(id.Mender()), "\n", " ")) + ")"
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
