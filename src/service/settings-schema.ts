/**
 * The settings' defaults and JSON schema (one per top-level key, the form electron-store takes),
 * and a small validator for that schema, so the desktop app, `netlens serve` and every
 * `settings:set` check settings the same way.
 */
import { fail, ok, type Result } from '../api/errors.js';
import type { Settings, SettingsPatch } from '../api/settings.js';
import { defaultThresholds, THRESHOLDS } from '../api/thresholds.js';
import { deliveryChannels } from './engine-delivery.js';
import { MAX_FILTER_CHARS, shown } from './request-bounds.js';

type JsonType = 'object' | 'string' | 'number' | 'integer' | 'boolean' | 'array';

export interface JsonSchema {
  /** One type, or [type, 'null'] for a value that may be null. */
  type: JsonType | [JsonType, 'null'];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: false;
  items?: JsonSchema;
  maxItems?: number;
  enum?: readonly (string | number)[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  default?: unknown;
}

export const DEFAULT_SETTINGS: Settings = {
  lastInterface: '',
  captureFilter: '',
  viewFilter: { protocol: '', src: '', dst: '', port: null, host: '' },
  thresholds: defaultThresholds(),
  probe: { enabled: true, targets: [] },
  logging: { enabled: false, folder: '', rotateMb: 100 },
  notifications: { desktop: true, minSeverity: 'warning' },
  delivery: {
    webhook: { enabled: false, url: '', minSeverity: 'warning', allowPrivateTargets: false },
    email: {
      enabled: false,
      host: '',
      port: 587,
      secure: false,
      user: '',
      password: '',
      passwordSaved: false,
      from: '',
      to: '',
      minSeverity: 'critical',
    },
  },
  theme: 'system',
};

const str = (maxLength = 1024): JsonSchema => ({ type: 'string', maxLength });
const int = (minimum: number, maximum: number): JsonSchema => ({ type: 'integer', minimum, maximum });
const num = (minimum: number, maximum: number): JsonSchema => ({ type: 'number', minimum, maximum });
const bool: JsonSchema = { type: 'boolean' };
const obj = (properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});
const severity: JsonSchema = { type: 'string', enum: ['info', 'warning', 'critical'] };
/** `schema` with the named properties no longer required. */
const optional = (schema: JsonSchema, ...names: string[]): JsonSchema => ({
  ...schema,
  required: schema.required?.filter((k) => !names.includes(k)),
});

export const SETTINGS_SCHEMA: { [K in keyof Settings]: JsonSchema } = {
  lastInterface: str(256),
  captureFilter: str(MAX_FILTER_CHARS),
  viewFilter: obj({
    protocol: str(64),
    src: str(64),
    dst: str(64),
    port: { type: ['integer', 'null'], minimum: 0, maximum: 65535 },
    host: str(256),
  }),
  thresholds: obj(
    Object.fromEntries(
      Object.entries(THRESHOLDS).map(([k, d]) => [k, d.integer ? int(d.min, d.max) : num(d.min, d.max)]),
    ),
  ),
  probe: obj({
    enabled: bool,
    targets: {
      type: 'array',
      maxItems: 8,
      items: obj({ host: str(253), kind: { type: 'string', enum: ['gateway', 'dns', 'public', 'custom'] } }),
    },
  }),
  logging: obj({ enabled: bool, folder: str(4096), rotateMb: int(0, 1_000_000) }),
  notifications: obj({ desktop: bool, minSeverity: { type: 'string', enum: ['warning', 'critical'] } }),
  delivery: obj({
    // allowPrivateTargets came later: settings saved before it are valid without it
    webhook: optional(
      obj({ enabled: bool, url: str(2048), minSeverity: severity, allowPrivateTargets: bool }),
      'allowPrivateTargets',
    ),
    // passwordSaved is in answers only (settings files from before it are valid without it)
    email: optional(
      obj({
        enabled: bool,
        host: str(253),
        port: int(1, 65535),
        secure: bool,
        user: str(256),
        password: str(1024),
        passwordSaved: bool,
        from: str(320),
        to: str(2048),
        minSeverity: severity,
      }),
      'passwordSaved',
    ),
  }),
  theme: { type: 'string', enum: ['system', 'light', 'dark'] },
};

/** Checks `value` against `schema`; returns where and why it does not fit, or null. */
export function schemaError(schema: JsonSchema, value: unknown, path: string): string | null {
  let type = schema.type;
  if (Array.isArray(type)) {
    if (value === null) return null;
    type = type[0];
  }
  switch (type) {
    case 'string':
      if (typeof value !== 'string') return `${path} must be text`;
      if (schema.maxLength !== undefined && value.length > schema.maxLength)
        return `${path} is longer than ${schema.maxLength} characters`;
      break;
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${path} must be a number`;
      if (type === 'integer' && !Number.isInteger(value)) return `${path} must be a whole number`;
      if (schema.minimum !== undefined && value < schema.minimum) return `${path} must be at least ${schema.minimum}`;
      if (schema.maximum !== undefined && value > schema.maximum) return `${path} must be at most ${schema.maximum}`;
      break;
    case 'boolean':
      if (typeof value !== 'boolean') return `${path} must be true or false`;
      break;
    case 'array': {
      if (!Array.isArray(value)) return `${path} must be a list`;
      if (schema.maxItems !== undefined && value.length > schema.maxItems)
        return `${path} has more than ${schema.maxItems} entries`;
      for (let i = 0; i < value.length; i++) {
        const e = schema.items ? schemaError(schema.items, value[i], `${path}[${i}]`) : null;
        if (e) return e;
      }
      break;
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path} must be an object`;
      const v = value as Record<string, unknown>;
      const props = schema.properties ?? {};
      for (const k of schema.required ?? []) if (!(k in v)) return `${path}.${k} is missing`;
      for (const [k, x] of Object.entries(v)) {
        const p = Object.hasOwn(props, k) ? props[k] : undefined;
        if (!p) {
          if (schema.additionalProperties === false) return `${path} has no field ${shown(k)}`;
          continue;
        }
        const e = schemaError(p, x, `${path}.${k}`);
        if (e) return e;
      }
      break;
    }
  }
  if (schema.enum && !schema.enum.includes(value as string | number))
    return `${path} must be one of ${schema.enum.join(', ')}`;
  return null;
}

/** Checks a settings:set argument: known top-level keys, each a whole, valid group. */
export function validateSettingsPatch(raw: unknown): Result<SettingsPatch> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('invalid-argument', 'settings must be an object', 'send the groups to change, e.g. { theme: "dark" }');
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const schema = Object.hasOwn(SETTINGS_SCHEMA, key)
      ? (SETTINGS_SCHEMA as Record<string, JsonSchema>)[key]
      : undefined;
    if (!schema)
      return fail(
        'invalid-argument',
        `there is no setting ${shown(key)}`,
        `settings: ${Object.keys(SETTINGS_SCHEMA).join(', ')}`,
      );
    const e = schemaError(schema, value, key);
    if (e) return fail('invalid-argument', `invalid setting: ${e}`, 'fix that value and save again');
    if (key === 'delivery') {
      // an enabled channel must be one that can deliver (a URL, email addresses...)
      const d = deliveryChannels(value as Settings['delivery']);
      if (!d.ok) return d;
    }
    out[key] = value;
  }
  return ok(out as SettingsPatch);
}

/** Fills what a stored settings object lacks (or has wrong) from the defaults, group by group. */
export function completeSettings(stored: unknown): Settings {
  const s: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (typeof stored === 'object' && stored !== null) {
    for (const [key, value] of Object.entries(stored as Record<string, unknown>)) {
      if (!Object.hasOwn(SETTINGS_SCHEMA, key)) continue;
      const r = validateSettingsPatch({ [key]: value });
      if (r.ok) s[key] = (r.value as Record<string, unknown>)[key];
    }
  }
  return structuredClone(s) as unknown as Settings;
}
