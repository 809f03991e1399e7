//go:build !identityonly

package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Printing to a device path never hangs: a FIFO nobody reads, or a reader
// that stops reading, fails at the timeout; a FIFO with a reader, a
// character device and a file get the whole job.
func TestSendDeviceTimeout(t *testing.T) {
	const timeout = 300 * time.Millisecond
	big := bytes.Repeat([]byte("^XA^FDx^FS^XZ\n"), 100000) // far more than a pipe holds
	tests := []struct {
		name   string
		job    []byte
		reader func(t *testing.T, fifo string) (got func() []byte) // nil: no reader
		want   error
		say    string
	}{
		{"FIFO without reader", []byte("^XA^XZ\n"), nil, errPrintTimeout, "nothing read it"},
		{"FIFO reader that never reads", big, stalledReader, errPrintTimeout, "of 1400000 bytes"},
		{"FIFO with reader", big, drainingReader, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fifo := filepath.Join(t.TempDir(), "lp")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Skip("mkfifo:", err)
			}
			var got func() []byte
			if tt.reader != nil {
				got = tt.reader(t, fifo)
			}
			start := time.Now()
			err := sendDevice(fifo, tt.job, timeout)
			if !errors.Is(err, tt.want) || tt.say != "" && !strings.Contains(err.Error(), tt.say) {
				t.Fatalf("sendDevice = %v, want %v saying %q", err, tt.want, tt.say)
			}
			if tt.want != nil && time.Since(start) > 10*timeout {
				t.Errorf("took %v with a %v timeout", time.Since(start), timeout)
			}
			if tt.want == nil && !bytes.Equal(got(), tt.job) {
				t.Errorf("the reader did not get the whole job")
			}
		})
	}
	// Devices the poller cannot wait on, and plain files.
	if err := sendDevice("/dev/null", big, timeout); err != nil {
		t.Errorf("/dev/null: %v", err)
	}
	file := filepath.Join(t.TempDir(), "job.zpl")
	if err := sendDevice(file, big, timeout); err != nil {
		t.Errorf("file: %v", err)
	}
	if data, _ := os.ReadFile(file); !bytes.Equal(data, big) {
		t.Errorf("file holds %d bytes, want %d", len(data), len(big))
	}
}

// stalledReader opens the FIFO for reading and never reads.
func stalledReader(t *testing.T, fifo string) func() []byte {
	f, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return nil
}

// drainingReader reads the FIFO to its end in the background.
func drainingReader(t *testing.T, fifo string) func() []byte {
	f, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan []byte, 1)
	go func() {
		defer f.Close()
		var b bytes.Buffer
		for {
			// Non-blocking before the writer connects: an empty read is
			// "no writer yet", not the end, until the first byte came.
			_, err := b.ReadFrom(f)
			if err == nil && b.Len() > 0 {
				done <- b.Bytes()
				return
			}
			if err != nil && !errors.Is(err, io.EOF) {
				done <- nil
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	return func() []byte { return <-done }
}
