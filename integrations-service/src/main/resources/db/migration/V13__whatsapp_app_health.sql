-- whatsapp-worker's word that an app cannot send (Graph API error 190, permissions, a locked
-- account), for the configuration version it used: shown while the app is still at that version.
alter table whatsapp_apps add column health_status varchar(32);
alter table whatsapp_apps add column health_error_code integer;
alter table whatsapp_apps add column health_reason text;
alter table whatsapp_apps add column health_since timestamptz;
alter table whatsapp_apps add column health_app_version bigint;
