package station

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/menderapi"
	"github.com/hwident/hwident/identity"
)

func (a *app) menderPreauth(fs *cli.Flags) error {
	f := newMenderFlags(fs)
	pubkeyFile := f.String("pubkey", "", "the device's public key `FILE` (PEM \"PUBLIC KEY\"; RSA, ECDSA or Ed25519)")
	dryRun := f.Bool("dry-run", false, "print the request body instead of sending it")
	if err := f.Parse(); err != nil {
		return err
	}
	if len(f.Args()) > 0 {
		return cli.Usagef("mender preauth takes no arguments, got %q", f.Args())
	}
	if *pubkeyFile == "" {
		return cli.Usagef("mender preauth needs --pubkey FILE")
	}
	var c *menderapi.Client
	if !*dryRun {
		var err error
		if c, err = f.client(a); err != nil {
			return err
		}
	}
	id, idData, err := f.readIdentityData(a)
	if err != nil {
		return err
	}
	pubkey, err := readPublicKey(*pubkeyFile)
	if err != nil {
		return err
	}
	if *dryRun {
		body, err := menderapi.PreauthBody(idData, pubkey)
		if err != nil {
			return err
		}
		_, err = a.Stdout.Write(append(body, '\n'))
		return err
	}
	devID, err := c.Preauthorize(context.Background(), idData, pubkey)
	if err != nil {
		return fmt.Errorf("preauthorise identity %s: %w", id.ID(), err)
	}
	if devID == "" {
		devID = "(the server sent no device id)"
	}
	_, err = fmt.Fprintf(a.Stdout, "preauthorized device %s (identity hash %s)\n", devID, id.ID())
	return err
}

// readPublicKey checks that the file holds one public key the Mender server
// accepts (PKIX "PUBLIC KEY": RSA, ECDSA or Ed25519) and returns it as
// canonical PEM.
func readPublicKey(name string) (string, error) {
	b, err := readKeyFile(name)
	if err != nil {
		return "", err
	}
	name = identity.Quote(name)
	block, _ := pem.Decode(b)
	switch {
	case block == nil:
		return "", fmt.Errorf("public key %s: no PEM block", name)
	case strings.Contains(block.Type, "PRIVATE KEY"):
		return "", fmt.Errorf("public key %s holds a %s: give its public key (openssl pkey -in KEY -pubout)", name, identity.Quote(block.Type))
	case block.Type != "PUBLIC KEY":
		return "", fmt.Errorf("public key %s: PEM type %s, want \"PUBLIC KEY\" (openssl pkey -pubin -in KEY converts)", name, identity.Quote(block.Type))
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return "", fmt.Errorf("public key %s: %w", name, err)
	}
	switch key.(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey:
	default:
		return "", errors.New("public key " + name + ": Mender accepts RSA, ECDSA and Ed25519 keys only")
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: block.Bytes})), nil
}

// readKeyFile reads a key file of at most maxPublicKey bytes. It must be a
// regular file: it is opened without blocking (a FIFO with no writer
// cannot hang) and checked before it is read (/dev/zero is refused, not
// read until memory runs out).
func readKeyFile(name string) ([]byte, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, cli.PathErr("--pubkey", name, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, cli.PathErr("--pubkey", name, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("--pubkey %s is %s, not a regular file: give the key's PEM file", identity.Quote(name), cli.FileKind(fi.Mode()))
	}
	return cli.ReadCapped(f, "--pubkey", identity.Quote(name), maxPublicKey, "a PEM public key is a few KiB; give the device's public key file")
}
