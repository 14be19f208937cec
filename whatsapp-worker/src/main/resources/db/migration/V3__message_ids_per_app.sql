-- WhatsApp message ids are unique per business phone number, not across all apps of all
-- organisations: the idempotency record and the message history are keyed per app, so the
-- same id arriving at another app is a new message there, not a redelivery.
alter table inbound_messages add column app_id uuid;
update inbound_messages m set app_id = c.app_id from conversations c where c.id = m.conversation_id;
alter table inbound_messages alter column app_id set not null;
alter table inbound_messages drop constraint inbound_messages_pkey;
alter table inbound_messages add primary key (app_id, wamid);

alter table conversation_messages drop constraint conversation_messages_wamid_key;
alter table conversation_messages add constraint conversation_messages_conversation_wamid_unique unique (conversation_id, wamid);
