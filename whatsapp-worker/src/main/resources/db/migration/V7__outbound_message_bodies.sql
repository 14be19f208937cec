-- The text of each sent part, so the conversation view can show what a status is about.
alter table outbound_messages add column body text;
