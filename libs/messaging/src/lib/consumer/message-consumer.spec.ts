import type { ConsumeMessage } from 'amqplib';
import { decodeMessage } from './message-consumer';

const ID = '01a23ca2-65d1-7010-8068-37a0461f1460';

const message = (content: string, properties: Record<string, unknown> = {}) =>
  ({
    content: Buffer.from(content),
    properties: { messageId: undefined, type: undefined, ...properties },
    fields: { routingKey: 'thing.created' },
  }) as unknown as ConsumeMessage;

describe('decodeMessage', () => {
  it('should take the id and type from the AMQP properties the relay sets', () => {
    expect(decodeMessage(message('{"n":1}', { messageId: ID, type: 'thing.deleted' }))).toEqual({
      id: ID,
      type: 'thing.deleted',
      body: { n: 1 },
    });
  });

  it("should fall back on the body's id and the routing key", () => {
    expect(decodeMessage(message(`{"id":"${ID}"}`))).toEqual({
      id: ID,
      type: 'thing.created',
      body: { id: ID },
    });
  });

  it('should refuse what cannot be an event', () => {
    expect(decodeMessage(message('not json', { messageId: ID }))).toBeUndefined();
    expect(decodeMessage(message('[1]', { messageId: ID }))).toBeUndefined();
    expect(decodeMessage(message('{"id":"42"}'))).toBeUndefined();
  });
});
