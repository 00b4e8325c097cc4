#!/usr/bin/env node
// How much does carrying the tenant to the repositories cost per request?
// Compares (a) passing nothing, (b) AsyncLocalStorage behind singletons (what the platform
// does), and (c) Nest REQUEST-scoped providers (the design card's literal reading), for a
// controller -> service -> repository chain. Prints ns per request; no assertions.
import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, Module, Scope } from '@nestjs/common';
import { ContextIdFactory, NestFactory, REQUEST } from '@nestjs/core';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200_000);
const tenants = ['acme', 'globex', 'initech', 'umbrella'];

async function measure(name, iterations, op) {
  for (let i = 0; i < Math.min(10_000, iterations); i += 1) await op(i); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) await op(i);
  const ns = Number(process.hrtime.bigint() - start) / iterations;
  process.stdout.write(`${name.padEnd(44)} ${ns.toFixed(0).padStart(8)} ns/request\n`);
  return ns;
}

// (a) baseline: the tenant is a plain argument.
const repoA = { find: async (tenant) => tenant.length };
const serviceA = { get: async (tenant) => repoA.find(tenant) };

// (b) AsyncLocalStorage behind singletons.
const als = new AsyncLocalStorage();
const repoB = { find: async () => als.getStore().tenantId.length };
const serviceB = { get: async () => repoB.find() };

// (c) Nest REQUEST scope: the provider tree is rebuilt for each request.
class RequestRepo {
  constructor(request) {
    this.request = request;
  }
  async find() {
    return this.request.tenantId.length;
  }
}
Injectable({ scope: Scope.REQUEST })(RequestRepo);
Inject(REQUEST)(RequestRepo, undefined, 0);

class RequestService {
  constructor(repo) {
    this.repo = repo;
  }
  async get() {
    return this.repo.find();
  }
}
Injectable({ scope: Scope.REQUEST })(RequestService);
Reflect.defineMetadata('design:paramtypes', [RequestRepo], RequestService);

class BenchModule {}
Module({ providers: [RequestRepo, RequestService] })(BenchModule);

async function main() {
  process.stdout.write(
    `tenant context cost, ${ITERATIONS} requests each (node ${process.version})\n`,
  );
  const base = await measure('(a) tenant passed as an argument', ITERATIONS, (i) =>
    serviceA.get(tenants[i % 4]),
  );
  const withAls = await measure('(b) AsyncLocalStorage + singletons', ITERATIONS, (i) =>
    als.run({ tenantId: tenants[i % 4] }, () => serviceB.get()),
  );
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  const scoped = await measure(
    '(c) Nest Scope.REQUEST provider tree',
    ITERATIONS / 4,
    async (i) => {
      const contextId = ContextIdFactory.create();
      app.registerRequestByContextId({ tenantId: tenants[i % 4] }, contextId);
      const service = await app.resolve(RequestService, contextId, { strict: false });
      return service.get();
    },
  );
  await app.close();
  process.stdout.write(
    `overhead vs (a): AsyncLocalStorage +${(withAls - base).toFixed(0)} ns, Scope.REQUEST +${(scoped - base).toFixed(0)} ns\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
