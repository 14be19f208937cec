-- A listing under way: every refresher instance's scheduler finds the same catalogs due and every
-- instance hears of a credential rotation, so a listing claims its catalog first and the others
-- leave it alone. Cleared when the outcome is recorded; a claim whose instance stopped mid-listing
-- expires (catalog.refresh.retry-after after it was taken).
alter table refresh_targets add column listing_claimed_until timestamptz;
