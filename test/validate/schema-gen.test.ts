import * as fs from 'fs';
import * as path from 'path';
import { generateSchemaTable, SCHEMA_TABLE_FILE } from '../../src/validate/schema-gen';
import type { SchemaTable } from '../../src/validate/schema-table';

const NODE_MODULES = path.resolve(__dirname, '../../node_modules');
const committed = JSON.parse(fs.readFileSync(SCHEMA_TABLE_FILE, 'utf8')) as SchemaTable;

describe('schema-gen', () => {
  it('regenerates exactly the committed table from the pinned packages', () => {
    // GIVEN cdk8s-plus-27 and kubernetes-models as installed WHEN the table is derived
    const generated = generateSchemaTable({ nodeModules: NODE_MODULES });
    // THEN it equals the committed k8s-1.27-schema.json (else: node -r ./scripts/register.js src/validate/schema-gen.ts)
    expect(generated).toEqual(committed);
  });

  it('covers the kinds shipshape emits, with wire names and refined types', () => {
    // GIVEN the committed table WHEN looked up THEN the kinds and a few refined leaves are there
    expect(committed.kinds['apps/v1']?.Deployment).toBe('io.k8s.api.apps.v1.Deployment');
    expect(committed.kinds['autoscaling/v2']?.HorizontalPodAutoscaler).toBe(
      'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
    );
    expect(committed.types['io.k8s.api.core.v1.ContainerPort']).toEqual({
      fields: {
        containerPort: 'int32',
        hostIP: 'string',
        hostPort: 'int32',
        name: 'string',
        protocol: 'enum:SCTP|TCP|UDP',
      },
      required: ['containerPort'],
    });
    expect(committed.types['io.k8s.api.core.v1.Secret']?.fields.data).toBe('{}byte');
  });
});

// The official 1.27.0 schema data, when ../shared is beside the repo: the table must agree with it exactly.
const SCHEMAS = path.resolve(__dirname, '../../../shared/k8s-schemas');
const official = fs.existsSync(path.join(SCHEMAS, 'v1.27.0-_definitions.json'));
const suite = official ? describe : describe.skip;

interface JsonSchema {
  type?: string;
  format?: string;
  $ref?: string;
  items?: JsonSchema;
  additionalProperties?: JsonSchema;
  properties?: Record<string, JsonSchema>;
}

/** The official schema of a field in the table's encoding (enums compared separately). */
function encode(s: JsonSchema): string {
  if (s.type === 'array' && s.items) return '[]' + encode(s.items);
  if (s.type === 'object' && s.additionalProperties) return '{}' + encode(s.additionalProperties);
  if (s.type === 'integer') return s.format ?? 'int64';
  if (s.type === 'string') return s.format === 'byte' || s.format === 'date-time' ? s.format : 'string';
  if (s.type === 'number' || s.type === 'boolean') return s.type;
  const ref = s.$ref?.split('/').pop() ?? '';
  if (ref.endsWith('.IntOrString')) return 'int-or-string';
  if (ref.endsWith('.Quantity')) return 'quantity';
  if (/meta\.v1\.(Micro)?Time$/.test(ref)) return 'date-time';
  return ref ? `#${ref}` : 'any';
}

suite(
  official
    ? 'schema table vs the official v1.27.0 definitions'
    : 'schema table vs official definitions: SKIPPED, ../shared/k8s-schemas not found',
  () => {
    const defs = official
      ? (
          JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'v1.27.0-_definitions.json'), 'utf8')) as {
            definitions: Record<string, JsonSchema>;
          }
        ).definitions
      : {};

    it('has the same fields for every definition they share (strictness)', () => {
      // GIVEN each official definition that the table has WHEN field names are compared THEN they are the same
      const differences: string[] = [];
      for (const [name, def] of Object.entries(defs)) {
        const mine = committed.types[name];
        if (!mine) continue;
        const a = Object.keys(def.properties ?? {})
          .sort()
          .join(',');
        const b = Object.keys(mine.fields).sort().join(',');
        if (a !== b) differences.push(`${name}: official ${a} / table ${b}`);
      }
      expect(differences).toEqual([]);
    });

    it('has the same leaf types (integers, formats, quantities, int-or-string, refs)', () => {
      // GIVEN each shared field WHEN encoded alike THEN the types agree (the table collapses a few identical
      // structs that cdk8s deduplicates, and keeps JSON-typed CRD schema fields as any)
      const differences: string[] = [];
      for (const [name, def] of Object.entries(defs)) {
        const mine = committed.types[name];
        if (!mine) continue;
        for (const [field, schema] of Object.entries(def.properties ?? {})) {
          const official = encode(schema);
          const ours = (mine.fields[field] ?? '').replace(/enum:.*$/, 'string');
          if (official === ours || /any$/.test(ours) || (official.includes('#') && ours.includes('#')))
            continue;
          differences.push(`${name}.${field}: official ${official} / table ${ours}`);
        }
      }
      expect(differences).toEqual([]);
    });

    it('has exactly the enums of the official 1.27.0 enum list', () => {
      // GIVEN shared/k8s-schemas/v1.27.0-enums.json WHEN compared with the table's enum fields
      const enums = (
        JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'v1.27.0-enums.json'), 'utf8')) as {
          definitions: Record<string, Record<string, { values: string[] }>>;
        }
      ).definitions;
      const differences: string[] = [];
      for (const [name, def] of Object.entries(committed.types)) {
        for (const [field, type] of Object.entries(def.fields)) {
          const ours = /enum:(.*)$/.exec(type)?.[1]?.split('|').sort().join('|');
          const theirs = enums[name]?.[field]?.values.slice().sort().join('|');
          if (ours !== theirs)
            differences.push(`${name}.${field}: official ${theirs ?? '-'} / table ${ours ?? '-'}`);
        }
      }
      // THEN they agree, except AddressType, whose constants that list's generator cannot read (see its README)
      expect(differences).toEqual([
        'io.k8s.api.discovery.v1.EndpointSlice.addressType: official - / table FQDN|IPv4|IPv6',
      ]);
    });
  },
);
