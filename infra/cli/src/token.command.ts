import { DevIssuer, isRole, ORGANISATION_KINDS, ROLES, type Role } from '@ketenpad/auth';
import { stringOption, UsageError, wholeNumberOption, type CommandSpec, type ParsedArguments } from './arguments';

export const TOKEN_COMMAND: CommandSpec = {
  name: 'token',
  summary: 'Print a bearer token the running dev stack accepts.',
  details: 'Signed with the dev key under .data/dev-issuer/; refused with NODE_ENV=production.',
  options: {
    org: {
      type: 'string',
      value: '<orgId>',
      required: true,
      description: 'organisation, e.g. GM0363 (Amsterdam) or KR-001 (chain coordinator)',
    },
    role: {
      type: 'string',
      value: '<role>[,<role>]',
      required: true,
      description: `one or more of ${ROLES.join(', ')}`,
    },
    kind: {
      type: 'string',
      value: '<kind>',
      description: `organisation kind, for an organisation outside the dev directory: ${ORGANISATION_KINDS.join(', ')}`,
    },
    ttl: { type: 'string', value: '<seconds>', description: 'lifetime (default 1 hour; services refuse tokens older than AUTH_MAX_TOKEN_AGE_SECONDS, default 3600)' },
  },
};

/**
 * Prints a bearer token signed by the dev issuer, whose key the locally running
 * services trust (`.data/dev-issuer/key.json`). Refused in production mode.
 */
export async function tokenCommand(args: ParsedArguments): Promise<number> {
  const org = stringOption(args, 'org')!;
  const roles = stringOption(args, 'role')!
    .split(',')
    .map((r) => r.trim());
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length > 0) throw new UsageError(`unknown role ${unknown.join(', ')}; use one of ${ROLES.join(', ')}`);
  const ttlSeconds = wholeNumberOption(args, 'ttl', 1);
  const issuer = await DevIssuer.open();
  const token = await issuer.issueFor(org, roles as Role[], { kind: stringOption(args, 'kind'), ttlSeconds });
  process.stdout.write(token + '\n');
  return 0;
}
