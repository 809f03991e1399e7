package mmc

// GuessType tells an eMMC CID from an SD CID by the bits each format
// reserves, without guessing from manufacturer IDs:
//
//   - eMMC: byte 1 is six reserved zero bits and CBX (0–2, 3 is reserved),
//     so it is 0x00–0x02; the month (high nibble of byte 14) is 1–12; the
//     product name (bytes 3–8) is printable ASCII, NUL-padded at the end.
//   - SD: the month (low nibble of byte 14) is 1–12; the year is at most
//     sdLatestYear; the product name (bytes 3–7) is printable ASCII,
//     NUL-padded at the end. The reserved high nibble of byte 13 is not
//     checked: real cards set it.
//
// Exactly one plausible layout wins; both or neither is ErrAmbiguousType.
// SD OEM IDs are two ASCII letters on nearly every card, so byte 1 ≤ 0x02
// (eMMC) and byte 1 ≥ 0x20 (SD) rarely overlap; the name and month checks
// decide the rest. The year bound matters most: an eMMC CID read as SD
// puts serial-number bits into the year, which then lands far in the
// future (2067, 2234... in the real CIDs of the tests).
func GuessType(raw [16]byte) (Type, error) {
	mmc := raw[1] <= 0x02 && validMonth(int(raw[14]>>4)) && printableName(raw[3:9])
	sd := validMonth(int(raw[14]&0x0f)) && sdYear(raw) <= sdLatestYear && printableName(raw[3:8])
	switch {
	case mmc && !sd:
		return TypeMMC, nil
	case sd && !mmc:
		return TypeSD, nil
	}
	return "", ErrAmbiguousType
}

// sdLatestYear bounds plausible SD manufacturing years (the field runs to
// 2255).
const sdLatestYear = 2040

func sdYear(raw [16]byte) int { return 2000 + (int(raw[13]&0x0f)<<4 | int(raw[14]>>4)) }

func validMonth(m int) bool { return m >= 1 && m <= 12 }

// printableName accepts printable ASCII followed by optional NUL padding,
// with at least one character.
func printableName(b []byte) bool {
	n := 0
	for n < len(b) && b[n] >= 0x20 && b[n] < 0x7f {
		n++
	}
	if n == 0 {
		return false
	}
	for _, c := range b[n:] {
		if c != 0 {
			return false
		}
	}
	return true
}
