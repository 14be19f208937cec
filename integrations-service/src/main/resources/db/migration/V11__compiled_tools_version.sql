-- The tool compiler version that produced compiled_tools: another version's forms are compiled
-- again when read, so the plugin page and the preview show what the gateway (which recompiles
-- the same way) sends.
alter table integrations add column compiled_tools_version varchar(40);
