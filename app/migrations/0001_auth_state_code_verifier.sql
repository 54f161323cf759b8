-- PKCE (RFC 7636): a pending sign-in keeps the code verifier it will send with the code.
ALTER TABLE auth_state ADD COLUMN code_verifier TEXT;
