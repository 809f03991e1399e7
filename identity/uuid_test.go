package identity

import "testing"

// TestCheckUUID covers the UUID rule of dmi:product_uuid.
func TestCheckUUID(t *testing.T) {
	for u, ok := range map[string]bool{
		"5e8a3c1b-7d42-4f6e-9b1a-2c3d4e5f6071": true,
		"00000000-0000-0000-0000-000000000000": false,
		"ffffffff-ffff-ffff-ffff-ffffffffffff": false,
		"03000200-0400-0500-0006-000700080009": false,
		"5E8A3C1B-7D42-4F6E-9B1A-2C3D4E5F6071": false, // the kernel prints lowercase
		"5e8a3c1b7d424f6e9b1a2c3d4e5f6071":     false,
		"Not Settable":                         false,
	} {
		if err := CheckUUID(u); (err == nil) != ok {
			t.Errorf("CheckUUID(%q) = %v", u, err)
		}
	}
}
