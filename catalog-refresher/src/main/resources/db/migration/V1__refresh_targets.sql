-- The refresher's own view of each integration, fed by integration-updated events.
create table refresh_targets (
    integration_id      uuid primary key,
    organization_id     uuid          not null,
    slug                varchar(32)   not null,
    endpoint            varchar(2048) not null,
    transport           varchar(20)   not null,
    timeout_ms          integer,
    credential_id       uuid,
    integration_version bigint        not null,
    refresh_required    boolean       not null,
    last_event_id       uuid          not null,
    updated_at          timestamptz   not null
);

create index refresh_targets_org on refresh_targets (organization_id);
