-- whatsapp-worker's own data: conversations with customers and every message in and out.
create table conversations (
    id              uuid primary key,
    organization_id uuid        not null,
    app_id          uuid        not null,
    customer_wa_id  varchar(32) not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    constraint conversations_app_customer_unique unique (app_id, customer_wa_id)
);

create table conversation_messages (
    id              bigserial primary key,
    conversation_id uuid         not null references conversations (id) on delete cascade,
    direction       varchar(8)   not null check (direction in ('inbound', 'outbound')),
    -- WhatsApp's message id: an inbound id seen twice is a redelivery and gets no second reply.
    wamid           varchar(128) unique,
    body            text         not null,
    created_at      timestamptz  not null
);

create index conversation_messages_history on conversation_messages (conversation_id, id);
