// placeholder: the run pipeline (ingest → derive → rules → outputs) lands here next.
export async function runAudit(_opts: Record<string, unknown>): Promise<number> {
  return 0;
}
