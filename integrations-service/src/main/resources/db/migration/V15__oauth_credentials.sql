-- OAuth credentials (MCP authorization, 2025-11-25): the secret columns hold the current access
-- token once connected (null while pending), oauth_* the grant around it. Sealed values are
-- AES-256-GCM like every other secret; the refresh token and a client secret are sealed together.
alter table credentials drop constraint credentials_type_check;
alter table credentials add constraint credentials_type_check check (type in ('bearer', 'header', 'oauth'));
alter table credentials alter column secret_key_id drop not null,
                        alter column secret_nonce drop not null,
                        alter column secret_ciphertext drop not null,
                        alter column fingerprint drop not null;
alter table credentials
    add column oauth_status          varchar(16) check (oauth_status in ('pending', 'connected', 'reconnect_needed')),
    add column oauth_resource        varchar(2048),
    add column oauth_scope           text,
    add column oauth_client_id       varchar(2048),
    add column oauth_target          text,
    add column oauth_expires_at      timestamptz,
    add column oauth_refresh_at      timestamptz,
    add column oauth_grant_key_id    varchar(64),
    add column oauth_grant_nonce     varchar(32),
    add column oauth_grant_sealed    text,
    add column oauth_problem         varchar(2000),
    add column oauth_connected_at    timestamptz,
    add constraint credentials_oauth_fields check ((type = 'oauth') = (oauth_status is not null and oauth_resource is not null)),
    add constraint credentials_secret_unless_pending
        check (secret_ciphertext is not null or (type = 'oauth' and oauth_status in ('pending', 'reconnect_needed')));

-- What the refresh scan reads: connected grants by when they are due.
create index credentials_oauth_due on credentials (oauth_refresh_at) where oauth_status = 'connected';

-- Started authorizations, until their callback arrives (or they expire): found by a SHA-256 of
-- the state, so the table holds nothing a callback could be forged from. Each keeps what it was
-- started with (the discovered target, the scope, the client), applied to the credential only
-- when its callback succeeds; the PKCE verifier and a client secret are sealed together. The
-- callback must come from the browser that started it: browser_binding is the SHA-256 of a
-- random value set as an HttpOnly cookie on that browser.
create table oauth_authorizations (
    state_hash       varchar(64)   primary key,
    credential_id    uuid          not null references credentials (id) on delete cascade,
    organization_id  uuid          not null,
    target           text          not null,
    scope            text,
    client_id        varchar(2048) not null,
    secrets_key_id   varchar(64)   not null,
    secrets_nonce    varchar(32)   not null,
    secrets_sealed   text          not null,
    redirect_uri     varchar(2048) not null,
    browser_binding  varchar(64)   not null,
    expires_at       timestamptz   not null
);
create index oauth_authorizations_credential on oauth_authorizations (credential_id);
