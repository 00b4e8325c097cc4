import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { DataSource } from 'typeorm';
import { SigningKeyEntity } from './signing-key.entity';
import { type ActiveSigningKey, TOKEN_ALGORITHM } from './token-issuer';

const KEY_LOCK = 'tenant-manager:signing-keys';

/**
 * The RS256 keys tokens are signed with, kept in the control plane: generated on the very
 * first start (one instance does it, under an advisory lock), loaded on every later start,
 * so tokens stay valid across restarts and every instance signs with the same key.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit {
  private readonly logger = new Logger(SigningKeysService.name);
  private active?: ActiveSigningKey;

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const row = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [KEY_LOCK]);
      const existing = await manager.findOneBy(SigningKeyEntity, { active: true });
      if (existing) return existing;
      const created = await this.generate();
      await manager.insert(SigningKeyEntity, created);
      this.logger.log(`generated signing key ${created.kid}`);
      return created;
    });
    this.active = {
      kid: row.kid,
      privateKey: (await importJWK(
        row.privateJwk,
        TOKEN_ALGORITHM,
      )) as ActiveSigningKey['privateKey'],
    };
  }

  /** The key that signs new tokens. */
  current(): ActiveSigningKey {
    if (!this.active) throw new Error('signing key not loaded yet');
    return this.active;
  }

  /**
   * Public halves of every stored key, newest first. Read from the database on each call so
   * that all instances publish the same set (rotation adds keys without a restart).
   */
  async publicKeys(): Promise<JWK[]> {
    const rows = await this.dataSource.manager.find(SigningKeyEntity, {
      order: { createdAt: 'DESC' },
    });
    // Only public RSA members leave the process, whatever else a row might hold.
    return rows.map(({ publicJwk: { kty, n, e, kid, alg, use } }) => ({
      kty,
      n,
      e,
      kid,
      alg,
      use,
    }));
  }

  private async generate(): Promise<SigningKeyEntity> {
    const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const meta = { kid, alg: TOKEN_ALGORITHM, use: 'sig' };
    return {
      kid,
      publicJwk: { ...publicJwk, ...meta },
      privateJwk: { ...(await exportJWK(privateKey)), ...meta },
      createdAt: new Date(),
      active: true,
    };
  }
}
