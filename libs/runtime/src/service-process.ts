/**
 * Node flags every service process runs with, in production (infra/docker/Dockerfile
 * repeats them in its CMD) and wherever tests and benchmarks start a service as a
 * process. V8 otherwise lets a service's heap grow lazily towards its default limit
 * under load: at 150 commands/s the timeline reached 251 MB resident with the
 * default and 154 MB with a 128 MB old space, at the same latency (QUALITY.md B7:
 * ≤ 250 MB each). 160 MB leaves room for the municipality's largest DDAS exports.
 */
export const SERVICE_NODE_ARGS: readonly string[] = ['--max-old-space-size=160'];
