-- When each catalog was last tried and why it failed, so the scheduler knows what is due.
alter table refresh_targets add column last_attempt_at timestamptz;
alter table refresh_targets add column last_error text;
create index refresh_targets_due on refresh_targets (last_attempt_at nulls first);
