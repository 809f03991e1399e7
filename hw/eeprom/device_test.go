package eeprom

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"periph.io/x/conn/v3/i2c/i2ctest"
)

// transcript is a printable form of I²C ops: address, written bytes and
// read length (data left out).
type transcript []i2ctest.IO

func (tr transcript) String() string {
	var b strings.Builder
	for _, io := range tr {
		fmt.Fprintf(&b, "[%#x w=% x r=%d] ", io.Addr, io.W, len(io.R))
	}
	return b.String()
}

func ops(rec []i2ctest.IO) transcript { return rec }

func op(addr uint16, w []byte, n int) i2ctest.IO {
	return i2ctest.IO{Addr: addr, W: w, R: make([]byte, n)}
}

func equalOps(a transcript, b transcript) bool {
	return slices.EqualFunc(a, b, func(x, y i2ctest.IO) bool {
		return x.Addr == y.Addr && bytes.Equal(x.W, y.W) && len(x.R) == len(y.R)
	})
}

// 1-byte word addresses: chunks stop at 256-byte blocks, and each block
// is the next device address (a 24c16 at 0x50 spans 0x50-0x57).
func TestReadI2C1ByteBlocks(t *testing.T) {
	chip := newAT24Sim(2048, 0x50, false)
	rec := &i2ctest.Record{Bus: chip}
	d := &Device{Bus: rec, BusNum: 1, Addr: 0x50}
	got := make([]byte, 300)
	if n, err := d.ReadAt(got, 0xf0); n != 300 || err != nil {
		t.Fatalf("ReadAt = %d, %v", n, err)
	}
	if !bytes.Equal(got, chip.mem[0xf0:0xf0+300]) {
		t.Error("data differs from the chip")
	}
	want := transcript{op(0x50, []byte{0xf0}, 16)}
	for i := range 8 {
		want = append(want, op(0x51, []byte{byte(32 * i)}, 32))
	}
	want = append(want, op(0x52, []byte{0}, 28))
	if !equalOps(ops(rec.Ops), want) {
		t.Errorf("transcript:\n got %v\nwant %v", ops(rec.Ops), want)
	}
	if d.Mode() != ModeI2C {
		t.Errorf("mode %q, want i2c", d.Mode())
	}
}

// 2-byte word addresses, replayed from a fixed transcript: a read across
// a chunk boundary is two transfers with big-endian offsets.
func TestReadI2C2BytePlayback(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 3)[:40]
	pb := &i2ctest.Playback{DontPanic: true, Ops: []i2ctest.IO{
		{Addr: 0x54, W: []byte{0x0f, 0xf0}, R: data[:32]},
		{Addr: 0x54, W: []byte{0x10, 0x10}, R: data[32:]},
	}}
	d := &Device{Bus: pb, Addr: 0x54, Addr16: true}
	got := make([]byte, 40)
	if _, err := d.ReadAt(got, 0x0ff0); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Errorf("got %q, want %q", got, data)
	}
	if err := pb.Close(); err != nil {
		t.Error(err)
	}
	// The same through the simulator, recorded, with a larger chunk.
	chip := newAT24Sim(8192, 0x54, true)
	rec := &i2ctest.Record{Bus: chip}
	d = &Device{Bus: rec, Addr: 0x54, Addr16: true, Chunk: 128}
	big := make([]byte, 300)
	if _, err := d.ReadAt(big, 0xfa0); err != nil {
		t.Fatal(err)
	}
	want := transcript{op(0x54, []byte{0x0f, 0xa0}, 128), op(0x54, []byte{0x10, 0x20}, 128), op(0x54, []byte{0x10, 0xa0}, 44)}
	if !equalOps(ops(rec.Ops), want) || !bytes.Equal(big, chip.mem[0xfa0:0xfa0+300]) {
		t.Errorf("transcript %v, want %v (or data differs)", ops(rec.Ops), want)
	}
}

func TestReadErrors(t *testing.T) {
	chip := newAT24Sim(256, 0x50, false)
	tests := []struct {
		name  string
		dev   *Device
		class error
	}{
		{"nack", &Device{Bus: chip, BusNum: 2, Addr: 0x51}, ErrNoDevice},
		{"nack past a 24c02's only block", &Device{Bus: chip, BusNum: 2, Addr: 0x50}, ErrNoDevice},
		{"busy without sysfs", &Device{Bus: &at24Sim{err: errors.New("sysfs-i2c: device or resource busy")}, Addr: 0x50}, ErrBusy},
		{"bus missing", &Device{BusErr: OpenError(7, errors.New("sysfs-i2c: bus #7 is not configured: open /dev/i2c-7: no such file or directory")), Addr: 0x50}, ErrNoBus},
		{"permission", &Device{BusErr: OpenError(1, errors.New("sysfs-i2c: are you member of group 'plugdev'? open /dev/i2c-1: permission denied")), Addr: 0x50}, ErrPermission},
		{"smbus-only adapter, no SMBus handle", &Device{Bus: &at24Sim{err: errors.New("sysfs-i2c: operation not supported")}, Addr: 0x50}, ErrNotSupported},
		{"smbus without usable functions", &Device{Bus: &at24Sim{err: errors.New("sysfs-i2c: operation not supported")}, SMBus: &smbusSim{chip: chip, funcs: FuncI2C}, Addr: 0x50}, ErrNotSupported},
		{"smbus short block read", &Device{Bus: &at24Sim{err: errors.New("sysfs-i2c: operation not supported")}, SMBus: &smbusSim{chip: chip, funcs: FuncReadI2CBlock, blockCap: 8}, Addr: 0x50}, ErrShortRead},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			off := int64(0)
			if tt.name == "nack past a 24c02's only block" {
				off = 0x100
			}
			p := make([]byte, 16)
			_, err := tt.dev.ReadAt(p, off)
			var re *ReadError
			if !errors.Is(err, tt.class) || !errors.As(err, &re) {
				t.Fatalf("err = %v, want a ReadError of class %v", err, tt.class)
			}
			if !bytes.Equal(p, make([]byte, 16)) && tt.class != ErrShortRead {
				t.Errorf("buffer written on error: % x", p)
			}
		})
	}
	// The errno of our own SMBus file is classified without text.
	if c := classify(&os.SyscallError{Syscall: "ioctl", Err: syscall.EBUSY}); c != ErrBusy {
		t.Errorf("classify(EBUSY) = %v", c)
	}
}

func TestSMBusFallback(t *testing.T) {
	unsupported := &at24Sim{err: errors.New("sysfs-i2c: operation not supported")}
	t.Run("block reads for 1-byte parts", func(t *testing.T) {
		chip := newAT24Sim(512, 0x50, false)
		sm := &smbusSim{chip: chip, funcs: FuncI2C | FuncReadI2CBlock | FuncReadByte | FuncWriteByte}
		d := &Device{Bus: unsupported, SMBus: sm, Addr: 0x50}
		got := make([]byte, 80)
		if _, err := d.ReadAt(got, 0xe0); err != nil {
			t.Fatal(err)
		}
		want := []string{"addr 0x50", "block 0xe0 32", "addr 0x51", "block 0x0 32", "block 0x20 16"}
		if !slices.Equal(sm.calls, want) || !bytes.Equal(got, chip.mem[0xe0:0xe0+80]) {
			t.Errorf("calls %q, want %q (or data differs)", sm.calls, want)
		}
		if d.Mode() != ModeSMBusBlock {
			t.Errorf("mode %q", d.Mode())
		}
	})
	t.Run("byte reads after a 2-byte pointer write", func(t *testing.T) {
		chip := newAT24Sim(8192, 0x57, true)
		sm := &smbusSim{chip: chip, funcs: FuncReadI2CBlock | FuncReadByte | FuncWriteByteData}
		d := &Device{Bus: unsupported, SMBus: sm, Addr: 0x57, Addr16: true}
		got := make([]byte, 40)
		if _, err := d.ReadAt(got, 0x1234); err != nil {
			t.Fatal(err)
		}
		want := []string{"addr 0x57", "send 0x12 0x34"}
		if !slices.Equal(sm.calls, want) || !bytes.Equal(got, chip.mem[0x1234:0x1234+40]) {
			t.Errorf("calls %q, want %q (or data differs)", sm.calls, want)
		}
		if d.Mode() != ModeSMBusByte {
			t.Errorf("mode %q", d.Mode())
		}
	})
	t.Run("byte reads for 1-byte parts without block reads", func(t *testing.T) {
		chip := newAT24Sim(256, 0x50, false)
		sm := &smbusSim{chip: chip, funcs: FuncReadByte | FuncWriteByte}
		d := &Device{Bus: unsupported, SMBus: sm, Addr: 0x50}
		got := make([]byte, 6)
		if _, err := d.ReadAt(got, 0xfa); err != nil {
			t.Fatal(err)
		}
		if want := []string{"addr 0x50", "send 0xfa"}; !slices.Equal(sm.calls, want) || !bytes.Equal(got, chip.mem[0xfa:]) {
			t.Errorf("calls %q, want %q (or data differs)", sm.calls, want)
		}
	})
}

func TestSysfsFallback(t *testing.T) {
	img := encodeFields(t, onieAllFields)
	root := fstest.MapFS{"sys/bus/i2c/devices/1-0050/eeprom": {Data: append(img, bytes.Repeat([]byte{0xff}, 256-len(img))...)}}
	busy := &at24Sim{err: errors.New("sysfs-i2c: device or resource busy")}
	for name, d := range map[string]*Device{
		"busy raw address":   {Bus: busy, Root: root, BusNum: 1, Addr: 0x50},
		"bus missing":        {BusErr: OpenError(1, errors.New("open /dev/i2c-1: no such file or directory")), Root: root, BusNum: 1, Addr: 0x50},
		"smbus address busy": {Bus: &at24Sim{err: errors.New("sysfs-i2c: operation not supported")}, SMBus: &smbusSim{funcs: FuncReadI2CBlock, busy: true}, Root: root, BusNum: 1, Addr: 0x50},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Load(d, "auto")
			if err != nil {
				t.Fatal(err)
			}
			if d.Mode() != ModeSysfs || !bytes.Equal(got, root["sys/bus/i2c/devices/1-0050/eeprom"].Data) {
				t.Errorf("mode %q, %d bytes; want sysfs and the first 256 bytes", d.Mode(), len(got))
			}
			if err := d.Close(); err != nil {
				t.Error(err)
			}
		})
	}
	// A NACK is not papered over by a stale sysfs file.
	d := &Device{Bus: newAT24Sim(256, 0x50, false), Root: root, BusNum: 1, Addr: 0x53}
	if _, err := d.ReadAt(make([]byte, 4), 0); !errors.Is(err, ErrNoDevice) {
		t.Errorf("err = %v, want ErrNoDevice", err)
	}
}

func TestLoad(t *testing.T) {
	// An ONIE image longer than the first 256 bytes on a 24c32.
	var tlvs []TLV
	for range 3 {
		tlvs = append(tlvs, TLV{ONIEVendorExtension, bytes.Repeat([]byte{0x42}, 200)})
	}
	img, err := EncodeONIE(tlvs)
	if err != nil {
		t.Fatal(err)
	}
	chip := newAT24Sim(4096, 0x50, true)
	copy(chip.mem, img)
	rec := &i2ctest.Record{Bus: chip}
	got, err := Load(&Device{Bus: rec, Addr: 0x50, Addr16: true, Chunk: 256}, "onie")
	if err != nil || !bytes.Equal(got, img) {
		t.Fatalf("Load = %d bytes, %v; want the %d-byte image", len(got), err, len(img))
	}
	if want := (transcript{op(0x50, []byte{0, 0}, 256), op(0x50, []byte{1, 0}, 256), op(0x50, []byte{2, 0}, len(img)-512)}); !equalOps(ops(rec.Ops), want) {
		t.Errorf("transcript %v, want %v", ops(rec.Ops), want)
	}
	// A small file (the at24 file of a 24c01) ends the image early.
	small := fstest.MapFS{"e": {Data: img[:128]}}
	f, _ := small.Open("e")
	got, err = Load(f.(io.ReaderAt), "auto")
	if err != nil || len(got) != 128 {
		t.Errorf("Load(128-byte file) = %d bytes, %v", len(got), err)
	}
	// A FRU header pointing past a 24c02's single block: the NACK of the
	// next block address ends the chip, and the decoder reports the
	// truncation (not a bus error).
	fru := buildFRU(fruSpec{board: []string{"Acme", "B", "S1", "P1"}})
	fru[3] = 0x40 // board area at 0x200
	fru[7] = -sum8(fru[:7])
	c02 := newAT24Sim(256, 0x50, false)
	copy(c02.mem, fru)
	got, err = Load(&Device{Bus: c02, Addr: 0x50}, "fru")
	if err != nil || len(got) != 256 {
		t.Fatalf("Load(24c02) = %d bytes, %v; want the whole 256-byte chip", len(got), err)
	}
	if _, err := DecodeFRU(got); !errors.Is(err, ErrTruncated) {
		t.Errorf("decode of the short chip: %v, want ErrTruncated", err)
	}
	// Reads past a 1-byte part's 2 KiB end at io.EOF.
	d := &Device{Bus: newAT24Sim(2048, 0x50, false), Addr: 0x50}
	if n, err := d.ReadAt(make([]byte, 16), 2040); n != 8 || err != io.EOF {
		t.Errorf("ReadAt past the end = %d, %v; want 8, EOF", n, err)
	}
}

func TestLoadFile(t *testing.T) {
	img := encodeFields(t, onieAllFields)
	root := fstest.MapFS{"sys/bus/i2c/devices/0-0050/eeprom": {Data: img}}
	if got, err := LoadFile(root, "sys/bus/i2c/devices/0-0050/eeprom", "auto"); err != nil || !bytes.Equal(got, img) {
		t.Errorf("LoadFile = %d bytes, %v", len(got), err)
	}
	if _, err := LoadFile(root, "sys/bus/i2c/devices/0-0051/eeprom", "auto"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadFile(missing) error = %v, want ErrNotExist", err)
	}
}
