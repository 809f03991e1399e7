package vmtest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"testing"
)

// The ONIE TlvInfo image both EEPROM scenarios program: its fields as
// `hwident eeprom decode` prints them, and the bytes.
var onieFields = map[string]string{
	"product_name":  "hwident-vm",
	"part_number":   "HW-VM-1",
	"serial_number": "VMSN0001",
	"base_mac":      "00:1b:21:aa:bb:cc",
	"num_macs":      "2",
	"manufacturer":  "hwident",
}

// onieConfig is an identity config reading the image's serial and MAC
// through the eeprom: location loc; onieIdentity is what it must print.
func onieConfig(loc string) string {
	return "serial=eeprom:" + loc + ":onie:serial_number\nmac=eeprom:" + loc + ":onie:base_mac\n"
}

var onieIdentity = "serial=" + onieFields["serial_number"] + "\nmac=" + onieFields["base_mac"] + "\n"

// onieImage is built here from the ONIE specification, independently of
// hw/eeprom's encoder, so the VMs test the decoder against the format and
// not against itself. It is padded with 0xff, as an erased chip is, to size.
func onieImage(size int) []byte {
	tlvs := []struct {
		typ   byte
		value []byte
	}{
		{0x21, []byte("hwident-vm")},
		{0x22, []byte("HW-VM-1")},
		{0x23, []byte("VMSN0001")},
		{0x24, []byte{0x00, 0x1b, 0x21, 0xaa, 0xbb, 0xcc}},
		{0x2a, []byte{0x00, 0x02}},
		{0x2b, []byte("hwident")},
	}
	var body []byte
	for _, t := range tlvs {
		body = append(append(body, t.typ, byte(len(t.value))), t.value...)
	}
	img := append([]byte("TlvInfo\x00\x01"), 0, 0)
	binary.BigEndian.PutUint16(img[9:], uint16(len(body)+6)) // TLVs plus the CRC TLV
	img = append(append(img, body...), 0xfe, 4)
	img = binary.BigEndian.AppendUint32(img, crc32.ChecksumIEEE(img))
	return append(img, bytes.Repeat([]byte{0xff}, size-len(img))...)
}

// wantRead asserts that the "read" step (`hwident eeprom read --out
// /tmp/raw.bin`) succeeded and the "read-bytes" step found img in the file.
func wantRead(t *testing.T, r results, img []byte) {
	t.Helper()
	if res := r.step(t, "read"); res.Exit != 0 {
		t.Errorf("eeprom read: exit %d, stderr %q", res.Exit, res.Stderr)
	} else if got := r.steps["read-bytes"].Stdout; !bytes.Equal(got, img) {
		t.Errorf("eeprom read wrote %x, want %x", got, img)
	}
}
