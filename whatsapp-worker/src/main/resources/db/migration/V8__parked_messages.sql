-- A message found 'sending' when it is claimed again (the worker stopped during the send) is
-- never resent on its own, since WhatsApp has no idempotency key and the customer may already
-- have the reply: unless every part was accepted it is 'parked', with the reason in last_error,
-- until an operator retries it or marks it failed (whatsapp-operator-actions).
alter table inbound_messages drop constraint inbound_messages_status_check;
alter table inbound_messages add constraint inbound_messages_status_check
    check (status in ('received', 'sending', 'replied', 'failed', 'skipped', 'undeliverable', 'parked'));
-- The customer's message as the webhook published it (JSON of WhatsAppInboundMessage), so an
-- operator's retry can answer it again after its Kafka record has been committed. Null for
-- messages claimed before this version and not delivered again since.
alter table inbound_messages add column message text;
