import { StatusBadge } from '@utrecht/component-library-react';
import { memo } from 'react';
import { useT, type AnyMessageKey } from '../i18n/i18n';

/** Signals that need action today; the others ask for attention. */
const URGENT: ReadonlySet<string> = new Set(['first-conversation-overdue', 'pillar-to-post']);

/** The timeline's signals of a pathway as status badges with words (never colour alone), each kind once. */
export const Flags = memo(function Flags({ flags }: { flags: readonly { kind: string }[] }) {
  const { t, tOr } = useT();
  const kinds = [...new Set(flags.map((f) => f.kind))];
  if (kinds.length === 0) return <span>{t('common.none')}</span>;
  return (
    <ul className="kp-badges">
      {kinds.map((kind) => {
        const status = URGENT.has(kind) ? 'danger' : 'warning';
        return (
          <li key={kind}>
            <StatusBadge status={status}>{tOr(`flag.${kind}` as AnyMessageKey, kind)}</StatusBadge>
          </li>
        );
      })}
    </ul>
  );
});
