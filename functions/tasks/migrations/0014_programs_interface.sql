-- The task figures the programs service needs (a program's progress, how many tasks it has) become functions of
-- program_service that this service implements (functions/tasks/definitions/functions.sql, at the end): programs
-- no longer calls up into task_service (issue 13; docs/decisions/0026-sql-definitions.md, "Interfaces implemented
-- above"). The old ones go; their callers are in this release.
grant usage, create on schema program_service to task_service_definer;  -- create: to own the functions it implements there
drop function task_service.progress_counts(uuid[]);
drop function task_service.task_count(uuid, uuid);
