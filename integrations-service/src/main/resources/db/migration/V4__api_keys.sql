-- Organisation API keys for the gateway: only a SHA-256 of the key is stored (the key is shown once).
create table api_keys (
    id              uuid primary key,
    organization_id uuid         not null,
    name            varchar(100) not null,
    prefix          varchar(16)  not null,
    key_hash        varchar(64)  not null unique,
    created_at      timestamptz  not null,
    revoked_at      timestamptz
);

create index api_keys_org on api_keys (organization_id, created_at);
