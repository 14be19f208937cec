-- Approvals of tool calls, as gateway-service (their owner) publishes them on approval-updated:
-- the latest version of each. Who asked (the API key's name, a WhatsApp app's name) is read from
-- api_keys and whatsapp_apps when shown. The decision_* columns are this service's own: a human's
-- decision sent to the gateway (approval-decided) and not yet reflected, so it is sent only once.
create table approvals (
    id uuid primary key,
    organization_id uuid not null,
    version bigint not null,
    -- pending, approved, denied, expired, used
    status varchar(16) not null,
    -- api or whatsapp
    surface varchar(16),
    api_key_id uuid,
    conversation text,
    integration_id uuid,
    tool_call_id text,
    exposed_name text,
    tool_name text,
    tool_hash text,
    -- the call's arguments, JSON text as the model wrote them
    arguments text,
    arguments_sha256 varchar(64),
    requested_at timestamptz not null,
    expires_at timestamptz not null,
    decided_at timestamptz,
    decided_by text,
    reason text,
    -- the event that brought this version
    event_id uuid,
    updated_at timestamptz not null,
    decision_approve boolean,
    decision_by text,
    decision_at timestamptz
);
create index approvals_by_organization on approvals (organization_id, requested_at desc, id);
create index approvals_pending on approvals (organization_id, expires_at) where status = 'pending';

-- An organisation's signed webhook for new pending approvals: the URL and the signing secret,
-- sealed with the at-rest keyring (never returned after the PUT that generated it).
create table approval_webhooks (
    organization_id uuid primary key,
    url text not null,
    secret_sealed text not null,
    created_at timestamptz not null,
    created_by text
);
-- One POST per new pending approval, retried with backoff; written with the approval's projection.
create table approval_webhook_deliveries (
    id bigserial primary key,
    organization_id uuid not null,
    approval_id uuid not null,
    body text not null,
    attempts int not null default 0,
    next_attempt_at timestamptz,
    delivered_at timestamptz,
    last_status int,
    last_error text,
    unique (organization_id, approval_id)
);
create index approval_webhook_deliveries_due on approval_webhook_deliveries (next_attempt_at) where next_attempt_at is not null;
