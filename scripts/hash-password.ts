// `npm run hash-password`: prints the ADMIN_PASSWORD_HASH (or LOCAL_USERS passwordHash) for a password
// read from standard input, so the password never appears in the shell history or a process list.
import { createInterface } from 'node:readline';
import { hashPassword } from '../lib/auth/passwords';

async function main() {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) process.stderr.write('Password (at least 12 characters): ');
  const password = await new Promise<string>((resolve) => rl.once('line', resolve));
  rl.close();
  if (password.length < 12) {
    console.error('The password must be at least 12 characters.');
    process.exit(1);
  }
  console.log(await hashPassword(password));
}

void main();
