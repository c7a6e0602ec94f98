import { Client } from 'pg';

/** Checksums of the read model: every entry in canonical order, every summary state. */
export async function projectionChecksum(url: string): Promise<{ entries: number; summaries: number; entriesMd5: string; summariesMd5: string }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ entries: string; summaries: string; entries_md5: string; summaries_md5: string }>(`
      SELECT (SELECT count(*) FROM timeline_entry) AS entries,
             (SELECT count(*) FROM pathway_summary) AS summaries,
             (SELECT md5(coalesce(string_agg(event_id || '|' || type || '|' || summary || '|' || data::text, ',' ORDER BY pathway_id, occurred_at, topic, kafka_partition, kafka_offset), '')) FROM timeline_entry) AS entries_md5,
             (SELECT md5(coalesce(string_agg(pathway_id || '|' || state::text, ',' ORDER BY pathway_id), '')) FROM pathway_summary) AS summaries_md5`);
    const r = rows[0]!;
    return { entries: Number(r.entries), summaries: Number(r.summaries), entriesMd5: r.entries_md5, summariesMd5: r.summaries_md5 };
  } finally {
    await client.end();
  }
}

