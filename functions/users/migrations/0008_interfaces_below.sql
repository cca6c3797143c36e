-- What auth and orgs ask of this service (an account's language, the member lists' names) become functions of
-- their schemas that this service implements (functions/users/definitions/functions.sql, at the end): they no
-- longer call up into user_service (issue 13; docs/decisions/0026-sql-definitions.md, "Interfaces implemented
-- above"). The old member-list contract goes; its caller is in this release. notification_recipients stays: the
-- notifications service, above this one, reads it.
grant usage, create on schema auth_service, organization_service to user_service_definer;  -- create: to own what it implements there
drop function user_service.people(uuid[]);
