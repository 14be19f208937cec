-- Every message the worker sent, one row per part, with WhatsApp's delivery status as its
-- status webhooks report it (sent, delivered, read, or failed with Meta's error code).
create table outbound_messages (
    app_id          uuid         not null,
    wamid           varchar(128) not null,
    conversation_id uuid         not null references conversations (id) on delete cascade,
    inbound_wamid   varchar(128) not null,
    part            integer      not null,
    status          varchar(16)  not null check (status in ('accepted', 'sent', 'delivered', 'read', 'failed')),
    error_code      integer,
    error_title     text,
    status_at       timestamptz,
    created_at      timestamptz  not null,
    primary key (app_id, wamid)
);

create index outbound_messages_by_inbound on outbound_messages (app_id, inbound_wamid);
