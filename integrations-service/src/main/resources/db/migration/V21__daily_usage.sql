-- Daily usage from the gateway's usage-recorded events (one per chat request the gateway served:
-- by its tool loop or passed through to the provider).

-- Records already added, so a redelivered event counts once; written in the same transaction as
-- the sums. Redeliveries come within minutes; rows older than the retention are deleted.
create table usage_recorded_events (
    event_id        uuid primary key,
    organization_id uuid not null,
    added_at        timestamptz not null default now()
);
create index usage_recorded_events_by_age on usage_recorded_events (added_at);

-- Plugin tool calls per organisation, UTC day, plugin and MCP tool. latency_buckets holds the
-- number of calls per fixed latency bucket (bounds in UsageLatencyBuckets: <= 5, 10, 25, 50, 100,
-- 250, 500, 1000, 2500, 5000, 10000, 30000, 60000 ms, and above), from which p50/p95 are read;
-- calls refused before reaching the server (bad_arguments) count in calls and errors, not there.
create table usage_tool_daily (
    organization_id  uuid not null,
    day              date not null,
    integration_id   uuid not null,
    tool             text not null,
    -- the plugin's slug in the latest record (kept for plugins deleted since)
    slug             text not null,
    calls            bigint not null,
    errors           bigint not null,
    latency_ms_max   double precision not null,
    latency_buckets  bigint[] not null,
    primary key (organization_id, day, integration_id, tool)
);

-- Chat requests per organisation, UTC day, API key (the surface: a key, or a WhatsApp app's key)
-- and model: OpenAI's prompt/completion tokens summed over every round, the gateway's own time and
-- the time waiting on the model. A request that failed before the provider answered counts under
-- the model '(unanswered)', not the name the client sent, so made-up names add no rows.
create table usage_model_daily (
    organization_id    uuid not null,
    day                date not null,
    api_key_id         uuid not null,
    model              text not null,
    requests           bigint not null,
    failed             bigint not null,
    -- answered requests without token figures (a piped stream whose provider sent no usage chunk)
    unmetered          bigint not null,
    rounds             bigint not null,
    prompt_tokens      bigint not null,
    completion_tokens  bigint not null,
    gateway_ms         double precision not null,
    upstream_ms        double precision not null,
    primary key (organization_id, day, api_key_id, model)
);
