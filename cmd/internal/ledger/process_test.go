package ledger

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hwident/hwident/identity"
)

// The crash and concurrency tests run this test binary again as station
// processes (HWIDENT_LEDGER_CHILD set), so that kill -9 and flock act
// between real processes.
func TestMain(m *testing.M) {
	if os.Getenv("HWIDENT_LEDGER_CHILD") != "" {
		os.Exit(runChild())
	}
	os.Exit(m.Run())
}

// childDevice is large enough that a record spans a page boundary.
func childDevice(product string) identity.Identity {
	return identity.Identity{{Key: "serial", Value: product}, {Key: "note", Value: strings.Repeat("x", 3000)}}
}

// sharedRaces is how many products every station tries to bind first.
const sharedRaces = 10

// runChild binds products PREFIX-0, PREFIX-1, ... (COUNT of them, 0 = until
// killed), printing each product once its record is durable. With SHARED
// set it first races the other children to bind SHARED-0..SHARED-9.
func runChild() int {
	path, prefix := os.Getenv("HWIDENT_LEDGER_PATH"), os.Getenv("HWIDENT_LEDGER_PREFIX")
	count, _ := strconv.Atoi(os.Getenv("HWIDENT_LEDGER_COUNT"))
	l, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	// Wait for the starting signal, so the stations race in earnest.
	for start := os.Getenv("HWIDENT_LEDGER_START"); start != ""; time.Sleep(time.Millisecond) {
		if _, err := os.Stat(start); err == nil {
			break
		}
	}
	for j := 0; os.Getenv("HWIDENT_LEDGER_SHARED") != "" && j < sharedRaces; j++ {
		shared := fmt.Sprintf("%s-%d", os.Getenv("HWIDENT_LEDGER_SHARED"), j)
		_, err := l.Append(func(s *State) (Record, error) {
			return s.PlanBind(Request{Station: prefix, Operator: "op", Product: shared, Device: childDevice(prefix + "-" + shared)})
		})
		var ce *ConflictError
		switch {
		case err == nil:
			fmt.Println("bound " + shared)
		case errors.As(err, &ce):
			fmt.Println("refused " + shared)
		default:
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	for i := 0; count == 0 || i < count; i++ {
		product := fmt.Sprintf("%s-%d", prefix, i)
		if _, err := l.Append(func(s *State) (Record, error) {
			return s.PlanBind(Request{Station: prefix, Operator: "op", Product: product, Device: childDevice(product)})
		}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println(product) // confirmed: the record is on disk
	}
	return 0
}

func childCommand(t *testing.T, path, prefix string, count int, shared string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), "HWIDENT_LEDGER_CHILD=1", "HWIDENT_LEDGER_PATH="+path,
		"HWIDENT_LEDGER_PREFIX="+prefix, "HWIDENT_LEDGER_COUNT="+strconv.Itoa(count), "HWIDENT_LEDGER_SHARED="+shared)
	cmd.Stderr = os.Stderr
	return cmd
}

// checkRecordsIntact asserts that every confirmed product is in the ledger
// with its own device and that nothing but truncated fragments is damaged.
func checkRecordsIntact(t *testing.T, s *State, confirmed []string, crashes int) {
	t.Helper()
	for _, p := range confirmed {
		b, ok := s.ByProduct(p)
		if !ok || b.DeviceHash() != childDevice(p).ID() {
			t.Errorf("confirmed product %s missing or bound to the wrong device", p)
		}
	}
	fragments := len(s.Damage)
	if s.Truncated != nil {
		fragments++
	}
	if fragments > crashes {
		t.Errorf("%d damaged lines after %d crashes: %v", fragments, crashes, s.Damage)
	}
	for _, d := range s.Damage {
		var syntax *json.SyntaxError
		if !errors.Is(d.Err, ErrBadRecord) || !errors.As(d.Err, &syntax) {
			t.Errorf("damaged line is not a cut-short record: %v", d)
		}
	}
}

// TestKill9KeepsConfirmedRecords kills appending stations at random moments.
func TestKill9KeepsConfirmedRecords(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	path := filepath.Join(t.TempDir(), "ledger.jsonl")
	const rounds = 12
	var confirmed []string
	for round := range rounds {
		cmd := childCommand(t, path, fmt.Sprintf("r%d", round), 0, "")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan []string)
		go func() {
			var got []string
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				got = append(got, sc.Text())
			}
			lines <- got
		}()
		time.Sleep(time.Duration(5+rand.IntN(60)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		got := <-lines
		cmd.Wait()
		confirmed = append(confirmed, got...)
	}
	if len(confirmed) == 0 {
		t.Fatal("no station confirmed any record before being killed")
	}
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	checkRecordsIntact(t, s, confirmed, rounds)
	t.Logf("%d rounds, %d confirmed records, %d in the ledger", rounds, len(confirmed), len(s.Records))
}

// TestConcurrentStations runs several stations appending to one ledger:
// no record may interleave with another, and exactly one of the stations
// racing to bind the same product may win.
func TestConcurrentStations(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	path, start := filepath.Join(dir, "ledger.jsonl"), filepath.Join(dir, "start")
	const stations, each = 4, 40
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for k := range stations {
		cmd := childCommand(t, path, fmt.Sprintf("c%d", k), each, "SHARED")
		cmd.Env = append(cmd.Env, "HWIDENT_LEDGER_START="+start)
		var out bytes.Buffer
		cmd.Stdout = &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, &out)
	}
	if err := os.WriteFile(start, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var confirmed []string
	won := map[string]int{}
	for k, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("station %d: %v", k, err)
		}
		for _, line := range strings.Split(strings.TrimSpace(outs[k].String()), "\n") {
			if p, ok := strings.CutPrefix(line, "bound "); ok {
				won[p]++
			} else if !strings.HasPrefix(line, "refused ") {
				confirmed = append(confirmed, line)
			}
		}
	}
	for j := range sharedRaces {
		if p := fmt.Sprintf("SHARED-%d", j); won[p] != 1 {
			t.Errorf("%d stations bound %s, want exactly 1", won[p], p)
		}
	}
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	checkRecordsIntact(t, s, confirmed, 0)
	if len(confirmed) != stations*each || len(s.Records) != stations*each+sharedRaces {
		t.Errorf("%d confirmed, %d records; want %d and %d", len(confirmed), len(s.Records), stations*each, stations*each+sharedRaces)
	}
}
