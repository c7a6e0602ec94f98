// Jest entry point (globalSetup). The hook must load before any @ketenpad/* import.
import './workspace-sources.hook';
import { setupTestInfrastructure } from './test-infrastructure.lifecycle';

export default function useDevBroker(): Promise<void> {
  return setupTestInfrastructure();
}
