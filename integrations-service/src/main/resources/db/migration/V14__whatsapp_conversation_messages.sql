-- The conversation view: the latest state of each WhatsApp message, as whatsapp-worker reports it
-- on whatsapp-conversation-messages (a copy for people; the worker's own tables stay the truth).
create table whatsapp_conversation_messages (
    id              varchar(300) primary key, -- <appId>:<wamid>
    organization_id uuid         not null,
    app_id          uuid         not null references whatsapp_apps (id) on delete cascade,
    conversation_id uuid         not null,
    customer        varchar(200) not null,
    direction       varchar(8)   not null check (direction in ('inbound', 'outbound')),
    wamid           varchar(128) not null,
    inbound_wamid   varchar(128),
    part            integer      not null default 0,
    body            text,
    status          varchar(16)  not null,
    error_code      integer,
    error_text      text,
    created_at      timestamptz  not null,
    status_at       timestamptz  not null
);

create index whatsapp_conversation_messages_by_conversation
    on whatsapp_conversation_messages (organization_id, app_id, conversation_id, created_at);
