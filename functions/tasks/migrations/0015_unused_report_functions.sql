-- overdue_tasks and program_assignees served the program report before task_service.program_report read a
-- program's tasks once for all its parts (issue 14); nothing calls them since. (If exists: a database made from a
-- baseline never had them.)
drop function if exists task_service.overdue_tasks(uuid[]);
drop function if exists task_service.program_assignees(uuid[]);
