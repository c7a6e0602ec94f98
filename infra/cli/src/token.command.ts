import { DevIssuer, isRole, ROLES, type Role } from '@ketenpad/auth';
import { stringOption, type ParsedArguments } from './arguments';

/**
 * Prints a bearer token signed by the dev issuer, whose key the locally running
 * services trust (`.data/dev-issuer/key.json`). Refused in production mode.
 */
export async function tokenCommand(args: ParsedArguments): Promise<number> {
  const org = stringOption(args, 'org');
  const roleOption = stringOption(args, 'role');
  if (!org || !roleOption) {
    process.stderr.write('usage: ketenpad token --org <orgId> --role <role>[,<role>] [--kind <kind>] [--ttl <seconds>]\n');
    return 1;
  }
  const roles = roleOption.split(',').map((r) => r.trim());
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length > 0) {
    process.stderr.write(`unknown role ${unknown.join(', ')}; use one of ${ROLES.join(', ')}\n`);
    return 1;
  }
  const ttl = stringOption(args, 'ttl');
  const issuer = await DevIssuer.open();
  const token = await issuer.issueFor(org, roles as Role[], {
    kind: stringOption(args, 'kind'),
    ttlSeconds: ttl === undefined ? undefined : parseInt(ttl, 10),
  });
  process.stdout.write(token + '\n');
  return 0;
}
