import { DomainError } from '@finplat/platform';
import { objectStorageError } from './report-object-storage';

const unavailable = (error: unknown) => {
  const mapped = objectStorageError(error);
  return mapped instanceof DomainError && mapped.definition.kind === 'unavailable'
    ? mapped.details
    : undefined;
};

describe('objectStorageError', () => {
  it('should make an unreachable store an object-storage outage', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), {
      code: 'ECONNREFUSED',
      $metadata: {},
    });
    expect(unavailable(refused)).toMatchObject({
      dependency: 'object-storage',
      reason: 'ECONNREFUSED',
    });
  });

  it('should make a 5xx answer or a timeout an outage', () => {
    const slowDown = Object.assign(new Error('Please reduce your request rate.'), {
      name: 'SlowDown',
      $metadata: { httpStatusCode: 503 },
    });
    expect(unavailable(slowDown)).toMatchObject({
      dependency: 'object-storage',
      reason: 'SlowDown (HTTP 503)',
    });
    expect(unavailable(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toMatchObject({
      dependency: 'object-storage',
    });
  });

  it('should leave a refusal that waiting cannot fix as it is', () => {
    const denied = Object.assign(new Error('Access Denied'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    expect(objectStorageError(denied)).toBe(denied);
    const noBucket = Object.assign(new Error('no bucket'), {
      name: 'NoSuchBucket',
      $metadata: { httpStatusCode: 404 },
    });
    expect(objectStorageError(noBucket)).toBe(noBucket);
  });
});

describe('objectStorageError: a socket error re-wrapped by the SDK', () => {
  it('should read the socket error from the message when the code was dropped', () => {
    const wrapped = Object.assign(
      new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:9000'),
      { $metadata: {} },
    );
    expect(unavailable(wrapped)).toMatchObject({
      dependency: 'object-storage',
      reason: 'ECONNREFUSED',
    });
  });

  it('should not read a socket error into an S3 answer that mentions one', () => {
    const answered = Object.assign(new Error('key ECONNREFUSED.txt is invalid'), {
      name: 'InvalidArgument',
      $metadata: { httpStatusCode: 400 },
    });
    expect(objectStorageError(answered)).toBe(answered);
  });
});
