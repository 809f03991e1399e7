-- Sessions of the web page, shared by every serve instance.
CREATE TABLE sessions (
	id_hash   text PRIMARY KEY,
	user_name text NOT NULL REFERENCES users (name),
	csrf      text NOT NULL,
	expires   timestamptz NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires);
