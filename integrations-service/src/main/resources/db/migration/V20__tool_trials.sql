-- Tool calls admins made from the control panel ("Try tool"), run by the gateway and recorded here.
create table tool_trials (
    id uuid primary key,
    organization_id uuid not null,
    integration_id uuid not null,
    tool_name text not null,
    arguments text not null,
    requested_by text,
    requested_at timestamptz not null,
    expires_at timestamptz not null,
    -- pending until the gateway answers; then its outcome (ok, tool_error, bad_arguments, error, refused, expired)
    status text not null,
    result text,
    duration_ms bigint,
    completed_at timestamptz
);
create index tool_trials_by_integration on tool_trials (organization_id, integration_id, requested_at desc);
