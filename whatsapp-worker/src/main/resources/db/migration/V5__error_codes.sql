-- The Graph API's error code of a failed reply (Meta's "code", e.g. 131047), next to its words.
alter table inbound_messages add column error_code integer;

-- A reply the Graph API refused for good (outside the window, undeliverable, unsupported): not
-- retried, and a redelivery of the customer's message does not try again.
alter table inbound_messages drop constraint inbound_messages_status_check;
alter table inbound_messages add constraint inbound_messages_status_check
    check (status in ('received', 'sending', 'replied', 'failed', 'skipped', 'undeliverable'));
