-- A surface may be narrowed to some tools of its plugins: a JSON array of
-- {"pluginId": "<integration id>", "name": "<MCP tool name>"}; null: every tool of its plugins, as before.
alter table api_keys add column allowed_tools text;
alter table whatsapp_apps add column allowed_tools text;
