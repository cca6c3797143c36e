/** Post a file with the form the API handed out, straight to the file store (S3's presigned POST, or the local
 * gateway's file store): every field of the form, then the file. */
export async function uploadToStore(form: { url: string; fields: Record<string, string> }, file: File): Promise<void> {
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  body.append("file", file);
  const response = await fetch(form.url, { method: "POST", body });
  if (!response.ok) throw new Error(String(response.status));
}
