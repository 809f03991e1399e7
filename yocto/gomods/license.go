package gomods

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
)

// ErrLicense is wrapped when a module's license cannot be found or named.
var ErrLicense = errors.New("license not recognised")

// LicenseFile is one license text of a module linked into the binary, as
// the recipe's LIC_FILES_CHKSUM names it.
type LicenseFile struct {
	// Path is relative to the recipe's S: pkg/mod/ESCAPED-MODULE@ESCAPED-VERSION/NAME.
	Path string
	MD5  string
	// SPDX is the license expression the text matched, e.g. "MIT" or "Apache-2.0 & MIT".
	SPDX string
}

// licenseName matches the license files the module zip carries at its root
// (the go command copies the repository's LICENSE into sub-module zips).
var licenseName = regexp.MustCompile(`(?i)^(licen[cs]e|copying)([-._].*)?$`)

// licenseMarks are phrases only the named license's text contains.
var licenseMarks = []struct{ spdx, phrase string }{
	{"Apache-2.0", "apache license version 2.0"},
	{"Apache-2.0", "apache license, version 2.0"},
	{"BSD-2-Clause", "redistribution and use in source and binary forms"},
	{"ISC", "permission to use, copy, modify, and/or distribute this software for any purpose"},
	{"MIT", "permission is hereby granted, free of charge, to any person obtaining a copy"},
	{"MPL-2.0", "mozilla public license version 2.0"},
}

// Classify names the licenses a license text contains, sorted and joined
// with " & " (a file may carry several, e.g. gopkg.in/yaml.v3).
func Classify(text []byte) (string, error) {
	norm := strings.ToLower(strings.Join(strings.Fields(string(text)), " "))
	ids := map[string]bool{}
	for _, m := range licenseMarks {
		if !strings.Contains(norm, m.phrase) {
			continue
		}
		id := m.spdx
		// BSD-3-Clause is BSD-2-Clause plus the non-endorsement clause.
		if id == "BSD-2-Clause" && (strings.Contains(norm, "neither the name") || strings.Contains(norm, "names of its contributors")) {
			id = "BSD-3-Clause"
		}
		ids[id] = true
	}
	if len(ids) == 0 {
		return "", fmt.Errorf("%w: add its phrase to licenseMarks in yocto/gomods/license.go", ErrLicense)
	}
	return joinIDs(ids), nil
}

// ModuleLicenses reads the license files at the root of an extracted module
// (fsys rooted at the module directory) of module path@version.
func ModuleLicenses(fsys fs.FS, path, version string) ([]LicenseFile, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("%s@%s: %w: run go mod download", path, version, err)
	}
	var files []LicenseFile
	for _, e := range entries {
		if e.IsDir() || !licenseName.MatchString(e.Name()) {
			continue
		}
		text, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("%s@%s: %w", path, version, err)
		}
		spdx, err := Classify(text)
		if err != nil {
			return nil, fmt.Errorf("%s@%s/%s: %w", path, version, e.Name(), err)
		}
		sum := md5.Sum(text)
		files = append(files, LicenseFile{
			Path: "pkg/mod/" + Escape(path) + "@" + Escape(version) + "/" + e.Name(),
			MD5:  hex.EncodeToString(sum[:]),
			SPDX: spdx,
		})
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s@%s: %w: no LICENSE or COPYING file at the module root", path, version, ErrLicense)
	}
	return files, nil
}

// LicensesInc renders the include that adds the linked modules' licenses to
// the recipe's LICENSE (leaving out own, the project's license the recipe
// already names) and LIC_FILES_CHKSUM. linked lists the modules as
// path@version, for the reader and for the sync test.
func LicensesInc(own string, linked []string, files []LicenseFile) []byte {
	ids := map[string]bool{}
	for _, f := range files {
		for _, id := range strings.Split(f.SPDX, " & ") {
			if id != own {
				ids[id] = true
			}
		}
	}
	files = append([]LicenseFile(nil), files...)
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })

	var b bytes.Buffer
	b.WriteString(Header + "\n# Modules linked into hwident (-tags device or -tags identityonly):\n")
	for _, m := range linked {
		b.WriteString(linkedPrefix + m + "\n")
	}
	b.WriteString("\n")
	if len(ids) > 0 {
		b.WriteString(`LICENSE .= " & ` + joinIDs(ids) + "\"\n")
	}
	b.WriteString("LIC_FILES_CHKSUM += \"\\\n")
	for _, f := range files {
		b.WriteString("    file://" + f.Path + ";md5=" + f.MD5 + " \\\n")
	}
	b.WriteString("\"\n")
	return b.Bytes()
}

// joinIDs sorts a set of SPDX ids and joins them with " & ".
func joinIDs(set map[string]bool) string {
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return strings.Join(ids, " & ")
}

const linkedPrefix = "#   "

// ParsedLicenses is a licenses include read back.
type ParsedLicenses struct {
	Linked []string
	Files  []LicenseFile // Path and MD5 only
}

// ParseLicensesInc reads an include written by LicensesInc.
func ParseLicensesInc(data []byte) (*ParsedLicenses, error) {
	p := &ParsedLicenses{}
	for n, line := range strings.Split(string(data), "\n") {
		if m, ok := strings.CutPrefix(line, linkedPrefix); ok {
			p.Linked = append(p.Linked, strings.TrimSpace(m))
			continue
		}
		entry, ok := strings.CutPrefix(strings.TrimSpace(line), "file://")
		if !ok {
			continue
		}
		entry = strings.TrimSpace(strings.TrimSuffix(entry, "\\"))
		path, md5sum, ok := strings.Cut(entry, ";md5=")
		if !ok || len(md5sum) != 32 {
			return nil, fmt.Errorf("line %d: %w: want file://PATH;md5=HEX", n+1, ErrInc)
		}
		p.Files = append(p.Files, LicenseFile{Path: path, MD5: md5sum})
	}
	return p, nil
}
