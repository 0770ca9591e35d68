-- The secret a website's backend signs its users' external ids with (HMAC-SHA256), so the widget
-- can say who a visitor is (identity verification). Created when an admin first asks for it.
ALTER TABLE inbox ADD COLUMN identity_secret VARCHAR(128);
