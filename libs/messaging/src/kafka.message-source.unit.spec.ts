import { KeyedGate } from './kafka.message-source';

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Enters the gate and records when the batch was admitted. */
function entering(gate: KeyedGate, name: string, keys: readonly string[], admitted: string[]) {
  return gate.enter(new Set(keys)).then((release) => {
    admitted.push(name);
    return release;
  });
}

describe('KeyedGate', () => {
  it('admits batches that share no key at the same time', async () => {
    // given
    const gate = new KeyedGate();
    const admitted: string[] = [];
    // when
    void entering(gate, 'a', ['pathway-1', 'pathway-2'], admitted);
    void entering(gate, 'b', ['pathway-3'], admitted);
    await settle();
    // then
    expect(admitted).toEqual(['a', 'b']);
  });

  it('holds a batch back while a running batch has one of its keys, and admits it on release', async () => {
    // given
    const gate = new KeyedGate();
    const admitted: string[] = [];
    const releaseA = await entering(gate, 'a', ['pathway-1', 'pathway-2'], admitted);
    // when
    void entering(gate, 'b', ['pathway-2'], admitted);
    await settle();
    const beforeRelease = [...admitted];
    releaseA();
    await settle();
    // then
    expect(beforeRelease).toEqual(['a']);
    expect(admitted).toEqual(['a', 'b']);
  });

  it('admits waiting batches with a common key in arrival order while a disjoint later batch passes them', async () => {
    // given
    const gate = new KeyedGate();
    const admitted: string[] = [];
    const releaseA = await entering(gate, 'a', ['pathway-1'], admitted);
    const b = entering(gate, 'b', ['pathway-1', 'pathway-2'], admitted);
    const c = entering(gate, 'c', ['pathway-2'], admitted);
    void entering(gate, 'd', ['pathway-9'], admitted);
    await settle();
    // when
    releaseA();
    await settle();
    const afterA = [...admitted];
    (await b)();
    await settle();
    // then
    expect(afterA).toEqual(['a', 'd', 'b']);
    expect(admitted).toEqual(['a', 'd', 'b', 'c']);
    (await c)();
  });

  it('admits a batch without keys at once, even while every keyed batch waits', async () => {
    // given
    const gate = new KeyedGate();
    const admitted: string[] = [];
    await entering(gate, 'a', ['pathway-1'], admitted);
    void entering(gate, 'b', ['pathway-1'], admitted);
    // when
    void entering(gate, 'unkeyed', [], admitted);
    await settle();
    // then
    expect(admitted).toEqual(['a', 'unkeyed']);
  });

  it('releases keys once, however often the release is called', async () => {
    // given
    const gate = new KeyedGate();
    const admitted: string[] = [];
    const releaseA = await entering(gate, 'a', ['pathway-1'], admitted);
    releaseA();
    const releaseB = await entering(gate, 'b', ['pathway-1'], admitted);
    // when
    releaseA();
    void entering(gate, 'c', ['pathway-1'], admitted);
    await settle();
    const whileBRuns = [...admitted];
    releaseB();
    await settle();
    // then
    expect(whileBRuns).toEqual(['a', 'b']);
    expect(admitted).toEqual(['a', 'b', 'c']);
  });
});
