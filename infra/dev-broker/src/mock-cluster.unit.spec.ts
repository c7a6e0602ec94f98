describe('librdkafkaProblem', () => {
  const original = process.env.DEV_BROKER_LIBRDKAFKA;
  afterEach(() => {
    if (original === undefined) delete process.env.DEV_BROKER_LIBRDKAFKA;
    else process.env.DEV_BROKER_LIBRDKAFKA = original;
  });

  /** The library name is read when the module loads, so each case loads it afresh. */
  function librdkafkaProblem(): string | undefined {
    let problem: string | undefined;
    jest.isolateModules(() => {
      problem = jest.requireActual<typeof import('./mock-cluster')>('./mock-cluster').librdkafkaProblem();
    });
    return problem;
  }

  it('is nothing where librdkafka is installed (CI installs librdkafka1)', () => {
    expect(librdkafkaProblem()).toBeUndefined();
  });

  it('names the library that does not load', () => {
    process.env.DEV_BROKER_LIBRDKAFKA = '/nonexistent/librdkafka.so.1';

    expect(librdkafkaProblem()).toMatch(/^\/nonexistent\/librdkafka\.so\.1: .*cannot open shared object file/);
  });
});
