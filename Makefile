# hwident — build, test and measure. `make help` lists the targets.

GO       ?= go
# The release this tree is (cmd/hwident/version.go, CHANGELOG.md and the Yocto
# recipe say the same: TestReleaseEverywhere); what `hwident version` prints.
RELEASE  := 1.0.0
VERSION  ?= $(RELEASE)
LDFLAGS  := -s -w -X main.version=$(VERSION)
GOBUILD  := CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)'
DIST     := dist
# The build `make cross` ships to devices (and the Yocto recipe builds).
DEVICE_TAGS ?= device
# 32-bit ARM Linux always uses 4 KiB pages; the linker's default 64 KiB
# segment rounding there pads the file by up to 64 KiB per segment (arm64
# kernels may use 64 KiB pages: keep its default). scripts/size.sh uses the
# same. What each of these settings saves: docs/size.md.
ARM_LDFLAGS := -R 0x1000
# Device builds without inlining: smaller (docs/size.md); `hwident
# identity` start-up stays within measurement noise (~2 ms on amd64).
DEVICE_GCFLAGS := all=-l
# Go 1.26's Green Tea GC costs space (docs/size.md) and gains nothing in a
# process that exits before its first collection. Its opt-out is slated to
# go in Go 1.27: the probe then fails and builds get the default GC.
DEVICE_GOEXPERIMENT ?= $(shell GOEXPERIMENT=nogreenteagc $(GO) env GOEXPERIMENT >/dev/null 2>&1 && echo nogreenteagc)
# os/arch[/variant] -> dist/hwident-<name>
CROSS := linux-amd64:amd64: linux-386:386: linux-armv6:arm:6 linux-armv7:arm:7 \
         linux-arm64:arm64: linux-riscv64:riscv64: linux-mipsle:mipsle:softfloat
DEMO_BOARD ?= scripts/testkit/boards/testdata/rpi4

.PHONY: help build cross test test-deps check vet fmt-check demo bench bench-serve size size-check vmtest cross-check yocto-mods clean

help:
	@echo "make build     build ./hwident (default build: every command, for station PCs)"
	@echo "make demo      print the identity and hardware report of a bundled example board"
	@echo "make test      unit tests in every build flavour (default, -tags device, -tags identityonly)"
	@echo "make check     everything CI runs: vet, gofmt, tests, size budget, cross + qemu-user, QEMU kernels"
	@echo "               (installs missing test dependencies first: scripts/setup-test-deps.sh)"
	@echo "make cross     static device binaries for every target into $(DIST)/"
	@echo "make size      stripped size of each cross binary and build flavour; refreshes docs/size.md"
	@echo "make bench     identity speed vs Mender's script, label throughput"
	@echo "make bench-serve  hwident serve: binds (file, PostgreSQL), lookups at 1M, file-store cold start"
	@echo "make vmtest    only the QEMU kernel integration tests"

build:
	$(GOBUILD) -o hwident ./cmd/hwident

cross:
	@mkdir -p $(DIST)
	@set -e; for t in $(CROSS); do \
		name=$${t%%:*}; rest=$${t#*:}; arch=$${rest%%:*}; variant=$${rest#*:}; \
		env=""; \
		ld=""; \
		case $$arch in arm) env="GOARM=$$variant"; ld="$(ARM_LDFLAGS)";; mipsle) env="GOMIPS=$$variant";; esac; \
		echo "cross $$name"; \
		env GOOS=linux GOARCH=$$arch $$env CGO_ENABLED=0 GOEXPERIMENT=$(DEVICE_GOEXPERIMENT) $(GO) build -trimpath -gcflags '$(DEVICE_GCFLAGS)' -ldflags "$(LDFLAGS) $$ld" \
			-tags '$(DEVICE_TAGS)' -o $(DIST)/hwident-$$name ./cmd/hwident; \
	done

# Every build flavour: the default over every package, then each tag over
# the packages whose tests it changes (the others would rerun the very same
# test binary).
FLAVOURS := device identityonly
# Mender's identity script (scripts/setup-test-deps.sh puts Debian's copy
# here): with it the net:mender tests compare hwident with the script itself,
# under dash and under busybox sh (they need root for a mount namespace).
MENDER_SCRIPT ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/hwident-mender/mender-device-identity

test:
	$(GO) test ./...
	@if [ -x "$(MENDER_SCRIPT)" ] && [ "$$(id -u)" -eq 0 ]; then \
		for sh in dash "busybox sh"; do echo "compare net:mender with Mender's script under $$sh"; \
			MENDER_IDENTITY_SCRIPT=$(MENDER_SCRIPT) MENDER_IDENTITY_SHELL="$$sh" $(GO) test -count=1 -run 'AgainstScript|AgainstMender' ./hw/netif ./cmd/hwident; done; \
	elif [ -n "$$HWIDENT_REQUIRE_MENDER_SCRIPT" ]; then echo "Mender's script $(MENDER_SCRIPT) is missing (scripts/setup-test-deps.sh) or not root"; exit 1; fi
	@set -e; for t in $(FLAVOURS); do \
		pkgs=$$(GO=$(GO) scripts/flavour-packages.sh $$t); \
		[ -n "$$pkgs" ] || continue; \
		echo "$(GO) test -tags $$t" $$pkgs; $(GO) test -tags $$t $$pkgs; \
	done

vet:
	$(GO) vet ./...
	$(GO) vet -tags device ./cmd/...
	$(GO) vet -tags identityonly ./cmd/...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

demo:
	@$(GO) run ./cmd/hwident identity --root $(DEMO_BOARD)
	@$(GO) run ./cmd/hwident show --root $(DEMO_BOARD)

# size prints the stripped size of every cross binary and of the three
# build flavours on linux/arm v7, the budget's reference target, and
# re-measures the cost table in docs/size.md.
size: cross
	@scripts/size.sh $(DIST)
	@scripts/size-costs.sh docs/size.md

size-check: cross
	@scripts/size.sh --check $(DIST)

# Identity speed is measured on the shipped device binary (make cross),
# label throughput on the station build that a label station runs.
bench: build cross
	@scripts/bench-identity.sh $(DIST)/hwident-linux-amd64
	@scripts/bench-labels.sh ./hwident

# A load generator against a real serve and a real PostgreSQL (needs the
# postgresql package; takes a few minutes on 2 cores).
bench-serve:
	$(GO) run ./cmd/internal/benchserve

cross-check: cross
	@scripts/cross-check.sh $(DIST)

# The VMs boot the exact binaries `make cross` ships.
vmtest: cross
	@cd scripts/vmtest && HWIDENT_VMTEST_BIN_AMD64=$(CURDIR)/$(DIST)/hwident-linux-amd64 \
		HWIDENT_VMTEST_BIN_ARM=$(CURDIR)/$(DIST)/hwident-linux-armv7 $(GO) test -v -count=1 -timeout 20m ./...

yocto-mods:
	$(GO) run ./scripts/gomodsinc

# check first installs what its tests need when something is missing (as
# root), or stops at once with the command to run.
test-deps:
	@scripts/setup-test-deps.sh --if-missing

check: test-deps fmt-check vet test size-check cross-check vmtest

clean:
	rm -rf $(DIST) hwident
