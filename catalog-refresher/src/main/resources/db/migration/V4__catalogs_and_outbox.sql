-- catalog-refresher owns the tool catalogs: each target row also holds the catalog last listed
-- for it and the configuration fingerprint it was listed under; changes go out on the compacted
-- catalog-updated topic through a transactional outbox.
alter table refresh_targets drop column last_event_id;
alter table refresh_targets add column catalog_fingerprint varchar(64);
alter table refresh_targets add column catalog_credential_version bigint;
alter table refresh_targets add column catalog_version varchar(80);
alter table refresh_targets add column tools text;
alter table refresh_targets add column catalog_refreshed_at timestamptz;
alter table refresh_targets add column last_error_kind varchar(40);
alter table refresh_targets add column sequence bigint not null default 0;

create table outbox_events (
    id           bigserial primary key,
    topic        varchar(200) not null,
    message_key  varchar(200) not null,
    payload      text,
    created_at   timestamptz  not null default now(),
    published_at timestamptz
);
create index outbox_events_pending on outbox_events (id) where published_at is null;

create function notify_outbox_events() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox_events', '');
    return null;
end;
$$;
create trigger outbox_events_notify after insert on outbox_events
    for each statement execute function notify_outbox_events();
