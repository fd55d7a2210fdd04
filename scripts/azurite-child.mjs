// One Azurite service (blob or table) under `npm start`: `node scripts/azurite-child.mjs blob|table <azurite args>`.
// It runs in its own process group, so a terminal's Ctrl-C reaches `npm start` (which stops the app
// first, then Azurite) rather than stopping storage while the app still writes its last audit records.
// When `npm start` goes away, even killed, the IPC channel closes and Azurite stops as on Ctrl-C
// (SIGINT: the table service saves its database on SIGINT only).
import { createRequire } from 'node:module';

const [service, ...args] = process.argv.slice(2);
if (service !== 'blob' && service !== 'table') {
  console.error('usage: node scripts/azurite-child.mjs blob|table <azurite arguments>');
  process.exit(2);
}
process.on('disconnect', () => process.kill(process.pid, 'SIGINT'));
process.argv = [process.argv[0], `azurite-${service}`, ...args];
createRequire(import.meta.url)(`../node_modules/azurite/dist/src/${service}/main.js`);
