-- The current definitions of auth_service's triggers: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a trigger here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

CREATE OR REPLACE TRIGGER email_requests_publish AFTER INSERT ON auth_service.email_requests FOR EACH ROW EXECUTE FUNCTION auth_service.publish_email_request();

CREATE OR REPLACE TRIGGER external_accounts_publish_registered AFTER INSERT ON auth_service.external_accounts FOR EACH ROW EXECUTE FUNCTION auth_service.publish_user_registered();

CREATE OR REPLACE TRIGGER users_publish_registered AFTER INSERT ON auth_service.users FOR EACH ROW EXECUTE FUNCTION auth_service.publish_user_registered();
