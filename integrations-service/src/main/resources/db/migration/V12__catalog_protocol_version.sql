-- The MCP protocol version the refresher listed the catalog with (from catalog-updated).
alter table integrations add column protocol_version varchar(20);
