-- Who changed what and when: tool policy changes, accepted tool versions, approval decisions,
-- surface allowlists. Written in the transaction of the change it records; never updated.
create table audit_events (
    id bigserial primary key,
    organization_id uuid not null,
    occurred_at timestamptz not null,
    -- the control panel user's subject (OIDC sub), or "system" for what the service did itself
    actor varchar(255) not null,
    -- dotted verb, e.g. tool_policy.updated, tool_version.accepted, approval.approved
    action varchar(64) not null,
    -- integration, tool, approval, api_key, whatsapp_app
    target_type varchar(32) not null,
    target_id varchar(512) not null,
    -- a JSON object of what changed (before/after); never a secret
    details text
);
create index audit_events_by_organization on audit_events (organization_id, occurred_at desc, id desc);
