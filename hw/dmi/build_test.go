package dmi

import "encoding/binary"

// structure is one SMBIOS structure to build: its type, the formatted area
// after the 4-byte header, and its strings (index 1 first).
type structure struct {
	typ       byte
	formatted []byte
	strings   []string
}

// buildTable lays out structures as DSP0134 6.1.2 defines them (header,
// formatted area, strings each NUL-terminated, one more NUL; two NULs when
// there are no strings) and ends with a type 127 structure.
func buildTable(structs ...structure) (table []byte, count int) {
	structs = append(structs, structure{typ: 127})
	for i, s := range structs {
		table = append(table, s.typ, byte(4+len(s.formatted)), byte(i), byte(i>>8))
		table = append(table, s.formatted...)
		for _, str := range s.strings {
			table = append(append(table, str...), 0)
		}
		if len(s.strings) == 0 {
			table = append(table, 0)
		}
		table = append(table, 0)
	}
	return table, len(structs)
}

func checksum(b []byte) byte {
	var s byte
	for _, c := range b {
		s += c
	}
	return -s
}

// entry32 builds a 2.x "_SM_" entry point (31 bytes) for a table at addr.
func entry32(major, minor byte, table []byte, count int, addr uint32) []byte {
	e := make([]byte, 0x1f)
	copy(e, "_SM_")
	e[5], e[6], e[7] = 0x1f, major, minor
	binary.LittleEndian.PutUint16(e[8:], 0x100) // largest structure
	copy(e[0x10:], "_DMI_")
	binary.LittleEndian.PutUint16(e[0x16:], uint16(len(table)))
	binary.LittleEndian.PutUint32(e[0x18:], addr)
	binary.LittleEndian.PutUint16(e[0x1c:], uint16(count))
	e[0x1e] = major<<4 | minor&0x0f
	e[0x15] = checksum(e[0x10:0x1f])
	e[4] = checksum(e)
	return e
}

// entry64 builds a 3.x "_SM3_" entry point (24 bytes).
func entry64(major, minor, docrev byte, table []byte, addr uint64) []byte {
	e := make([]byte, 0x18)
	copy(e, "_SM3_")
	e[6], e[7], e[8], e[9], e[10] = 0x18, major, minor, docrev, 1
	binary.LittleEndian.PutUint32(e[0xc:], uint32(len(table)))
	binary.LittleEndian.PutUint64(e[0x10:], addr)
	e[5] = checksum(e)
	return e
}

// Formatted areas of the three structures hwident reads, with string
// indexes as given and everything else plausible.
func system(serial byte, uuid [16]byte) structure {
	f := []byte{1, 2, 3, serial}
	f = append(f, uuid[:]...)
	f = append(f, 6, 0, 0) // wake-up: power switch; SKU, family: none
	return structure{typ: 1, formatted: f}
}

func baseboard(serial byte) structure {
	return structure{typ: 2, formatted: []byte{1, 2, 0, serial, 0, 1, 0, 0, 0, 0x0a, 0}}
}

func chassis(serial byte) structure {
	return structure{typ: 3, formatted: []byte{1, 0x03, 0, serial, 0, 3, 3, 3, 3, 0, 0, 0, 0, 0, 1, 0, 0}}
}
