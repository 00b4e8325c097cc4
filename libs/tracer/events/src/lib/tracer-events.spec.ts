import { TRACER_EVENT_TYPES } from '@finplat/contracts';
import { LIFECYCLE_STATUSES } from '@finplat/tracer-domain';
import {
  limitEvent,
  outboxEventOf,
  ruleEvent,
  TRANSITION_CHANGES,
  VALIDATION_EVENT_TYPES,
} from './tracer-events';

const rule = {
  ruleId: '01890000-0000-7000-8000-000000000001',
  name: 'Big ones',
  status: 'ACTIVE',
  updatedAt: '2026-12-03T10:00:00.000Z',
};
const limit = {
  limitId: '01890000-0000-7000-8000-000000000002',
  name: 'Daily cap',
  status: 'DRAFT',
  maxAmount: '1000.10',
  updatedAt: '2026-12-03T11:00:00.000Z',
};

describe('tracer events', () => {
  it('names every lifecycle transition and decision with a declared event type', () => {
    const declared = new Set<string>(TRACER_EVENT_TYPES);
    for (const status of LIFECYCLE_STATUSES) {
      expect(declared).toContain(ruleEvent(TRANSITION_CHANGES[status], rule).type);
      expect(declared).toContain(limitEvent(TRANSITION_CHANGES[status], limit).type);
    }
    for (const type of Object.values(VALIDATION_EVENT_TYPES)) expect(declared).toContain(type);
    expect(TRACER_EVENT_TYPES).toHaveLength(15);
  });

  it('stores an event about its resource, published whole', () => {
    const event = limitEvent('activated', limit);
    expect(event).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'limit.activated',
      occurredAt: limit.updatedAt,
      limitId: limit.limitId,
      limit,
    });
    expect(outboxEventOf(event)).toEqual({
      id: event.id,
      type: 'limit.activated',
      aggregateId: limit.limitId,
      payload: event,
    });
    expect(outboxEventOf(ruleEvent('deleted', rule)).aggregateId).toBe(rule.ruleId);
  });
});
