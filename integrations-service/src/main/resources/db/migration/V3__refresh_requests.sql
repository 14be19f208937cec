-- Refresh requests in flight (for coalescing) and the last one answered (for the waiting API call).
alter table integrations add column refresh_request_id uuid;
alter table integrations add column refresh_requested_at timestamptz;
alter table integrations add column last_refresh_request_id uuid;
