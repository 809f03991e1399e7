package modem

import (
	"encoding/binary"
	"fmt"
	"io"
)

// A minimal D-Bus client: EXTERNAL authentication, method calls and their
// replies, little-endian. Written by hand because the device build has no
// package net (docs/size.md): the socket is opened with package syscall
// (see dial_linux.go). It reads only what ModemManager's queries need, and
// bounds every reply.

// maxMessage bounds one message: the largest reply read, introspection
// data, is a few KB.
const maxMessage = 1 << 20

// D-Bus message types and header fields (D-Bus specification, "Message
// Format").
const (
	msgMethodCall   = 1
	msgMethodReturn = 2
	msgError        = 3

	fieldPath        = 1
	fieldInterface   = 2
	fieldMember      = 3
	fieldErrorName   = 4
	fieldReplySerial = 5
	fieldDestination = 6
	fieldSignature   = 8
)

// DBusError is an error reply, e.g. org.freedesktop.DBus.Error.ServiceUnknown.
type DBusError struct {
	Name    string
	Message string
}

func (e *DBusError) Error() string { return fmt.Sprintf("d-bus: %.64s: %.200q", e.Name, e.Message) }

// Is makes "the service is not there" match ErrNoService.
func (e *DBusError) Is(target error) bool {
	return target == ErrNoService && (e.Name == "org.freedesktop.DBus.Error.ServiceUnknown" || e.Name == "org.freedesktop.DBus.Error.NameHasNoOwner")
}

// bus is an authenticated connection.
type bus struct {
	rw     io.ReadWriter
	serial uint32
}

// call makes a method call with string arguments (none, or the two of
// Properties.Get) and returns its reply, which must be one string: a
// string, an object path, or a variant holding one (Properties.Get of a
// string property). These are all the queries need; a general decoder
// would be code the device build never runs.
func (b *bus) call(dest, objPath, iface, member string, args ...string) (string, error) {
	b.serial++
	var body, h enc
	for _, a := range args {
		body.str('s', a)
	}
	h.b = append(h.b, 'l', msgMethodCall, 0, 1)
	h.u32(uint32(len(body.b)))
	h.u32(b.serial)
	h.u32(0) // the length of the header fields, set below
	h.field(fieldPath, 'o', objPath)
	h.field(fieldInterface, 's', iface)
	h.field(fieldMember, 's', member)
	h.field(fieldDestination, 's', dest)
	if len(args) > 0 {
		h.field(fieldSignature, 'g', "ss"[:len(args)])
	}
	binary.LittleEndian.PutUint32(h.b[12:], uint32(len(h.b)-16))
	h.align(8)
	_, err := b.rw.Write(append(h.b, body.b...))
	for err == nil {
		var m *message
		if m, err = b.read(); err != nil {
			break
		}
		if (m.typ != msgMethodReturn && m.typ != msgError) || m.replySerial != b.serial {
			continue // a signal (NameAcquired) or another reply
		}
		if m.typ == msgError {
			return "", &DBusError{Name: m.errorName, Message: m.body}
		}
		if !m.isString {
			err = ErrBadReply
			break
		}
		return m.body, nil
	}
	return "", fmt.Errorf("d-bus %s: %w", member, err)
}

type message struct {
	typ         byte
	replySerial uint32
	errorName   string
	body        string // the first value, when it is a string
	isString    bool
}

// read reads one message. Only little-endian messages are taken: the bus
// passes each in its sender's byte order, and every target hwident ships to
// is little-endian.
func (b *bus) read() (*message, error) {
	fixed := make([]byte, 16)
	if _, err := io.ReadFull(b.rw, fixed); err != nil {
		return nil, err
	}
	if fixed[0] != 'l' {
		return nil, fmt.Errorf("%w: byte order %q", ErrBadReply, fixed[0])
	}
	bodyLen := binary.LittleEndian.Uint32(fixed[4:])
	fieldsLen := binary.LittleEndian.Uint32(fixed[12:])
	headerLen := (16 + uint64(fieldsLen) + 7) &^ 7
	if headerLen+uint64(bodyLen) > maxMessage {
		return nil, ErrReplyTooBig
	}
	buf := make([]byte, headerLen+uint64(bodyLen))
	copy(buf, fixed)
	if _, err := io.ReadFull(b.rw, buf[16:]); err != nil {
		return nil, err
	}
	// Header fields: an array of (code byte, variant).
	d := &dec{b: buf[:16+fieldsLen], off: 16}
	m := &message{typ: fixed[1]}
	sig := ""
	for d.take(8, 0) != nil && d.off < len(d.b) {
		code := d.take(1, 1)
		if code == nil {
			return nil, ErrBadReply
		}
		t, s, u, ok := d.variant()
		if !ok {
			return nil, ErrBadReply
		}
		switch {
		case code[0] == fieldReplySerial && t == 'u':
			m.replySerial = u
		case code[0] == fieldErrorName && t == 's':
			m.errorName = s
		case code[0] == fieldSignature && t == 'g':
			sig = s
		}
	}
	d = &dec{b: buf[headerLen:]}
	switch {
	case sig == "":
	case sig[0] == 's' || sig[0] == 'o':
		m.body, m.isString = d.str(sig[0])
	case sig[0] == 'v':
		t, s, _, ok := d.variant()
		m.body, m.isString = s, ok && (t == 's' || t == 'o')
	}
	return m, nil
}

// enc writes little-endian D-Bus values.
type enc struct{ b []byte }

func (e *enc) align(n int) {
	for len(e.b)%n != 0 {
		e.b = append(e.b, 0)
	}
}

func (e *enc) u32(v uint32) {
	e.align(4)
	e.b = binary.LittleEndian.AppendUint32(e.b, v)
}

// field appends a header field: (code, variant of type sig holding v).
func (e *enc) field(code, sig byte, v string) {
	e.align(8)
	e.b = append(e.b, code, 1, sig, 0)
	e.str(sig, v)
}

// str appends a string or object path (uint32 length) or a signature
// (kind 'g', byte length), NUL-terminated.
func (e *enc) str(kind byte, s string) {
	if kind == 'g' {
		e.b = append(e.b, byte(len(s)))
	} else {
		e.u32(uint32(len(s)))
	}
	e.b = append(e.b, s...)
	e.b = append(e.b, 0)
}
