-- The ledger: events are the append-only history; bindings are the
-- current pairs, one per product and one per device, enforced here.
CREATE TABLE events (
	seq              bigserial PRIMARY KEY,
	event_id         text NOT NULL UNIQUE,
	kind             text NOT NULL CHECK (kind IN ('bind', 'replace', 'unbind')),
	product          text NOT NULL,
	gtin             text NOT NULL DEFAULT '',
	device_hash      text NOT NULL,
	device           text NOT NULL,
	prev_device_hash text NOT NULL DEFAULT '',
	prev_device      text NOT NULL DEFAULT '',
	prev_product     text NOT NULL DEFAULT '',
	at               timestamptz NOT NULL,
	by_user          text NOT NULL,
	station          text NOT NULL,
	reason           text NOT NULL DEFAULT '',
	idempotency_key  text UNIQUE
);
CREATE INDEX events_product ON events (product);
CREATE INDEX events_device ON events (device_hash);
CREATE INDEX events_prev_product ON events (prev_product);
CREATE INDEX events_prev_device ON events (prev_device_hash);

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'the ledger history is append-only';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON events
	FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

CREATE TABLE bindings (
	product     text PRIMARY KEY,
	device_hash text NOT NULL UNIQUE,
	event_seq   bigint NOT NULL REFERENCES events (seq)
);

-- Replication: a target registered once gets an outbox row for every
-- event recorded afterwards, inserted in the event's transaction.
CREATE TABLE replication_targets (
	target     text PRIMARY KEY,
	registered timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE outbox (
	event_seq    bigint NOT NULL REFERENCES events (seq),
	target       text NOT NULL REFERENCES replication_targets (target),
	state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
	attempts     integer NOT NULL DEFAULT 0,
	last_error   text NOT NULL DEFAULT '',
	next_attempt timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (event_seq, target)
);
CREATE INDEX outbox_due ON outbox (target, next_attempt, event_seq) WHERE state = 'pending';

CREATE TABLE users (
	name          text PRIMARY KEY,
	role          text NOT NULL CHECK (role IN ('installer', 'supervisor', 'admin')),
	password_hash text NOT NULL,
	disabled      boolean NOT NULL DEFAULT false,
	created       timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE tokens (
	id      text PRIMARY KEY,
	user_name text NOT NULL REFERENCES users (name),
	hash    text NOT NULL UNIQUE,
	created timestamptz NOT NULL DEFAULT now(),
	revoked boolean NOT NULL DEFAULT false
);
