// Package pgtest starts a real PostgreSQL server for tests: initdb and
// pg_ctl from Debian's postgresql package, in the test's temporary
// directory, listening on a Unix socket only. Tests skip when the binaries
// are absent, unless HWIDENT_REQUIRE_PG is set (CI sets it, so CI never
// skips).
package pgtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// T is what pgtest needs of a test (testing.TB has it); the service
// benchmark passes its own.
type T interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Skip(args ...any)
	TempDir() string
	Cleanup(func())
}

var _ T = testing.TB(nil)

// Cluster is a running test server.
type Cluster struct {
	t      T
	bin    string
	data   string
	socket string
	uid    int // the user the server runs as when the test runs as root, else -1
	gid    int
	// durable keeps fsync on (benchmarks); tests run without it.
	durable bool
}

// binDirs are where Debian installs the server binaries.
var binDirs = []string{"/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"}

func findBin() string {
	for _, d := range binDirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

// Start initialises and starts a new cluster, stopped at the end of the
// test. It does not fsync: a test's data need not survive a power cut.
func Start(t T) *Cluster { return start(t, false) }

// StartDurable is Start with fsync on, as in production (benchmarks).
func StartDurable(t T) *Cluster { return start(t, true) }

func start(t T, durable bool) *Cluster {
	t.Helper()
	bin := findBin()
	if bin == "" {
		if os.Getenv("HWIDENT_REQUIRE_PG") != "" {
			t.Fatal("PostgreSQL binaries (initdb, pg_ctl) not found and HWIDENT_REQUIRE_PG is set: apt-get install postgresql")
		}
		t.Skip("PostgreSQL binaries not found (apt-get install postgresql); set HWIDENT_REQUIRE_PG=1 to fail instead")
	}
	dir := t.TempDir()
	c := &Cluster{t: t, bin: bin, data: filepath.Join(dir, "data"), socket: filepath.Join(dir, "s"), uid: -1, gid: -1, durable: durable}
	if os.Geteuid() == 0 {
		// initdb refuses root: run the server as the package's postgres
		// user, which must be able to reach the directory.
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root needs the postgres user of the postgresql package: %v", err)
		}
		c.uid, _ = strconv.Atoi(u.Uid)
		c.gid, _ = strconv.Atoi(u.Gid)
		for d := dir; strings.HasPrefix(d, filepath.Clean(os.TempDir())+"/"); d = filepath.Dir(d) {
			if err := os.Chmod(d, 0o711); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, d := range []string{c.data, c.socket} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if c.uid >= 0 {
			if err := os.Chown(d, c.uid, c.gid); err != nil {
				t.Fatal(err)
			}
		}
	}
	c.run("initdb", "-D", c.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	c.Start()
	t.Cleanup(func() { c.run("pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop") })
	return c
}

func (c *Cluster) run(prog string, args ...string) {
	c.t.Helper()
	cmd := exec.Command(filepath.Join(c.bin, prog), args...)
	if c.uid >= 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(c.uid), Gid: uint32(c.gid)}}
	}
	cmd.Dir = c.data
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if out, err := cmd.CombinedOutput(); err != nil {
		c.t.Fatalf("%s %s: %v\n%s", prog, strings.Join(args, " "), err, out)
	}
}

// Start starts the (stopped) server and waits until it accepts connections.
func (c *Cluster) Start() {
	c.t.Helper()
	opts := fmt.Sprintf("-c listen_addresses='' -k '%s' -c max_connections=200", c.socket)
	if !c.durable {
		// Without fsync a committed transaction still survives the server
		// being killed (the OS keeps the pages), which the fault tests do;
		// only an OS crash would lose it. synchronous_commit stays on.
		opts += " -c fsync=off -c full_page_writes=off"
	}
	c.run("pg_ctl", "-D", c.data, "-o", opts, "-l", filepath.Join(c.data, "server.log"), "-w", "-t", "60", "start")
}

// Stop stops the server at once (like a crash: "immediate").
func (c *Cluster) Stop() {
	c.t.Helper()
	c.run("pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop")
}

// DSN returns the connection string of a database, created if needed.
func (c *Cluster) DSN(db string) string {
	c.t.Helper()
	admin := c.dsn("postgres")
	if db != "postgres" {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			c.t.Fatal(err)
		}
		defer conn.Close(ctx)
		var n int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", db).Scan(&n); err != nil {
			c.t.Fatal(err)
		}
		if n == 0 {
			if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{db}.Sanitize()); err != nil {
				c.t.Fatal(err)
			}
		}
	}
	return c.dsn(db)
}

func (c *Cluster) dsn(db string) string {
	return "postgres://postgres@/" + db + "?host=" + c.socket + "&sslmode=disable"
}
