-- Write-only secrets: only the AES-256-GCM ciphertext (with the id of the key that sealed it) is stored.
create table credentials (
    id                uuid primary key,
    organization_id   uuid         not null,
    name              varchar(100) not null,
    type              varchar(16)  not null check (type in ('bearer', 'header')),
    header_name       varchar(64)  not null,
    secret_key_id     varchar(64)  not null,
    secret_nonce      varchar(32)  not null,
    secret_ciphertext text         not null,
    fingerprint       varchar(32)  not null,
    created_at        timestamptz  not null,
    rotated_at        timestamptz,
    version           bigint       not null default 0,
    constraint credentials_org_name_unique unique (organization_id, name)
);

-- A credential cannot be deleted while an integration uses it (the API answers credential_in_use).
alter table integrations
    add constraint integrations_credential_fk foreign key (credential_id) references credentials (id);
create index integrations_credential on integrations (credential_id) where credential_id is not null;
