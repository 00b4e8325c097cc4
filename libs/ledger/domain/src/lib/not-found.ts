import { DomainError, PlatformErrors } from '@finplat/platform';

/** 404 0007 naming the entity that is missing from the path or the body. */
export const entityNotFound = (entityType: string, id: string) =>
  new DomainError(
    PlatformErrors.ENTITY_NOT_FOUND,
    `No ${entityType.toLowerCase()} with id ${id} was found.`,
    {
      entityType,
    },
  );
