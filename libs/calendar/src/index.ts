export * from './local-date';
export * from './easter.computus';
export * from './atw-holidays.rule';
export * from './equated-days';
export * from './working-day.calendar';
export * from './wgs-deadline.policy';
