package eeprom

import (
	"errors"
	"fmt"

	"periph.io/x/conn/v3/physic"
)

// at24Sim is a simulated AT24 EEPROM on an I²C bus, answering as the
// real parts do: 1-byte word addresses with the block number in the
// device address (24c01..24c16), or 2-byte word addresses (24c32+). Errors
// are worded as periph's sysfs driver words them.
type at24Sim struct {
	mem    []byte
	base   uint16
	addr16 bool
	ptr    int
	err    error // returned by every Tx when set
}

func newAT24Sim(size int, base uint16, addr16 bool) *at24Sim {
	s := &at24Sim{mem: make([]byte, size), base: base, addr16: addr16}
	for i := range s.mem {
		s.mem[i] = byte(i*7 + i>>8)
	}
	return s
}

func (s *at24Sim) String() string                    { return "at24sim" }
func (s *at24Sim) SetSpeed(f physic.Frequency) error { return nil }

func (s *at24Sim) blocks() uint16 {
	if s.addr16 {
		return 1
	}
	return uint16(max(len(s.mem)/256, 1))
}

func (s *at24Sim) Tx(addr uint16, w, r []byte) error {
	if s.err != nil {
		return s.err
	}
	if addr < s.base || addr >= s.base+s.blocks() {
		return errors.New("sysfs-i2c: remote I/O error")
	}
	width := 1
	if s.addr16 {
		width = 2
	}
	switch {
	case len(w) > width:
		return fmt.Errorf("at24sim: %d data bytes written: the reader must never write", len(w)-width)
	case len(w) == 2:
		s.ptr = int(w[0])<<8 | int(w[1])
	case len(w) == 1 && s.addr16:
		s.ptr = int(w[0])<<8 | s.ptr&0xff // only the high byte latched
	case len(w) == 1:
		s.ptr = int(addr-s.base)*256 + int(w[0])
	}
	for i := range r {
		r[i] = s.mem[s.ptr%len(s.mem)]
		s.ptr++
	}
	return nil
}

// smbusSim is an SMBus-only adapter with the chip on it, recording calls.
type smbusSim struct {
	chip     *at24Sim
	funcs    uint32
	busy     bool
	addr     uint16
	blockCap int // I2C block reads return at most this many bytes (0: all)
	calls    []string
}

func (s *smbusSim) Funcs() (uint32, error) { return s.funcs, nil }

func (s *smbusSim) SetAddr(addr uint16) error {
	s.calls = append(s.calls, fmt.Sprintf("addr %#x", addr))
	if s.busy {
		return errors.New("ioctl: device or resource busy")
	}
	s.addr = addr
	return nil
}

func (s *smbusSim) ReadI2CBlock(cmd byte, p []byte) (int, error) {
	s.calls = append(s.calls, fmt.Sprintf("block %#x %d", cmd, len(p)))
	if len(p) > smbusBlockMax {
		return 0, errors.New("block read over 32 bytes")
	}
	if s.blockCap > 0 && len(p) > s.blockCap {
		p = p[:s.blockCap]
	}
	return len(p), s.chip.Tx(s.addr, []byte{cmd}, p)
}

func (s *smbusSim) WriteByte(b byte) error {
	s.calls = append(s.calls, fmt.Sprintf("send %#x", b))
	return s.chip.Tx(s.addr, []byte{b}, nil)
}

func (s *smbusSim) WriteByteData(cmd, b byte) error {
	s.calls = append(s.calls, fmt.Sprintf("send %#x %#x", cmd, b))
	return s.chip.Tx(s.addr, []byte{cmd, b}, nil)
}

func (s *smbusSim) ReadByte() (byte, error) {
	var b [1]byte
	err := s.chip.Tx(s.addr, nil, b[:])
	return b[0], err
}
