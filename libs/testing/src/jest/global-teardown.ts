// Jest entry point (globalTeardown).
import './workspace-sources.hook';
import { teardownTestInfrastructure } from './test-infrastructure.lifecycle';

export default function stopDevBroker(): Promise<void> {
  return teardownTestInfrastructure();
}
