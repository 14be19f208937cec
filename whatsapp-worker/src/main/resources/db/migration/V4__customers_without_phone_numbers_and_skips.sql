-- A customer who adopted a WhatsApp username may write without a phone number, identified only
-- by a business-scoped user id (BSUID). A conversation is found by either identifier, and a
-- conversation row always has at least one: unknown senders are never merged under an empty id.
alter table conversations add column customer_user_id varchar(200);
alter table conversations alter column customer_wa_id drop not null;
alter table conversations add constraint conversations_app_user_unique unique (app_id, customer_user_id);
alter table conversations add constraint conversations_customer_known
    check (customer_wa_id is not null or customer_user_id is not null);

-- A message that is not answered on purpose (outside the 24-hour customer service window) is
-- recorded as skipped, with the reason in last_error.
alter table inbound_messages drop constraint inbound_messages_status_check;
alter table inbound_messages add constraint inbound_messages_status_check
    check (status in ('received', 'sending', 'replied', 'failed', 'skipped'));
