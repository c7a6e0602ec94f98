/**
 * A fictitious BSN that passes the elfproef, derived from a run nonce and the
 * pathway's index: each demo run gets fresh residents (so a second run does
 * not collide with the open help requests of the first), yet one run's
 * residents are distinct from each other.
 */
export function demoBsn(runNonce: number, index: number): string {
  for (let attempt = 0; ; attempt++) {
    // 8 digits; a leading 9 keeps clear of the low range the tests and README use.
    const base = 90_000_000 + ((runNonce * 7919 + index * 104_729 + attempt * 15_485_863) % 10_000_000);
    const digits = String(base).split('').map(Number);
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += (9 - i) * digits[i]!;
    const check = sum % 11;
    if (check <= 9) return `${base}${check}`;
  }
}
