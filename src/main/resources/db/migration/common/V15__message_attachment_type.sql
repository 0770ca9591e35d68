-- A file's type (sniffed from its bytes at upload) on the message announcing it, so that clients
-- show images as images without fetching anything first.
ALTER TABLE chat_message ADD COLUMN attachment_type VARCHAR(100);
