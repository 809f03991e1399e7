package eeprom

// asError is errors.As for one concrete type, walking err's tree the same
// way (Unwrap() error, Unwrap() []error depth first; no As methods here)
// without errors.As's reflection code (its cost: docs/size.md).
func asError[T error](err error) (T, bool) {
	for {
		if t, ok := err.(T); ok {
			return t, true
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if t, ok := asError[T](e); ok {
					return t, true
				}
			}
			var zero T
			return zero, false
		default:
			var zero T
			return zero, false
		}
	}
}
