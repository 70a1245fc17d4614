-- Idempotent schema of a zone database on H2: the pekko-persistence-jdbc 1.1.x tables
-- (same columns as the plugin's schema/h2/h2-create-schema.sql, with IF NOT EXISTS on
-- every statement) and the node's own key secret table.
CREATE TABLE IF NOT EXISTS PUBLIC."event_journal" (
    "ordering" BIGINT UNIQUE NOT NULL AUTO_INCREMENT,
    "deleted" BOOLEAN DEFAULT false NOT NULL,
    "persistence_id" VARCHAR(255) NOT NULL,
    "sequence_number" BIGINT NOT NULL,
    "writer" VARCHAR NOT NULL,
    "write_timestamp" BIGINT NOT NULL,
    "adapter_manifest" VARCHAR NOT NULL,
    "event_payload" BLOB NOT NULL,
    "event_ser_id" INTEGER NOT NULL,
    "event_ser_manifest" VARCHAR NOT NULL,
    "meta_payload" BLOB,
    "meta_ser_id" INTEGER,
    "meta_ser_manifest" VARCHAR,
    PRIMARY KEY("persistence_id","sequence_number")
);
CREATE UNIQUE INDEX IF NOT EXISTS "event_journal_ordering_idx" ON PUBLIC."event_journal" ("ordering");
CREATE TABLE IF NOT EXISTS PUBLIC."event_tag" (
    "event_id" BIGINT NOT NULL,
    "tag" VARCHAR NOT NULL,
    PRIMARY KEY("event_id", "tag"),
    CONSTRAINT fk_event_journal FOREIGN KEY("event_id") REFERENCES "event_journal"("ordering") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS PUBLIC."snapshot" (
    "persistence_id" VARCHAR(255) NOT NULL,
    "sequence_number" BIGINT NOT NULL,
    "created" BIGINT NOT NULL,
    "snapshot_ser_id" INTEGER NOT NULL,
    "snapshot_ser_manifest" VARCHAR NOT NULL,
    "snapshot_payload" BLOB NOT NULL,
    "meta_ser_id" INTEGER,
    "meta_ser_manifest" VARCHAR,
    "meta_payload" BLOB,
    PRIMARY KEY("persistence_id","sequence_number")
);
-- One row per key: its secret wrapped under the master key. Erasing the row shreds the key.
CREATE TABLE IF NOT EXISTS kms_key_secret (
    persistence_id VARCHAR(255) NOT NULL PRIMARY KEY,
    wrapped_secret VARBINARY(512) NOT NULL
);
-- Wrapped secrets name their master key (up to 6 + 255 bytes of header before the wrap), so
-- databases created with room for a bare wrap only are widened; widening again changes nothing.
ALTER TABLE kms_key_secret ALTER COLUMN wrapped_secret SET DATA TYPE VARBINARY(512);
-- When keys are due for destruction, automatic rotation or a replication push, so the zone's sweepers find them
-- without loading every key. The key entities keep it in step; they alone decide.
CREATE TABLE IF NOT EXISTS kms_key_schedule (
    persistence_id VARCHAR(255) NOT NULL PRIMARY KEY,
    deletion_date TIMESTAMP WITH TIME ZONE,
    next_rotation TIMESTAMP WITH TIME ZONE,
    next_push TIMESTAMP WITH TIME ZONE
);
CREATE INDEX IF NOT EXISTS kms_key_schedule_deletion_idx ON kms_key_schedule (deletion_date);
CREATE INDEX IF NOT EXISTS kms_key_schedule_rotation_idx ON kms_key_schedule (next_rotation);
-- Databases created before replication lack the column.
ALTER TABLE kms_key_schedule ADD COLUMN IF NOT EXISTS next_push TIMESTAMP WITH TIME ZONE;
CREATE INDEX IF NOT EXISTS kms_key_schedule_push_idx ON kms_key_schedule (next_push);
-- The journal position of the key that wrote the row: a late write of an earlier position is dropped.
ALTER TABLE kms_key_schedule ADD COLUMN IF NOT EXISTS seq_nr BIGINT;
-- When imported key material expires (ValidTo), for the expiry sweeper.
ALTER TABLE kms_key_schedule ADD COLUMN IF NOT EXISTS material_expiry TIMESTAMP WITH TIME ZONE;
CREATE INDEX IF NOT EXISTS kms_key_schedule_expiry_idx ON kms_key_schedule (material_expiry);
-- Each key's last successful cryptographic use in this zone (GetKeyLastUsage), written at most once an hour
-- per key, and when the zone began to keep it (one row).
CREATE TABLE IF NOT EXISTS kms_key_usage (
    key_id VARCHAR(255) NOT NULL PRIMARY KEY,
    operation VARCHAR(64) NOT NULL,
    used_at TIMESTAMP WITH TIME ZONE NOT NULL,
    request_id VARCHAR(64)
);
CREATE TABLE IF NOT EXISTS kms_usage_tracking (
    id INT NOT NULL PRIMARY KEY,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL
);
-- Zones the operator retired (kms zone retire), recorded in every remaining zone: no key may be replicated there again.
CREATE TABLE IF NOT EXISTS kms_retired_zone (
    zone VARCHAR(64) NOT NULL PRIMARY KEY,
    retired_at TIMESTAMP WITH TIME ZONE NOT NULL
);
-- The shared-state version each multi-zone key holds here, per other zone of its set (as primary: one row per
-- replica zone; as replica: one row naming the primary's zone), so zones compare versions without loading every
-- key (anti-entropy). The key entities keep it in step with their journals.
CREATE TABLE IF NOT EXISTS kms_shared_version (
    zone VARCHAR(64) NOT NULL,
    key_id VARCHAR(255) NOT NULL,
    peer_zone VARCHAR(64) NOT NULL,
    role VARCHAR(16) NOT NULL,
    version INT NOT NULL,
    seq_nr BIGINT NOT NULL,
    PRIMARY KEY (zone, key_id, peer_zone)
);
CREATE INDEX IF NOT EXISTS kms_shared_version_peer_idx ON kms_shared_version (zone, peer_zone, role);
-- The zone's master key rotation (one row per zone): the re-wrap job's target master key, where it
-- is in the zone's secrets (the last persistence id done, in key order) and its counters, so it
-- resumes where it stopped and any node can show its progress.
CREATE TABLE IF NOT EXISTS kms_master_key_rotation (
    zone VARCHAR(64) NOT NULL PRIMARY KEY,
    job_id VARCHAR(64) NOT NULL,
    target_key VARCHAR(300) NOT NULL,
    state VARCHAR(16) NOT NULL,
    note VARCHAR(1000),
    last_key VARCHAR(255) NOT NULL,
    total BIGINT NOT NULL,
    done BIGINT NOT NULL,
    rewrapped BIGINT NOT NULL,
    changed BIGINT NOT NULL,
    unopenable BIGINT NOT NULL,
    rate DOUBLE PRECISION NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE
);
-- The grants of the zone's keys that have a retiring principal, for ListRetirableGrants across an account's keys.
-- Written by the key entities once a grant is persisted, removed when it is retired or revoked or its key is
-- destroyed, and repaired from the key's state when the key recovers; the key's state is the authority.
CREATE TABLE IF NOT EXISTS kms_grant_retiring (
    key_id VARCHAR(255) NOT NULL,
    grant_id VARCHAR(64) NOT NULL,
    account_id VARCHAR(32) NOT NULL,
    retiring_principal VARCHAR(256) NOT NULL,
    PRIMARY KEY (key_id, grant_id)
);
-- ListRetirableGrants asks by principal alone (a key's owner may name a principal of another account);
-- the index by account first that earlier versions created is no longer read.
DROP INDEX IF EXISTS kms_grant_retiring_principal_idx;
CREATE INDEX IF NOT EXISTS kms_grant_retiring_by_principal_idx ON kms_grant_retiring (retiring_principal, key_id, grant_id);
-- The audit trail when kms.audit.sink = database: each node's hash chain of records, one line a row
-- (node.audit.DatabaseSink). Rows are only ever added.
CREATE TABLE IF NOT EXISTS kms_audit_record (
    node VARCHAR(255) NOT NULL,
    seq BIGINT NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    line VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (node, seq)
);
