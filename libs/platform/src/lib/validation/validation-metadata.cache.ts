import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];
type Group = Storage['groupByPropertyName'];

const cached = new WeakSet<Storage>();

/**
 * class-validator looks up a class's rules anew for every object it validates, and the lookup
 * walks every decorated class of the app to find inherited rules: on the posting path that
 * was one of the largest costs of a request. Rules only change while modules load (a decorator
 * registers one), so the lookup is cached per class and options, and the cache is dropped
 * whenever a rule is added. The same goes for the grouping of a class's rules by property,
 * which the validator also redoes for every object. Cached arrays are frozen: every caller
 * only reads them, and one that tried to change a shared array would fail loudly.
 */
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  if (cached.has(storage)) return;
  cached.add(storage);
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group: Group = storage.groupByPropertyName.bind(storage);
  const addRule = storage.addValidationMetadata.bind(storage);
  let results = new Map<unknown, Map<string, ReturnType<Lookup>>>();
  const groups = new WeakMap<object, ReturnType<Group>>();

  storage.addValidationMetadata = (metadata) => {
    results = new Map();
    addRule(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groupNames) => {
    let byOptions = results.get(target);
    if (!byOptions) {
      byOptions = new Map();
      results.set(target, byOptions);
    }
    const options = `${schema ?? ''}|${always}|${strictGroups}|${groupNames ? JSON.stringify(groupNames) : ''}`;
    let metadatas = byOptions.get(options);
    if (!metadatas) {
      metadatas = Object.freeze(
        lookup(target, schema, always, strictGroups, groupNames),
      ) as ReturnType<Lookup>;
      byOptions.set(options, metadatas);
    }
    return metadatas;
  };
  storage.groupByPropertyName = (metadatas) => {
    if (!Object.isFrozen(metadatas)) return group(metadatas);
    let grouped = groups.get(metadatas);
    if (!grouped) {
      grouped = group(metadatas);
      for (const list of Object.values(grouped)) Object.freeze(list);
      groups.set(metadatas, Object.freeze(grouped));
    }
    return grouped;
  };
}
