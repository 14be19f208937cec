-- Web UI sessions ended by "Sign out": their cookie is refused until the session would have expired.
create table ui_signed_out_sessions (
    session_hash varchar(64) primary key,
    expires_at   timestamptz not null
);
create index ui_signed_out_sessions_expiry on ui_signed_out_sessions (expires_at);
