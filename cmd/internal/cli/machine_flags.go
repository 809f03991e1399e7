package cli

// MachineFlags defines --root and --config, which every command reading
// this machine shares, with one wording.
func (f *Flags) MachineFlags() (root, config *string) {
	return f.String("root", "", "read the machine under `DIR` (default $HWIDENT_ROOT or /)"),
		f.String("config", "", "config `FILE` (default /etc/hwident.conf under the root)")
}
