-- A phone number id is unique within an organisation, not across all of them: a global
-- constraint let one tenant detect (409) or squat another tenant's number. Webhooks are routed by
-- app id and only the number's real owner holds its access token, so nothing needs global uniqueness.
alter table whatsapp_apps drop constraint whatsapp_apps_phone_number_id_key;
alter table whatsapp_apps add constraint whatsapp_apps_org_phone_number_unique unique (organization_id, phone_number_id);
