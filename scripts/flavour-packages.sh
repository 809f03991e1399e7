#!/usr/bin/env bash
# Prints the packages of this module whose tests build differently with
# the given build tags (e.g. `device`): those with files chosen by a tag,
# and those whose test binary depends on one. `make test` runs only these
# again per flavour: every other test binary is the default one, byte for
# byte, and its result would prove nothing new.
set -euo pipefail
go=${GO:-go}
cd "$(dirname "$0")/.."
tags=${1:?usage: scripts/flavour-packages.sh TAGS}
files='{{.ImportPath}} {{.GoFiles}}{{.CgoFiles}}{{.TestGoFiles}}{{.XTestGoFiles}}{{.EmbedFiles}}'
# Packages (std and modules too) whose file list the tags change. Test
# mains (*.test) are left out: their generated file's path differs per run.
changed=$(comm -13 <($go list -deps -test -f "$files" ./... | sort) \
	<($go list -tags "$tags" -deps -test -f "$files" ./... | sort) |
	awk '$1 !~ /\.test$/ { print $1 }' | sort -u)
[ -z "$changed" ] && exit 0
# Every test main that has one of them among its dependencies.
$go list -tags "$tags" -test -f '{{.ImportPath}} {{join .Deps " "}}' ./... |
	awk -v changed="$changed" '
		BEGIN { n = split(changed, c, "\n"); for (i = 1; i <= n; i++) hit[c[i]] = 1 }
		$1 ~ /\.test$/ { for (i = 2; i <= NF; i++) if ($i in hit) { sub(/\.test$/, "", $1); print $1; break } }'
