//go:build !unix

package ledger

import (
	"errors"
	"os"
)

var errNoLocking = errors.New("the ledger needs flock, which this system lacks: run the station on Linux")

func lockFile(*os.File, bool) error { return errNoLocking }
func unlockFile(*os.File) error     { return errNoLocking }
