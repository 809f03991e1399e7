-- Failed sign-ins, counted for every serve instance of the ledger, so a
-- guesser gets the same number of tries however many instances answer.
-- key_hash is a SHA-256 of the limited key (a user name, a client address).
CREATE TABLE login_failures (
	key_hash text NOT NULL,
	at       timestamptz NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key_hash, at);
CREATE INDEX login_failures_at ON login_failures (at);
