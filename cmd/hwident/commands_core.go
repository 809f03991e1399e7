package main

// coreCommands are in every build, including -tags identityonly.
func coreCommands() []command {
	return []command{
		{"identity", "print the device identity (Mender key=value lines, JSON or hash)", runIdentity},
		{"show", "list every hardware identifier found and whether it is usable", runShow},
		{"version", "print the version", runVersion},
	}
}
