import { backbonePlugins, estimatorPlugins } from '@signflow/core';
import { listDatasets } from '@signflow/data';
import { describeAvailability } from '../backend/select-backend.js';

/** `signflow list`: the estimators, backbones, datasets and backends this installation has. */
export async function listCommand(): Promise<number> {
  const out: string[] = ['Estimators:'];
  for (const p of estimatorPlugins()) out.push(`  ${p.id.padEnd(16)} ${p.description ?? ''}`);
  out.push('', 'Backbones:');
  for (const b of backbonePlugins()) out.push(`  ${b.id.padEnd(16)} ${b.description}`);
  out.push('', 'Datasets:');
  for (const d of listDatasets()) out.push(`  ${d.name.padEnd(16)} ${d.available ? 'available' : `missing: ${d.howToGet}`}`);
  out.push('', 'Backends (fastest first):');
  for (const b of await describeAvailability()) out.push(`  ${b.backend.padEnd(16)} ${b.available ? `available (${b.detail})` : `unavailable: ${b.detail}`}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
