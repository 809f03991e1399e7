package station

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/ledger"
)

// bindVerify checks the whole ledger, as git fsck does a repository: every
// line that is not a record is listed with its line number and offset, and
// damage that blocks the ledger makes the exit status 1.
func (a *app) bindVerify(fs *cli.Flags) error {
	f := newBindFlags(fs, false)
	if err := f.parse(a); err != nil {
		return err
	}
	if len(f.Args()) > 0 {
		return cli.Usagef("bind verify takes no arguments, got %q", f.Args())
	}
	s, err := ledger.Load(*f.ledger)
	if err != nil {
		return err
	}
	var fragments, repaired int
	for _, d := range s.Damage {
		switch {
		case d.Fragment:
			fragments++
		case d.Repaired:
			repaired++
		}
	}
	if bad := s.Blocking(); len(bad) > 0 {
		for _, d := range bad {
			fmt.Fprintf(a.Stderr, "hwident: ledger %s: damaged %v (sha256 %s)\n", *f.ledger, d, d.SHA256)
		}
		return fmt.Errorf("ledger %s: %d damaged line(s): nothing can be bound or unbound until they are restored from a backup or acknowledged with hwident bind repair --ledger %s", *f.ledger, len(bad), *f.ledger)
	}
	var b strings.Builder
	format := fmt.Sprintf("format %d", ledger.Version)
	if s.Headerless {
		format = "no header (written by hwident before ledger format 1; read as it is)"
	}
	fmt.Fprintf(&b, "ledger %s: ok: %s, %d records, %d current bindings", *f.ledger, format, len(s.Records), len(s.Bindings()))
	if fragments > 0 {
		fmt.Fprintf(&b, ", %d crash fragment(s) (ignored)", fragments)
	}
	if repaired > 0 {
		fmt.Fprintf(&b, ", %d damaged line(s) acknowledged by %d repair record(s)", repaired, len(s.Repairs))
	}
	if s.Truncated != nil {
		fmt.Fprintf(&b, ", an unterminated last line at offset %d (a record cut short; ended by the next append)", s.Truncated.Offset)
	}
	b.WriteString("\n")
	_, err = fmt.Fprint(a.Stdout, b.String())
	return err
}

// bindRepair acknowledges the damaged lines for good with a repair record.
// Nothing is deleted or rewritten: the damaged bytes stay where they are as
// evidence, the record says who acknowledged which bytes and when, and the
// ledger decides again. A binding a damaged line held is forgotten, so
// restore lines from a backup first where you can.
func (a *app) bindRepair(fs *cli.Flags) error {
	f := newBindFlags(fs, true)
	if err := f.parse(a); err != nil {
		return err
	}
	if len(f.Args()) > 0 {
		return cli.Usagef("bind repair takes no arguments, got %q", f.Args())
	}
	l, err := ledger.Open(*f.ledger)
	if err != nil {
		return err
	}
	defer l.Close()
	fixed, err := l.Repair(*f.station, *f.operator)
	if errors.Is(err, ledger.ErrNothingToRepair) {
		_, err = fmt.Fprintf(a.Stdout, "ledger %s: nothing to repair\n", *f.ledger)
		return err
	}
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, d := range fixed {
		fmt.Fprintf(&b, "acknowledged line %d (offset %d, sha256 %s): %v\n", d.Line, d.Offset, d.SHA256, d.Err)
	}
	fmt.Fprintf(&b, "ledger %s: %d damaged line(s) acknowledged by a repair record; they stay in the file and are ignored from now on\n", *f.ledger, len(fixed))
	_, err = fmt.Fprint(a.Stdout, b.String())
	return err
}
