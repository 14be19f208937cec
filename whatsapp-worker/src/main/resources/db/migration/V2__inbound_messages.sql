-- One row per inbound WhatsApp message id: the reply worker's idempotency record. The reply is
-- recorded (status 'sending') before the Graph API call, so a redelivery can tell "already answered".
create table inbound_messages (
    wamid           varchar(128) primary key,
    conversation_id uuid         not null references conversations (id) on delete cascade,
    status          varchar(16)  not null check (status in ('received', 'sending', 'replied', 'failed')),
    reply           text,
    attempts        integer      not null default 0,
    last_error      text,
    updated_at      timestamptz  not null
);
