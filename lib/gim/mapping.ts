// Which export tables and columns the interactions index reads, as one piece of configuration
// (GIM_MAPPING, JSON, merged over these defaults). Names follow Genesys Info Mart's physical data
// model; a tenant whose export differs changes the names here, not the code. Pure.
import { z } from 'zod';

const column = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_]{1,128}$/, 'a column name is 1-128 letters, digits or underscores');
const table = column;
const container = z
  .string()
  .regex(/^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/, 'a container name is 3-63 lowercase letters, digits and single hyphens');

export const mappingSchema = z
  .object({
    /** Where the chunks are: `<prefix>export_<hwm>_<date>/export_<hwm>_<date>.zip`. */
    exportContainer: container,
    exportPrefix: z
      .string()
      .max(256)
      .regex(/^([^/]+\/)*$/, 'exportPrefix is empty or a folder path ending in /'),
    /** Where the recordings are; their names start with the join key (`<tenant>/<key>_…`). */
    recordingsContainer: container,
    interaction: z.object({
      table,
      /** The join key: the id recording names start with. */
      joinKey: column,
      /** The export's own row id, which the resource facts refer to. */
      id: column,
      start: column,
      end: column,
      source: column,
      target: column,
      mediaTypeKey: column,
      interactionTypeKey: column,
    }),
    /** The customer's address, by interaction type code: the column searched as "customer". */
    customerAddress: z.record(z.string().regex(/^[A-Z_]{1,32}$/), column),
    resourceFact: z.object({ table, interactionId: column, resourceKey: column }),
    resource: z.object({
      table,
      key: column,
      typeCode: column,
      agentType: z.string().min(1).max(32),
      firstName: column,
      lastName: column,
      employeeId: column,
      name: column,
    }),
    mediaType: z.object({ table, key: column, name: column, code: column }),
    interactionType: z.object({ table, key: column, name: column, code: column }),
  })
  .strict();

export type GimMapping = z.output<typeof mappingSchema>;

export const DEFAULT_MAPPING: GimMapping = {
  exportContainer: 'gim-export',
  exportPrefix: '',
  recordingsContainer: 'recordings',
  // Columns as in https://docs.genesys.com/Documentation/PSAAS/latest/RPRT/Table-INTERACTION_FACT
  interaction: {
    table: 'INTERACTION_FACT',
    joinKey: 'MEDIA_SERVER_IXN_GUID',
    id: 'INTERACTION_ID',
    start: 'START_TS',
    end: 'END_TS',
    source: 'SOURCE_ADDRESS',
    target: 'TARGET_ADDRESS',
    mediaTypeKey: 'MEDIA_TYPE_KEY',
    interactionTypeKey: 'INTERACTION_TYPE_KEY',
  },
  // Inbound: the customer called from SOURCE_ADDRESS; outbound: the customer was dialled at TARGET_ADDRESS.
  customerAddress: { INBOUND: 'SOURCE_ADDRESS', OUTBOUND: 'TARGET_ADDRESS', INTERNAL: 'SOURCE_ADDRESS' },
  // The IRF table: https://docs.genesys.com/Documentation/GIM/latest/PDMOra/InfoMartTables (RESOURCE_KEY as in Table-IXN_RESOURCE_STATE_FACT)
  resourceFact: { table: 'INTERACTION_RESOURCE_FACT', interactionId: 'INTERACTION_ID', resourceKey: 'RESOURCE_KEY' },
  // RESOURCE_'s columns are unconfirmed: its Table-RESOURCE_ page was not among the Genesys pages searched; rename them here if they differ.
  resource: {
    table: 'RESOURCE_',
    key: 'RESOURCE_KEY',
    typeCode: 'RESOURCE_TYPE_CODE',
    agentType: 'AGENT',
    firstName: 'AGENT_FIRST_NAME',
    lastName: 'AGENT_LAST_NAME',
    employeeId: 'EMPLOYEE_ID',
    name: 'RESOURCE_NAME',
  },
  // MEDIA_TYPE joins on INTERACTION_FACT.MEDIA_TYPE_KEY: https://docs.genesys.com/Documentation:GIM:DBCompatibility:MMEDIA_IXN_FACT_EXT:8.1.0
  mediaType: { table: 'MEDIA_TYPE', key: 'MEDIA_TYPE_KEY', name: 'MEDIA_NAME', code: 'MEDIA_NAME_CODE' },
  interactionType: { table: 'INTERACTION_TYPE', key: 'INTERACTION_TYPE_KEY', name: 'INTERACTION_TYPE', code: 'INTERACTION_TYPE_CODE' },
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; anything else replaces. */
function merge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
  return out;
}

/** GIM_MAPPING's text over the defaults; a sentence naming the problem when it does not fit. */
export function parseMapping(text: string | undefined): { ok: true; mapping: GimMapping } | { ok: false; message: string } {
  if (!text?.trim()) return { ok: true, mapping: DEFAULT_MAPPING };
  let over: unknown;
  try {
    over = JSON.parse(text);
  } catch {
    return { ok: false, message: 'GIM_MAPPING must be JSON, for example {"interaction":{"joinKey":"MEDIA_SERVER_IXN_GUID"}}.' };
  }
  if (!isObject(over)) return { ok: false, message: 'GIM_MAPPING must be a JSON object.' };
  // customerAddress replaces as a whole: a tenant naming its own types should not inherit ours.
  const merged = merge(DEFAULT_MAPPING, { ...over, customerAddress: undefined }) as Record<string, unknown>;
  if ('customerAddress' in over) merged.customerAddress = over.customerAddress;
  const parsed = mappingSchema.safeParse(merged);
  if (!parsed.success) {
    return {
      ok: false,
      message: `GIM_MAPPING: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
    };
  }
  return { ok: true, mapping: parsed.data };
}
