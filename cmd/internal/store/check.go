package store

import (
	"errors"
	"fmt"
	"slices"
)

// ErrBadRequest is wrapped by every refusal of an incomplete request.
var ErrBadRequest = errors.New("bad request")

func checkBind(req BindRequest) error {
	switch {
	case req.Product == "":
		return fmt.Errorf("%w: no product serial", ErrBadRequest)
	case len(req.Device) == 0:
		return fmt.Errorf("%w: no device identity", ErrBadRequest)
	case len(req.IdempotencyKey) > 200:
		return fmt.Errorf("%w: idempotency key longer than 200 bytes", ErrBadRequest)
	}
	if err := req.Device.Validate(); err != nil {
		return fmt.Errorf("%w: device identity: %w", ErrBadRequest, err)
	}
	return nil
}

func checkUnbind(req UnbindRequest) error {
	if req.Product == "" && len(req.Device) == 0 {
		return fmt.Errorf("%w: give a product serial or a device", ErrBadRequest)
	}
	if len(req.IdempotencyKey) > 200 {
		return fmt.Errorf("%w: idempotency key longer than 200 bytes", ErrBadRequest)
	}
	return nil
}

func sortedInts(s []int) []int {
	slices.Sort(s)
	return s
}
