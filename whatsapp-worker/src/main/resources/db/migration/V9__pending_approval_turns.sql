-- A customer's turn whose answer waits for people to approve or deny the model's tool calls (the
-- gateway answered with approval requests): everything needed to resume it is here, so nothing
-- about it lives only in a worker's memory. resume_body is the exact follow-up request (the
-- request's messages, the model's pending message and the approval ids; never the API key).
-- States: waiting -> resuming (claimed by one instance) -> sending (answer recorded) -> done;
-- failed (the gateway refused the resume, or WhatsApp the answer); parked (the answer's send was
-- interrupted: it is not sent again on its own).
create table pending_turns (
    id              uuid         primary key,
    app_id          uuid         not null,
    organization_id uuid         not null,
    conversation_id uuid         not null references conversations (id) on delete cascade,
    customer        varchar(200) not null,
    inbound_wamid   varchar(128) not null,
    message         text         not null,
    approval_ids    uuid[]       not null,
    resume_body     text         not null,
    state           varchar(16)  not null check (state in ('waiting', 'resuming', 'sending', 'done', 'failed', 'parked')),
    answer          text,
    attempts        integer      not null default 0,
    last_error      text,
    created_at      timestamptz  not null,
    expires_at      timestamptz,
    updated_at      timestamptz  not null,
    constraint pending_turns_approvals_unique unique (app_id, approval_ids)
);

create index pending_turns_open on pending_turns (state, updated_at) where state in ('waiting', 'resuming', 'sending');
create index pending_turns_by_approval on pending_turns using gin (approval_ids);

-- The latest state of every WhatsApp approval as approval-updated reported it (also of one whose
-- turn is not stored yet: a decision may arrive before the turn's row is written).
create table approval_states (
    approval_id     uuid         primary key,
    organization_id uuid         not null,
    conversation    varchar(128),
    status          varchar(16)  not null,
    version         bigint       not null,
    updated_at      timestamptz  not null
);
