-- AI Swarm's shared store, version 1: the queue, its claims, locks, leases, the status stream and the inbox offsets.
-- PgMigrations runs this in one transaction with search_path set to the store's schema (AI_SWARM_PG_SCHEMA); no
-- object names a schema, so the same text serves any schema name.

-- Arrival order of tasks (the queue's second key after priority).
CREATE SEQUENCE task_seq;
-- Fencing tokens: every claim of a task takes the next value, so tokens only grow, across every machine.
CREATE SEQUENCE fence_seq;

-- The queue. The first columns mirror a task of tasks.json; fields this version does not know stay in extra.
-- A claimed task (host not null) carries its claim: the machine and worker that hold it, the lease's expiry
-- (renewed by the machine's heartbeat) and its fencing token. Every later write about the task presents the token.
CREATE TABLE tasks (
    task_id          text        PRIMARY KEY
                                 CHECK (task_id ~ '^[A-Za-z0-9._-]{1,64}$' AND task_id NOT IN ('.', '..')),
    seq              bigint      NOT NULL UNIQUE,
    priority         smallint    NOT NULL CHECK (priority BETWEEN 1 AND 9),
    status           text        NOT NULL CHECK (status IN ('pending', 'assigned', 'running', 'done', 'failed',
                                                            'skipped', 'cancelled')),
    command          text,
    prompt           text,
    attempts         integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    worker_id        text,
    host             text,
    fence            bigint      NOT NULL DEFAULT 0,
    lease_expires_at timestamptz,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    assigned_at      timestamptz,
    started_at       timestamptz,
    finished_at      timestamptz,
    exit_code        integer,
    result_file      text,
    error            text,
    extra            jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(extra) = 'object'),
    CHECK (command IS NOT NULL OR prompt IS NOT NULL),
    -- a claim exists only on an active task, with its worker and its lease
    CHECK (host IS NULL OR (status IN ('assigned', 'running') AND worker_id IS NOT NULL
                            AND lease_expires_at IS NOT NULL))
);
-- What a claim scans: pending tasks in queue order.
CREATE INDEX tasks_pending ON tasks (priority, seq) WHERE status = 'pending';
-- The per-worker claim: a worker of a machine holds at most one claimed task. Also finds a machine's claims.
CREATE UNIQUE INDEX tasks_one_claim_per_worker ON tasks (host, worker_id) WHERE host IS NOT NULL;
-- What the leader's recovery scans: claims by expiry.
CREATE INDEX tasks_claims_by_expiry ON tasks (lease_expires_at) WHERE host IS NOT NULL;

-- Per-task locks as TaskLockManager keeps them (one owner, TTL from the last heartbeat); any task id may be locked.
CREATE TABLE task_locks (
    task_id      text        PRIMARY KEY,
    worker_id    text        NOT NULL,
    owner_token  text        NOT NULL,
    host         text        NOT NULL,
    pid          bigint      NOT NULL,
    acquired_at  timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    ttl_sec      bigint      NOT NULL CHECK (ttl_sec > 0)
);

-- Leases: one per machine ('host', its name) held by that machine's master, and the cluster leader ('leader',
-- 'cluster'). epoch grows by one at every change of holder and never goes back (a released lease keeps its row):
-- it is the holder's fencing token. A lease is held while expires_at is in the future.
CREATE TABLE leases (
    kind        text        NOT NULL CHECK (kind IN ('host', 'leader')),
    name        text        NOT NULL,
    holder      text        NOT NULL,
    owner_token uuid        NOT NULL,
    epoch       bigint      NOT NULL CHECK (epoch > 0),
    pid         bigint      NOT NULL,
    acquired_at timestamptz NOT NULL,
    renewed_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (kind, name)
);

-- The status stream, append-only. Writers take the table in SHARE ROW EXCLUSIVE mode before inserting, so ids
-- become visible in order and a follower that reads "id > last" never skips a row that commits later.
CREATE TABLE events (
    id        bigserial   PRIMARY KEY,
    ts        timestamptz NOT NULL,
    host      text        NOT NULL,
    worker_id text        NOT NULL,
    task_id   text        NOT NULL DEFAULT '',
    state     text        NOT NULL,
    message   text        NOT NULL DEFAULT '',
    meta      jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(meta) = 'object')
);
CREATE INDEX events_by_host ON events (host, id);
CREATE INDEX events_by_worker ON events (host, worker_id, id);
CREATE INDEX events_by_task ON events (task_id, id) WHERE task_id <> '';

-- How far each machine's inbox (the JSON lines workers append with plain shell) has been ingested into events.
-- Moved in the same transaction as the events it covers: a crash loses or doubles nothing.
CREATE TABLE inbox_offsets (
    host        text        NOT NULL,
    inbox       text        NOT NULL,
    file_key    text        NOT NULL,
    byte_offset bigint      NOT NULL CHECK (byte_offset >= 0),
    lines       bigint      NOT NULL DEFAULT 0,
    malformed   bigint      NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (host, inbox)
);

-- Change signals: NOTIFY <schema>_changes with the table's name when tasks are added or removed, when a task's
-- status changes, and when events are added. Within one transaction equal notifications are sent once.
CREATE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    PERFORM pg_notify(TG_TABLE_SCHEMA || '_changes', TG_TABLE_NAME);
    RETURN NULL;
END
$$;
CREATE TRIGGER tasks_added_or_removed AFTER INSERT OR DELETE ON tasks
    FOR EACH STATEMENT EXECUTE FUNCTION notify_change();
CREATE TRIGGER tasks_status_changed AFTER UPDATE OF status ON tasks
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION notify_change();
CREATE TRIGGER events_added AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION notify_change();
