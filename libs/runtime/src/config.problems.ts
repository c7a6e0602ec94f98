/**
 * Settings that keep a service from starting, each phrased for the operator
 * who fixes them (`AUTH_ISSUER is required in production`). One error carries
 * every problem a loader found, so nobody fixes them one start attempt at a time.
 */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: string | readonly string[]) {
    // Several loaders report the same NODE_ENV problem: list it once.
    const unique = typeof problems === 'string' ? [problems] : [...new Set(problems)];
    super(unique.join('\n'));
    this.name = 'ConfigError';
    this.problems = unique;
  }
}

type Loaders = readonly (() => unknown)[];

/**
 * Runs every settings loader and returns their results, or throws one
 * ConfigError listing the problems of all of them. Loaders only read settings,
 * so an error that is not a ConfigError (a loader of an older style that throws
 * a plain Error) is a settings problem too, listed by its message.
 */
export function checkSettings<const L extends Loaders>(loaders: L): { -readonly [K in keyof L]: ReturnType<L[K]> } {
  const problems: string[] = [];
  const results = loaders.map((load) => {
    try {
      return load();
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else problems.push(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return results as { -readonly [K in keyof L]: ReturnType<L[K]> };
}
