-- An API key may stop working at a set time (the gateway refuses it from then on); null: never.
alter table api_keys add column expires_at timestamptz;
