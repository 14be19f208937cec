-- Each tool's version: the hex SHA-256 of the tool object as received (RFC 8785 canonical form),
-- a JSON array in the order of tools. Null while no listing succeeded, and for catalogs listed
-- before it was kept (the next refresh fills it; until then the gateway offers no tools of the
-- plugin, since tool policies accept versions by this hash).
alter table refresh_targets add column tool_hashes text;

-- Catalogs listed before: listed again by the next scheduled check (the due rule takes
-- refresh_required rows), so their records carry hashes and the plugins' tools are offered again.
update refresh_targets set refresh_required = true where tools is not null;
