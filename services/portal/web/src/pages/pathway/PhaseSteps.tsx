import { PHASES } from '../../domain/pathway';
import { useT } from '../../i18n/i18n';

/** The DDAS phases in order, the current one marked (aria-current="step"), the passed ones ticked. */
export function PhaseSteps({ phase, closed }: { phase: string; closed: boolean }) {
  const { t } = useT();
  const current = PHASES.indexOf(phase as (typeof PHASES)[number]);
  return (
    <ol className="kp-steps" aria-label={t('pathway.phases')}>
      {PHASES.map((p, i) => {
        const state = i < current ? 'done' : i === current ? 'current' : 'todo';
        return (
          <li
            key={p}
            className={`kp-steps__step kp-steps__step--${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            <span className="kp-steps__marker" aria-hidden="true">
              {state === 'done' || (state === 'current' && closed) ? '✓' : i + 1}
            </span>
            <span className="kp-steps__label">
              {t(`phase.${p}`)}
              {state !== 'current' && <span className="kp-visually-hidden"> ({t(`pathway.step.${state}`)})</span>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
