package server

import (
	"strings"
	"testing"
)

// TestLoginLimitSharedAcrossInstances: failed logins count for every
// instance over one PostgreSQL ledger: three on one and two on the other
// use up the five allowed, and the right password is refused on both.
func TestLoginLimitSharedAcrossInstances(t *testing.T) {
	urls, client, _ := twoInstancesWithAnn(t)
	login := func(url, password string) int {
		resp, err := client.Post(url+"/api/v1/login", "application/json", strings.NewReader(`{"username":"ann","password":"`+password+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i := range 5 {
		if code := login(urls[i%2], "guess"); code != 401 {
			t.Fatalf("failure %d = %d", i, code)
		}
	}
	for _, u := range urls {
		if code := login(u, "pw-ann-123"); code != 429 {
			t.Errorf("right password after five failures on two instances = %d, want 429", code)
		}
	}
}
