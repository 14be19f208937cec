-- What the last successful listing said about itself: the MCP protocol version it used, and the
-- 2026-07-28 caching hints (cacheScope as sent; ttlMs turned into the time the scheduler lists
-- the server again).
alter table refresh_targets add column protocol_version varchar(20);
alter table refresh_targets add column cache_scope varchar(10);
alter table refresh_targets add column catalog_ttl_ms bigint;
alter table refresh_targets add column next_refresh_at timestamptz;
create index refresh_targets_next_refresh on refresh_targets (next_refresh_at) where next_refresh_at is not null;
