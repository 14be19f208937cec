-- An organisation's name, shown by the control panel instead of its id. Membership and roles stay
-- in the token's crafted_orgs claim: a row exists only once an admin has named the organisation.
create table organizations (
    id         uuid        primary key,
    name       text        not null check (char_length(name) between 1 and 80),
    updated_at timestamptz not null,
    updated_by text
);
