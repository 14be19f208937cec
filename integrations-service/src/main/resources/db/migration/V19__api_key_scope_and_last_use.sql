-- An API key may be limited to some plugins (comma-separated integration ids, in the order chosen);
-- null: every plugin of the organisation, as before.
alter table api_keys add column mcp_plugin_ids text;
-- When the gateway last took the key (to about a minute: it reports each key at most once a minute).
alter table api_keys add column last_used_at timestamptz;
