import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];

const cached = new WeakSet<Storage>();

/**
 * class-validator looks up a class's rules anew for every object it validates, and the lookup
 * walks every decorated class of the app to find inherited rules: on the posting path that
 * was one of the largest costs of a request. Rules only change while modules load (a decorator
 * registers one), so the lookup is cached per class and options, and the cache is dropped
 * whenever a rule is added.
 */
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  if (cached.has(storage)) return;
  cached.add(storage);
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const addRule = storage.addValidationMetadata.bind(storage);
  let results = new Map<unknown, Map<string, ReturnType<Lookup>>>();

  storage.addValidationMetadata = (metadata) => {
    results = new Map();
    addRule(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    let byOptions = results.get(target);
    if (!byOptions) {
      byOptions = new Map();
      results.set(target, byOptions);
    }
    const options = JSON.stringify([schema, always, strictGroups, groups ?? null]);
    let metadatas = byOptions.get(options);
    if (!metadatas) {
      metadatas = lookup(target, schema, always, strictGroups, groups);
      byOptions.set(options, metadatas);
    }
    // A copy: callers own the array they get, as they did before.
    return [...metadatas];
  };
}
