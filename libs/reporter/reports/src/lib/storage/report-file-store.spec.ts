import { Readable } from 'node:stream';
import { TenantContext } from '@finplat/tenancy';
import type { TenantConnections } from '@finplat/contracts';
import type { EntityManager } from 'typeorm';
import { ReportFileStore } from './report-file-store';
import type { ReportFileRow, ReportFilesRepository } from './report-files.repository';
import type { ReportObjectStorage } from './report-object-storage';

const REPORT = '01930000-0000-7000-8000-000000000001';
const FILE = {
  fileName: `${REPORT}.csv`,
  contentType: 'text/csv',
  size: 3,
  content: Buffer.from('a,b'),
};

/** The bucket as a map, the rows as a map: what the store does with them, not how S3 works. */
function fakes() {
  const bucket = new Map<string, Buffer>();
  const rows = new Map<string, ReportFileRow>();
  const objects = {
    put: async (key: string, content: Buffer) => void bucket.set(key, content),
    get: async (key: string) => (bucket.has(key) ? Readable.from([bucket.get(key)]) : null),
    delete: async (key: string) => void bucket.delete(key),
  } as unknown as ReportObjectStorage;
  const repository = {
    insert: async (_m: EntityManager, id: string, row: ReportFileRow) => void rows.set(id, row),
    find: async (id: string) => rows.get(id) ?? null,
  } as unknown as ReportFilesRepository;
  return { bucket, rows, objects, repository };
}

const asTenant = <T>(tenantId: string, fn: () => T) =>
  TenantContext.run({ tenantId, connections: {} as TenantConnections }, fn);

describe('ReportFileStore', () => {
  it("should key each tenant's file under its own prefix and keep no bytes in the row", async () => {
    const { bucket, objects, repository } = fakes();
    const store = new ReportFileStore(repository, objects);
    const a = await asTenant('tenant-a', () => store.prepare(REPORT, FILE));
    const b = await asTenant('tenant-b', () => store.prepare(REPORT, FILE));
    expect(a).toMatchObject({ content: null, storageKey: `tenant-a/reports/${REPORT}.csv` });
    expect(b).toMatchObject({ content: null, storageKey: `tenant-b/reports/${REPORT}.csv` });
    expect([...bucket.keys()].sort()).toEqual([
      `tenant-a/reports/${REPORT}.csv`,
      `tenant-b/reports/${REPORT}.csv`,
    ]);
  });

  it('should keep the bytes in the row and touch no bucket without object storage', async () => {
    const { repository } = fakes();
    const store = new ReportFileStore(repository);
    expect(await asTenant('default', () => store.prepare(REPORT, FILE))).toEqual({
      ...FILE,
      storageKey: null,
    });
  });

  it('should refuse to serve an object-stored file when object storage is not configured', async () => {
    const { repository, objects } = fakes();
    const row = await asTenant('default', () =>
      new ReportFileStore(repository, objects).prepare(REPORT, FILE),
    );
    await repository.insert({} as EntityManager, REPORT, row);
    await expect(new ReportFileStore(repository).open(REPORT)).rejects.toThrow(
      /OBJECT_STORAGE_\* is not configured/,
    );
  });
});
