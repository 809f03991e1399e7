package menderapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"

	"github.com/hwident/hwident/identity"
)

// Device is a device of the deviceauth API.
type Device struct {
	ID           string         `json:"id"`
	IdentityData map[string]any `json:"identity_data"`
	Status       string         `json:"status"`
}

// DeviceExistsError is a 409 of preauthorisation: a device with the same
// identity data already exists (its identity hash is a unique index).
type DeviceExistsError struct {
	Device Device // the conflicting device, as the server returned it
}

func (e *DeviceExistsError) Error() string {
	return fmt.Sprintf("a device with this identity already exists on the server (id %s, status %s): it is already preauthorised or has connected; decommission it first to preauthorise it again", identity.Quote(e.Device.ID), identity.Quote(e.Device.Status))
}

func (e *DeviceExistsError) Unwrap() error { return ErrConflict }

// preauthRequest is the PreAuthSet of the deviceauth management API v2.
type preauthRequest struct {
	IdentityData json.RawMessage `json:"identity_data"`
	PubKey       string          `json:"pubkey"`
}

// PreauthBody is the exact request body Preauthorize sends. identityData is
// the id_data object as the device's client will send it; it is embedded
// byte for byte so the server hashes the same bytes.
func PreauthBody(identityData []byte, pubkeyPEM string) ([]byte, error) {
	if !json.Valid(identityData) || len(bytes.TrimSpace(identityData)) == 0 || bytes.TrimSpace(identityData)[0] != '{' {
		return nil, errors.New("identity data must be a JSON object")
	}
	return json.Marshal(preauthRequest{IdentityData: identityData, PubKey: pubkeyPEM})
}

// Preauthorize submits a preauthorised device (POST
// /api/management/v2/devauth/devices) and returns its device ID, taken from
// the Location header ("" when the server sent none). A 409 is a
// *DeviceExistsError.
func (c *Client) Preauthorize(ctx context.Context, identityData []byte, pubkeyPEM string) (string, error) {
	body, err := PreauthBody(identityData, pubkeyPEM)
	if err != nil {
		return "", err
	}
	const p = "/api/management/v2/devauth/devices"
	resp, data, err := c.do(ctx, http.MethodPost, p, nil, json.RawMessage(body), http.StatusCreated)
	var ae *APIError
	if errors.As(err, &ae) && ae.Status == http.StatusConflict {
		// Only a body naming the device is a DeviceExistsError; else the
		// APIError says what the server did send (an empty body, say).
		var dev Device
		if json.Unmarshal(data, &dev) != nil || dev.ID == "" {
			return "", err
		}
		return "", &DeviceExistsError{Device: dev}
	}
	if err != nil {
		return "", err
	}
	// Location is "devices/<id>", relative to the API base.
	loc := strings.TrimRight(resp.Header.Get("Location"), "/")
	if loc == "" {
		return "", nil
	}
	id := path.Base(loc)
	if err := checkDeviceID(id); err != nil {
		return "", fmt.Errorf("preauthorised, but the Location header is odd: %w", err)
	}
	return id, nil
}
