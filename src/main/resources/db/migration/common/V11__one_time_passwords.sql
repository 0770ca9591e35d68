-- A one-time password signs in once: the session it gives may only replace it (ID-8).
ALTER TABLE app_user ADD COLUMN one_time_password_used BOOLEAN DEFAULT FALSE NOT NULL;
