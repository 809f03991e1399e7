package station

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hwident/hwident/cmd/internal/cli"
	"github.com/hwident/hwident/cmd/internal/menderapi"
	"github.com/hwident/hwident/identity"
	"github.com/hwident/hwident/identity/payload"
)

const menderHelp = `The server must be https:// (http:// only to a loopback address, or with
--insecure-http); redirects are never followed.

preauth preauthorises a device with its identity and public key, so it is
accepted when it first connects. tag finds the device by its identity and
sets the inventory tag product_serial. The identity is what
"hwident identity" prints on the device, or a scanned label payload.
The token may come from $HWIDENT_MENDER_TOKEN instead of --token, which
keeps it out of the process list.
`

// tokenEnv holds the Mender token when --token is not given.
const tokenEnv = "HWIDENT_MENDER_TOKEN"

// menderFlags are the flags both subcommands share.
type menderFlags struct {
	*cli.Flags
	server, token, identity *string
	insecureHTTP            *bool
}

// Read caps: an identity is a few lines (label inputs have the same cap),
// a PEM public key at most a few KiB (RSA 8192 is under 1.5 KiB).
const (
	maxMenderIdentity = cli.MaxIdentityInput
	maxPublicKey      = 16 << 10
)

func newMenderFlags(fs *cli.Flags) *menderFlags {
	f := &menderFlags{Flags: fs}
	f.server = f.String("server", "", "Mender server `URL`, e.g. https://hosted.mender.io")
	f.token = f.String("token", "", "personal access `TOKEN` (default $"+tokenEnv+")")
	f.identity = f.String("identity", "-", "the device identity: `FILE` of key=value lines (hwident identity) or a label payload; - for stdin")
	f.insecureHTTP = f.Bool("insecure-http", false, "allow an http:// --server that is not on this machine (sends the token in clear)")
	return f
}

// client checks --server and the token and returns the API client.
func (f *menderFlags) client(a *app) (*menderapi.Client, error) {
	token := *f.token
	if token == "" {
		token = a.Getenv(tokenEnv)
	}
	if *f.server == "" {
		return nil, cli.Usagef("%s needs --server https://HOST", f.Name())
	}
	server, err := menderapi.ParseServer(*f.server, *f.insecureHTTP)
	if err != nil {
		return nil, cli.Usagef("%s --server: %w", f.Name(), err)
	}
	if token == "" {
		return nil, cli.Usagef("%s needs --token PAT or $%s", f.Name(), tokenEnv)
	}
	return menderapi.New(server, token), nil
}

// readIdentityData reads the identity from --identity and returns it with
// the id_data its Mender client will send (see identityData).
func (f *menderFlags) readIdentityData(a *app) (identity.Identity, []byte, error) {
	id, err := f.readIdentity(a)
	if err != nil {
		return nil, nil, err
	}
	data, err := identityData(id)
	return id, data, err
}

// readIdentity reads the identity from --identity: key=value lines as
// `hwident identity` prints them, or a device label payload.
func (f *menderFlags) readIdentity(a *app) (identity.Identity, error) {
	// As label --identity: a file or a pipe, capped; devices refused.
	b, err := cli.ReadInput(a.App, "--identity", *f.identity, maxMenderIdentity, "give what hwident identity prints, or a label payload")
	if err != nil {
		return nil, err
	}
	name := cli.InputName(*f.identity)
	text := strings.TrimSpace(string(b))
	if text == "" {
		return nil, cli.Usagef("identity %s is empty: give --identity FILE, or pipe in what hwident identity prints on the device", name)
	}
	// Identity lines start with a key and '='. A payload has no '=', and a
	// payload URL has '=' only after "scheme://", which is no key; a value
	// may hold "://" itself.
	if key, _, ok := strings.Cut(text, "="); !ok || !identity.ValidKey(key) {
		id, err := payload.Decode(text)
		if err != nil {
			return nil, fmt.Errorf("identity %s: not key=value lines, and as a label payload: %w", name, err)
		}
		return id, nil
	}
	id, err := identity.ParseLines(text)
	if err == nil {
		err = id.Validate()
	}
	if err != nil {
		return nil, fmt.Errorf("identity %s: %w", name, err)
	}
	return id, nil
}

// identityData is the id_data object the device's Mender client will send
// for id. The server hashes json.Marshal of the object it decodes, so the
// bytes must survive that round trip unchanged, or the device would not
// match its preauthorisation.
func identityData(id identity.Identity) ([]byte, error) {
	data := id.JSON()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("identity JSON: %w", err)
	}
	again, err := json.Marshal(m)
	if err != nil || !bytes.Equal(again, data) {
		return nil, fmt.Errorf("identity JSON %s would be stored as %s: the server's hash would differ; report this as a bug", data, again)
	}
	return data, nil
}
