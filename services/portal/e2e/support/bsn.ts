/** A random valid test BSN (elfproef: 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11), so tests never collide. */
export function freshBsn(): string {
  for (;;) {
    const digits = Array.from({ length: 8 }, (_, i) =>
      i === 0 ? 1 + Math.floor(Math.random() * 8) : Math.floor(Math.random() * 10),
    );
    const sum = digits.reduce((acc, d, i) => acc + d * (9 - i), 0);
    const last = sum % 11;
    if (last <= 9) return [...digits, last].join('');
  }
}
