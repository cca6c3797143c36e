-- A signatory's NIM under their signature on the organization's documents (issue 12: an approved LPJ is
-- signed "Nama / NIM. ..."). The NIM was promised to its owner alone (private_details), so it is printed
-- only for who chose so in their profile (docs/decisions/0024-nim-on-documents.md), and only to whom the
-- person's name is shown anyway (display_names: fellow members, a service).

alter table user_service.private_details
  add column student_number_on_documents boolean not null default false;

-- The definer reads a number only where its owner chose to have it printed: RLS, not only the function.
create policy definer_reads_printed_numbers on user_service.private_details for select to user_service_definer
  using (student_number_on_documents);
grant select (user_id, student_number, student_number_on_documents) on user_service.private_details
  to user_service_definer;

create function user_service.document_numbers(ids uuid[])
  returns table (user_id uuid, student_number text) language plpgsql stable security definer set search_path = ''
  as $fn$
  begin
    return query
    select d.user_id, d.student_number
    from user_service.display_names(ids) n join user_service.private_details d on d.user_id = n.user_id
    where d.student_number_on_documents and d.student_number is not null;
  end
  $fn$;
alter function user_service.document_numbers(uuid[]) owner to user_service_definer;
revoke all on function user_service.document_numbers(uuid[]) from public;
grant execute on function user_service.document_numbers(uuid[]) to authenticated, service_role;
