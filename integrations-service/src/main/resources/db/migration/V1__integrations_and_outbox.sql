create table integrations (
    id                        uuid primary key,
    organization_id           uuid          not null,
    kind                      varchar(16)   not null,
    slug                      varchar(32)   not null,
    display_name              varchar(200)  not null,
    description               varchar(2000),
    endpoint                  varchar(2048) not null,
    transport                 varchar(20)   not null,
    timeout_ms                integer,
    credential_id             uuid,
    tool_catalog              text          not null default '[]',
    tool_count                integer       not null default 0,
    catalog_refresh_required  boolean       not null default true,
    catalog_refreshed_at      timestamptz,
    last_refresh_error        text,
    last_refresh_attempted_at timestamptz,
    created_at                timestamptz   not null,
    updated_at                timestamptz   not null,
    version                   bigint        not null default 0,
    -- Slug uniqueness is enforced here, not by a read-then-write check, so concurrent installs cannot both win.
    constraint integrations_org_slug_unique unique (organization_id, slug)
);

create index integrations_org_created on integrations (organization_id, created_at, id);

-- Transactional outbox: rows are written with the change and published by the relay in id order.
create table outbox_events (
    id           bigserial primary key,
    topic        varchar(200) not null,
    message_key  varchar(200) not null,
    payload      text         not null,
    created_at   timestamptz  not null default now(),
    published_at timestamptz
);

create index outbox_events_pending on outbox_events (id) where published_at is null;
