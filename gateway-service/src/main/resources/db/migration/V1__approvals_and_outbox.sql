-- Approval requests for tool calls that need a human's approval (README "Approvals"). The gateway
-- owns them: it creates one when the model calls such a tool, applies decisions from the control
-- panel (approval-decided) and consumes an approved one exactly once when a follow-up request
-- carries it (an atomic update from approved to used).
create table approvals (
    id                uuid primary key,
    organization_id   uuid         not null,
    version           bigint       not null,
    status            varchar(16)  not null,
    surface           varchar(16)  not null,
    api_key_id        uuid         not null,
    conversation      varchar(128),
    integration_id    uuid         not null,
    tool_call_id      varchar(256) not null,
    exposed_name      varchar(128) not null,
    tool_name         varchar(256) not null,
    tool_hash         varchar(80)  not null,
    arguments         text         not null,
    arguments_sha256  varchar(64)  not null,
    -- SHA-256 of the whole turn that waited (every tool call's id, name and arguments text): a
    -- follow-up resumes exactly that turn, not one with calls added or changed.
    turn_sha256       varchar(64)  not null,
    requested_at      timestamptz  not null,
    expires_at        timestamptz  not null,
    decided_at        timestamptz,
    decided_by        varchar(255),
    reason            varchar(500),
    used_at           timestamptz
);
create index approvals_open on approvals (expires_at) where status in ('pending', 'approved');

-- The transactional outbox (ai.crafted.outbox): approval-updated events written with the change.
create table outbox_events (
    id           bigserial primary key,
    topic        varchar(200) not null,
    message_key  varchar(200) not null,
    payload      text,
    created_at   timestamptz  not null default now(),
    published_at timestamptz,
    traceparent  varchar(55),
    tracestate   varchar(512)
);
create index outbox_events_pending on outbox_events (id) where published_at is null;

create function notify_outbox_events() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox_events', '');
    return null;
end;
$$;
create trigger outbox_events_notify after insert on outbox_events
    for each statement execute function notify_outbox_events();
