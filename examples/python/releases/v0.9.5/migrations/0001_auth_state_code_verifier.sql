-- 0001_auth_state_code_verifier (v0.9.5): PKCE. The sign-in flow keeps the code verifier it generated
-- next to the state it sent, so the callback can prove it started the flow.

ALTER TABLE auth_state ADD COLUMN code_verifier TEXT;
