-- The catalog now flows straight from catalog-refresher (catalog-updated): stored here as a
-- read model, valid only while its fingerprint matches the integration's configuration.
alter table integrations drop column catalog_refresh_required;
alter table integrations add column catalog_fingerprint varchar(64);
alter table integrations add column catalog_version varchar(80);
alter table integrations add column catalog_sequence bigint not null default -1;
-- Catalogs stored before the fingerprint existed describe no known configuration.
update integrations set tool_catalog = '[]', tool_count = 0, catalog_refreshed_at = null;

-- Tombstones on compacted topics have no payload.
alter table outbox_events alter column payload drop not null;

-- Wake the outbox relay at commit (NOTIFY is delivered only when the transaction commits).
create function notify_outbox_events() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox_events', '');
    return null;
end;
$$;
create trigger outbox_events_notify after insert on outbox_events
    for each statement execute function notify_outbox_events();
