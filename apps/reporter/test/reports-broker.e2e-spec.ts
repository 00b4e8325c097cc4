import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { connect } from 'amqplib';
import {
  REPORT_DLQ,
  REPORT_JOB_KEY,
  REPORT_JOBS_EXCHANGE,
  REPORT_JOBS_QUEUE,
} from '@finplat/reporter-reports';
import {
  adminQuery,
  captureExchange,
  createVhost,
  deleteVhost,
  vhostUrl,
  type ExchangeCapture,
} from '@finplat/testing';
import request from 'supertest';
import { createReport, settleReport, uploadTemplate } from './support/report-requests';
import { startReporter, type ReporterHarness } from './support/reporter-harness';

/**
 * A TCP relay to the real RabbitMQ that the test can stop and start again on the same port:
 * to the reporter, the broker goes away mid-run (every connection cut, new ones refused) and
 * comes back, while RabbitMQ itself (shared by other suites) keeps running.
 */
class BrokerLink {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = tcpConnect(5672, process.env.RABBITMQ_HOST ?? '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

/**
 * Report jobs through RabbitMQ (decision 0034): with RABBITMQ_URL the job is written to the
 * outbox with its report, relayed to `reporter.generate-report.exchange` and built by the
 * consumer of `reporter.generate-report.queue`. The PostgreSQL poller is left to catch up
 * after REPORT_BROKER_FALLBACK_SEC, set to an hour here, so a report that finishes was built
 * from the queue.
 */
describe('reporter: report jobs through RabbitMQ', () => {
  const vhost = `reporter_broker_${process.pid}_${Date.now()}`;
  const link = new BrokerLink();
  let harness: ReporterHarness;
  let http: ReturnType<typeof request>;
  let jobs: ExchangeCapture;

  beforeAll(async () => {
    await createVhost(vhost);
    await link.start();
    harness = await startReporter({
      RABBITMQ_URL: `amqp://guest:guest@127.0.0.1:${link.port}/${encodeURIComponent(vhost)}`,
      REPORT_BROKER_FALLBACK_SEC: '3600',
      REPORT_POLL_INTERVAL_MS: '100',
    });
    http = request(harness.app.getHttpServer());
    await adminQuery(
      "INSERT INTO t (f, x, n) VALUES ('a', 'x1', 2), ('b', 'x2', 0)",
      [],
      harness.ledger.name,
    );
    jobs = await captureExchange(vhostUrl(vhost), REPORT_JOBS_EXCHANGE, REPORT_JOB_KEY);
  });

  afterAll(async () => {
    await jobs?.close();
    await harness?.close();
    await link.stop();
    await deleteVhost(vhost);
  });

  const template = (content: string) => uploadTemplate(http, content, 'txt', 'broker');
  const create = (templateId: string) => createReport(http, templateId, {});
  const settle = (id: string, tries = 150) => settleReport(http, id, tries);

  const jobRow = async (id: string) =>
    (
      await adminQuery<{ state: string; attempts: number; files: number }>(
        `SELECT j.state, j.attempts, (SELECT count(*)::int FROM report_files f WHERE f.report_id = j.report_id) AS files
           FROM report_jobs j WHERE j.report_id = $1`,
        [id],
        harness.database.name,
      )
    )[0];

  it('should build a report from the queue: the job message relayed, the poller leaving it alone', async () => {
    const id = await create(await template('{% for r in ds.t %}{{ r.f }}{% endfor %}'));
    const report = await settle(id);
    expect(report).toMatchObject({ status: 'Finished', metadata: { attempts: 1 } });
    await jobs.until((messages) => messages.some((m) => m.body.reportId === id));
    const sent = jobs.messages.filter((m) => m.body.reportId === id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ routingKey: REPORT_JOB_KEY, messageId: sent[0].body.id });
    expect(await jobRow(id)).toEqual({ state: 'done', attempts: 1, files: 1 });
    const text = await http.get(`/v1/reports/${id}/download`).expect(200);
    expect(text.text).toBe('ab');
    // The queue is durable and drained: the consumer acked the message.
    const connection = await connect(vhostUrl(vhost));
    const channel = await connection.createChannel();
    expect((await channel.checkQueue(REPORT_JOBS_QUEUE)).messageCount).toBe(0);
    await connection.close();
  });

  it('should end a business failure in Error and put its job in reporter.dlq', async () => {
    const id = await create(await template('{% for r in ds.t %}{% calc 1 / r.n %}{% endfor %}'));
    const report = await settle(id);
    expect(report.status).toBe('Error');
    expect(report.metadata).toMatchObject({
      error: 'division by zero',
      failure: 'business',
      attempts: 1,
    });
    expect(await jobRow(id)).toMatchObject({ state: 'dead', attempts: 1, files: 0 });
    const connection = await connect(vhostUrl(vhost));
    const channel = await connection.createChannel();
    let letter: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && !letter; i += 1) {
      const message = await channel.get(REPORT_DLQ, { noAck: true });
      if (message) {
        const body = JSON.parse(message.content.toString('utf8')) as Record<string, unknown>;
        if (body.reportId === id) letter = body;
      } else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await connection.close();
    expect(letter).toMatchObject({ reportId: id, reason: 'division by zero' });
  });

  it('should retry a job the broker delivered whose data source went away, with backoff, and finish it once', async () => {
    const templateId = await template('{{ ds.t.0.f }}');
    const db = harness.ledger.name;
    await adminQuery(`ALTER DATABASE "${db}" ALLOW_CONNECTIONS false`);
    await adminQuery('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
      db,
    ]);
    try {
      const id = await create(templateId);
      // The first attempt came from the queue (the poller leaves fresh jobs to it for an hour).
      await jobs.until((messages) => messages.some((m) => m.body.reportId === id));
      let report;
      for (let i = 0; i < 100; i += 1) {
        report = (await http.get(`/v1/reports/${id}`).expect(200)).body;
        if (report.metadata.lastError) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(report.status).toBe('Processing');
      expect(report.metadata).toMatchObject({
        attempts: 1,
        lastError: expect.stringContaining('cannot be reached'),
      });
      await adminQuery(`ALTER DATABASE "${db}" ALLOW_CONNECTIONS true`);
      const done = await settle(id, 300);
      expect(done.status).toBe('Finished');
      expect(done.metadata.attempts).toBeGreaterThanOrEqual(2);
      const row = await jobRow(id);
      expect(row).toMatchObject({ state: 'done', files: 1 });
      expect(row.attempts).toBe(done.metadata.attempts);
    } finally {
      await adminQuery(`ALTER DATABASE "${db}" ALLOW_CONNECTIONS true`);
    }
  });

  it('should finish every report exactly once when the broker goes away mid-run and comes back', async () => {
    const templateId = await template('{% for r in ds.t %}{{ r.x }};{% endfor %}');
    const before = [await create(templateId), await create(templateId)];
    expect((await http.get('/readyz').expect(200)).body.checks.broker).toBe('up');
    await link.stop();
    // /readyz names the missing broker but stays 200: reports are still accepted and kept.
    const away = await http.get('/readyz').expect(200);
    expect(away.body.status).toBe('degraded');
    expect(away.body.checks.broker).toMatch(
      /^degraded: RabbitMQ at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:\d+\/.* cannot be reached/,
    );
    const during = [await create(templateId), await create(templateId), await create(templateId)];
    // Nothing builds them while the broker is away: the poller leaves fresh jobs to the queue
    // and their messages wait in the outbox.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const id of during) {
      expect((await http.get(`/v1/reports/${id}`).expect(200)).body.status).toBe('Processing');
      expect(await jobRow(id)).toEqual({ state: 'pending', attempts: 0, files: 0 });
    }
    const [{ waiting }] = await adminQuery<{ waiting: number }>(
      'SELECT count(*)::int AS waiting FROM outbox',
      [],
      harness.database.name,
    );
    expect(waiting).toBeGreaterThanOrEqual(during.length);
    await link.start();
    expect((await http.get('/readyz').expect(200)).body.checks.broker).toBe('up');
    for (const id of [...before, ...during]) {
      expect(await settle(id, 300)).toMatchObject({
        status: 'Finished',
        metadata: { attempts: 1 },
      });
      expect(await jobRow(id)).toEqual({ state: 'done', attempts: 1, files: 1 });
    }
    await jobs.until((messages) =>
      during.every((id) => messages.some((m) => m.body.reportId === id)),
    );
  });
});

describe('reporter: report jobs with the broker unreachable', () => {
  const link = new BrokerLink();
  let harness: ReporterHarness;

  beforeAll(async () => {
    // A port where the broker was and no longer answers: messages cannot leave the outbox.
    await link.start();
    await link.stop();
    harness = await startReporter({
      RABBITMQ_URL: `amqp://guest:guest@127.0.0.1:${link.port}/nowhere`,
      REPORT_BROKER_FALLBACK_SEC: '1',
      REPORT_POLL_INTERVAL_MS: '100',
    });
    await adminQuery("INSERT INTO t (f, x, n) VALUES ('only', 'x', 1)", [], harness.ledger.name);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('should have the PostgreSQL poller build a job the broker has not delivered after REPORT_BROKER_FALLBACK_SEC', async () => {
    const http = request(harness.app.getHttpServer());
    const tpl = await http
      .post('/v1/templates')
      .attach('template', Buffer.from('{{ ds.t.0.f }}'), {
        filename: 'r.tpl',
        contentType: 'text/plain',
      })
      .field('outputFormat', 'txt')
      .field('description', 'fallback')
      .expect(201);
    const created = await http.post('/v1/reports').send({ templateId: tpl.body.id }).expect(201);
    let status = 'Processing';
    for (let i = 0; i < 100 && status === 'Processing'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await http.get(`/v1/reports/${created.body.id}`).expect(200)).body.status;
    }
    expect(status).toBe('Finished');
    expect((await http.get(`/v1/reports/${created.body.id}/download`).expect(200)).text).toBe(
      'only',
    );
    // The job message is still in the outbox: the report was built without it.
    const [{ waiting }] = await adminQuery<{ waiting: number }>(
      'SELECT count(*)::int AS waiting FROM outbox WHERE aggregate_id = $1',
      [created.body.id],
      harness.database.name,
    );
    expect(waiting).toBe(1);
  });
});
