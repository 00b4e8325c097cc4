import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainError, PlatformErrors } from '@finplat/platform';
import type { Request } from 'express';
import { LedgerErrors } from './ledger.errors';
import { METADATA_MAX_KEY_LENGTH, METADATA_MAX_VALUE_LENGTH } from './metadata';

/**
 * One metadata condition of a list: the entity's metadata must hold `key` with one of the
 * candidate values. Each candidate is the JSON text of a one-key object, ready for `@>`.
 */
export interface MetadataCondition {
  key: string;
  candidates: string[];
}

const PREFIX = 'metadata.';
/** JSON's number grammar: what `metadata.k=12.5` must look like to also match the number 12.5. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const containment = (key: string, literal: string) => `{${JSON.stringify(key)}:${literal}}`;

function checkKey(key: string, parameter: string): void {
  if (key.length === 0) {
    throw new DomainError(
      PlatformErrors.INVALID_QUERY_PARAMETER,
      `The query parameter ${parameter} names no metadata key.`,
      { fields: { [parameter]: 'expected metadata.<key>=<value>' } },
    );
  }
  if (key.length > METADATA_MAX_KEY_LENGTH) {
    throw new DomainError(
      LedgerErrors.METADATA_KEY_TOO_LONG,
      `The metadata key ${key.slice(0, 20)}… exceeds ${METADATA_MAX_KEY_LENGTH} characters.`,
      { fields: { [`metadata.${key.slice(0, 20)}`]: 'key too long' } },
    );
  }
}

function checkValue(key: string, value: string): void {
  if (value.length > METADATA_MAX_VALUE_LENGTH) {
    throw new DomainError(
      LedgerErrors.METADATA_VALUE_TOO_LONG,
      `The metadata filter value of ${key} exceeds ${METADATA_MAX_VALUE_LENGTH} characters.`,
      { fields: { [`metadata.${key}`]: 'value too long' } },
    );
  }
}

/**
 * `metadata.<key>=<value>`: query strings carry only text, so the value always matches the
 * string `"<value>"`; when the text is a JSON number (`12`, `-3.5`, `1e3`) it also matches that
 * number, and `true` / `false` also match the booleans. `metadata.tier=2` therefore finds both
 * `{"tier": 2}` and `{"tier": "2"}`; `metadata.tier=02` finds only the string "02".
 */
export function candidatesOf(key: string, value: string): string[] {
  const candidates = [containment(key, JSON.stringify(value))];
  if (JSON_NUMBER.test(value) && Number.isFinite(Number(value))) {
    // The number's own text goes into the JSON, so no precision is lost on the way.
    candidates.push(containment(key, value));
  } else if (value === 'true' || value === 'false') {
    candidates.push(containment(key, value));
  }
  return candidates;
}

/** `metadata={"k": v, …}` (the form Midaz's OpenAPI documents): each value matched exactly as typed. */
function conditionsOfJson(text: string): MetadataCondition[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DomainError(
      PlatformErrors.INVALID_QUERY_PARAMETER,
      'The query parameter metadata must be a JSON object of flat key/value pairs.',
      { fields: { metadata: 'expected a JSON object' } },
    );
  }
  return Object.entries(parsed as Record<string, unknown>).map(([key, value]) => {
    checkKey(key, 'metadata');
    if (value !== null && typeof value === 'object') {
      throw new DomainError(
        LedgerErrors.NESTED_METADATA,
        `The metadata filter value of ${key} must be a string, number, boolean or null.`,
        { fields: { [`metadata.${key}`]: 'nested values are not allowed' } },
      );
    }
    checkValue(key, String(value));
    return { key, candidates: [containment(key, JSON.stringify(value))] };
  });
}

/**
 * The metadata conditions of a query string. Several keys are combined with AND; a key sent
 * twice keeps its last value (as Midaz keeps the last `metadata.*` parameter).
 */
export function parseMetadataFilter(params: URLSearchParams): MetadataCondition[] {
  const byKey = new Map<string, MetadataCondition>();
  for (const [name, value] of params) {
    if (name === 'metadata') {
      for (const condition of conditionsOfJson(value)) byKey.set(condition.key, condition);
    } else if (name.startsWith(PREFIX)) {
      const key = name.slice(PREFIX.length);
      checkKey(key, name);
      checkValue(key, value);
      byKey.set(key, { key, candidates: candidatesOf(key, value) });
    }
  }
  return [...byKey.values()];
}

/** The metadata conditions of a request URL (path plus query string). */
export function metadataFilterOfUrl(url: string): MetadataCondition[] {
  const query = url.indexOf('?');
  return query < 0 ? [] : parseMetadataFilter(new URLSearchParams(url.slice(query + 1)));
}

/**
 * Injects the request's `metadata.<key>=<value>` conditions. They are read from the raw URL
 * because the validation pipe drops query parameters that no DTO declares.
 */
export const MetadataFilter = createParamDecorator(
  (_data: unknown, context: ExecutionContext): MetadataCondition[] => {
    const request = context.switchToHttp().getRequest<Request>();
    return metadataFilterOfUrl(request.originalUrl ?? request.url);
  },
);
