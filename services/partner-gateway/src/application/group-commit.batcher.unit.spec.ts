import { GroupCommit } from './group-commit.batcher';

describe('group commit', () => {
  it('writes what arrives during a write together in the next write, and resolves each caller after its write', async () => {
    // given a writer whose first write is held open
    const writes: number[][] = [];
    let release: () => void = () => undefined;
    const group = new GroupCommit<number>(async (items) => {
      writes.push([...items]);
      if (writes.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    // when one caller submits, and three more while its write is in progress
    const first = group.submit([1]);
    const later = [group.submit([2, 3]), group.submit([4]), group.submit([5])];
    release();
    await Promise.all([first, ...later]);
    // then there were two writes: the first alone, the others gathered
    expect(writes).toEqual([[1], [2, 3, 4, 5]]);
    // and a submit after everything settled is written on its own
    await group.submit([6]);
    expect(writes).toEqual([[1], [2, 3, 4, 5], [6]]);
  });

  it('rejects every caller of a failed write, and writes later submissions again', async () => {
    // given a writer that fails once
    let calls = 0;
    const group = new GroupCommit<string>(async () => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
    });
    // when a submission fails
    await expect(group.submit(['a'])).rejects.toThrow('connection lost');
    // then the next one is written
    await expect(group.submit(['b'])).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
