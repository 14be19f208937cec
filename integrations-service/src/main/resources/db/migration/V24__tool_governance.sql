-- Tool governance: every catalog version of a plugin (with its diff), every version of each tool
-- (so any two can be compared), and the organisation's policy per tool. The whole policy of a
-- plugin is published on tool-policy-updated; the gateway injects a tool only while the policy
-- accepts exactly the tool's current hash. Rows go with their integration.

-- Per plugin: what happens to a tool the plugin did not list before, and the policy's event version.
create table tool_governance (
    integration_id uuid primary key references integrations (id) on delete cascade,
    organization_id uuid not null,
    -- enabled: a new tool is accepted as first seen; held: it waits for an admin like a changed one
    new_tools varchar(16) not null default 'enabled' check (new_tools in ('enabled', 'held')),
    -- the version of the latest tool-policy-updated record; 0 before the first
    policy_version bigint not null default 0,
    updated_at timestamptz not null,
    updated_by varchar(255) not null
);

-- A catalog as catalog-refresher listed it, numbered 1, 2, … per plugin; one row per change.
create table tool_catalog_versions (
    integration_id uuid not null references integrations (id) on delete cascade,
    number integer not null,
    organization_id uuid not null,
    -- catalog-refresher's catalogVersion (hash over the full tool objects in order)
    catalog_hash varchar(128) not null,
    created_at timestamptz not null,
    -- JSON array [{"name", "hash"}] in catalog order
    tools text not null,
    -- JSON {"added": [name…], "removed": [name…], "changed": [{"name", "fields": […], "previousHash", "hash"}]}
    diff text not null,
    primary key (integration_id, number)
);

-- One version of one tool: its hash ("sha256:…" of the raw tool object) and what we keep of it.
create table tool_versions (
    integration_id uuid not null references integrations (id) on delete cascade,
    name text not null,
    hash varchar(128) not null,
    -- JSON {"name", "title", "description", "inputSchema", "annotations"} as received
    descriptor text not null,
    first_seen_at timestamptz not null,
    primary key (integration_id, name, hash)
);

-- The organisation's decision per tool (kept while a tool is absent from the catalog, so a tool
-- that comes back unchanged keeps its acceptance and a changed one is held).
create table tool_policies (
    integration_id uuid not null references integrations (id) on delete cascade,
    name text not null,
    enabled boolean not null default true,
    -- the accepted version's hash; null: never accepted (a held new tool)
    accepted_hash varchar(128),
    -- null: the accepted version's annotations decide (destructiveHint); else the admin's choice
    approval_override varchar(16) check (approval_override in ('required', 'not_required')),
    updated_at timestamptz not null,
    -- a user's subject, or "system"
    updated_by varchar(255) not null,
    primary key (integration_id, name)
);
